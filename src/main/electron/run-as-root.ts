// Electron as root: Chromium's process sandbox cannot run, so the window starts only when the
// person asks for it (npm start -- --allow-root), and then the main process knows and can say so.

/** The flag a person gives `npm start` to run the window as root, sandbox off. */
export const ALLOW_ROOT_FLAG = '--allow-root';
/** The Chromium switch launch adds for the main process to read (app.commandLine.hasSwitch). */
export const ROOT_SWITCH = 'workbench-as-root';

export type RootLaunch = { ok: true; switches: string[] } | { ok: false; message: string };

/** What launching Electron as user `uid` takes: switches to put before the app, or why not. */
export function rootLaunch(uid: number | undefined, allowRoot: boolean): RootLaunch {
  if (uid !== 0) return { ok: true, switches: [] };
  if (!allowRoot) {
    return {
      ok: false,
      message:
        "The window will not start as root: Chromium's process sandbox cannot run as root, so the page would run without it.\n" +
        `Start it as an ordinary user, or, accepting that the sandbox is off: npm start -- ${ALLOW_ROOT_FLAG}\n` +
        'The same window in a browser, with no Electron: npm run web\n',
    };
  }
  return { ok: true, switches: ['--no-sandbox', `--${ROOT_SWITCH}`] };
}

/** For the window's header: a line when running as root (sandbox off), else null. */
export function rootNotice(commandLine: { hasSwitch(name: string): boolean }): string | null {
  return commandLine.hasSwitch(ROOT_SWITCH) ? `Running as root (${ALLOW_ROOT_FLAG}): Chromium's process sandbox is off.` : null;
}
