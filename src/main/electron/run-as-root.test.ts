import { describe, expect, it } from 'vitest';
import { ALLOW_ROOT_FLAG, ROOT_SWITCH, rootLaunch, rootNotice } from './run-as-root';

/** A command line as Electron's main process sees it: the switches launch put before the app path. */
const commandLine = (...switches: string[]) => ({ hasSwitch: (name: string) => switches.includes(`--${name}`) });

describe('starting Electron as root', () => {
  it('is refused without --allow-root, saying what to do instead', () => {
    const r = rootLaunch(0, false);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.message).toContain(`npm start -- ${ALLOW_ROOT_FLAG}`);
    expect(r.message).toMatch(/sandbox/);
    expect(r.message).toMatch(/ordinary user/);
    expect(r.message).toContain('npm run web');
  });

  it('with --allow-root, turns the sandbox off and tells the main process so', () => {
    expect(rootLaunch(0, true)).toEqual({ ok: true, switches: ['--no-sandbox', `--${ROOT_SWITCH}`] });
  });

  it('is not touched for an ordinary user, with or without the flag', () => {
    expect(rootLaunch(1000, false)).toEqual({ ok: true, switches: [] });
    expect(rootLaunch(1000, true)).toEqual({ ok: true, switches: [] });
    expect(rootLaunch(undefined, false)).toEqual({ ok: true, switches: [] });
  });
});

describe('rootNotice', () => {
  it('says the sandbox is off when launch passed the root switch', () => {
    const notice = rootNotice(commandLine('--no-sandbox', `--${ROOT_SWITCH}`));
    expect(notice).toMatch(/as root/);
    expect(notice).toMatch(/sandbox is off/);
  });

  it('is null otherwise, even with --no-sandbox alone', () => {
    expect(rootNotice(commandLine())).toBeNull();
    expect(rootNotice(commandLine('--no-sandbox'))).toBeNull();
  });
});
