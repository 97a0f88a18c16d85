// Compare in the desktop window may name any libcrypto: loading one runs its code, so the person
// confirms each library (and the node it runs under) once per run of the app, in a native dialog
// the page cannot draw or click.
import type { BrowserWindow, Dialog } from 'electron';
import type { AllowedLibrary } from '../../shared/contract';

export function libraryConsent(dialog: Pick<Dialog, 'showMessageBox'>, parent: () => BrowserWindow | null): (library: AllowedLibrary) => Promise<boolean> {
  const confirmed = new Set<string>();
  return async (library) => {
    const key = JSON.stringify([library.libcrypto, library.engineNode]);
    if (confirmed.has(key)) return true;
    const options = {
      type: 'warning' as const,
      title: 'Load another libcrypto?',
      message: `The window asks to compare against ${library.libcrypto}`,
      detail: `Loading a library runs its code in a new engine process${library.engineNode ? ` under ${library.engineNode}` : ''}. Load it only if you trust the file.`,
      buttons: ['Load it', 'Cancel'],
      defaultId: 1,
      cancelId: 1,
      noLink: true,
    };
    const window = parent();
    const { response } = await (window ? dialog.showMessageBox(window, options) : dialog.showMessageBox(options));
    if (response !== 0) return false;
    confirmed.add(key);
    return true;
  };
}
