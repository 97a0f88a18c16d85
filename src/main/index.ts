// Electron main process entry (out/main/index.js, package.json "main").
import { dialog } from 'electron';
import { runElectronApp } from './electron/app';

runElectronApp().catch((e: Error) => {
  process.stderr.write(`the workbench window could not start: ${e.stack ?? e.message}\n`);
  // Started from a desktop menu, nobody reads stderr: a refused data directory must still be seen.
  dialog.showErrorBox('The workbench could not start', e.message);
  process.exit(1);
});
