// Electron main process entry (out/main/index.js, package.json "main").
import { runElectronApp } from './electron/app';

runElectronApp().catch((e: Error) => {
  process.stderr.write(`the workbench window could not start: ${e.stack ?? e.message}\n`);
  process.exit(1);
});
