// Whether an Electron binary is really there: read
// node_modules/electron/path.txt and check the file it names (require('electron') would try to
// download it and throw).
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export type ElectronBinary = { found: true; path: string } | { found: false; reason: string };

export function findElectronBinary(appRoot: string): ElectronBinary {
  const pkg = join(appRoot, 'node_modules', 'electron');
  const pathTxt = join(pkg, 'path.txt');
  if (!existsSync(pathTxt)) return { found: false, reason: existsSync(pkg) ? 'node_modules/electron/path.txt is missing (the binary was never downloaded)' : 'the electron package is not installed' };
  const relative = readFileSync(pathTxt, 'utf8').trim();
  const binary = join(pkg, 'dist', relative);
  try {
    accessSync(binary, constants.X_OK);
  } catch {
    return { found: false, reason: `node_modules/electron/path.txt names dist/${relative}, which is missing or not executable` };
  }
  return { found: true, path: binary };
}
