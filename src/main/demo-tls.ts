// Where the demonstration certificate pair lives (resources/tls), found upwards from this module
// (export-c's copy: the engine has its own, as engine and hosts import nothing of each other):
// src/main and its subfolders in a checkout, out/main when built.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_FILE } from '../shared/tls-facts';

function demoTlsDir(): string | null {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++, dir = dirname(dir)) {
    if (existsSync(join(dir, 'resources', 'tls', 'demo-cert.pem'))) return join(dir, 'resources', 'tls');
  }
  return null;
}

/** A step's file: "demo" is the shipped pair's `demoName`, anything else a path as given. */
export function pemPath(file: string, demoName: 'demo-cert.pem' | 'demo-key.pem'): string {
  if (file !== DEMO_FILE) return file;
  const dir = demoTlsDir();
  if (!dir) throw new Error('the demonstration certificate (resources/tls) is not beside this build');
  return join(dir, demoName);
}
