// OpenSSL 3.5 beside the system's 3.0, for tests that need a libcrypto knowing BIO_SOCK_TFO:
// scripts/openssl35-userland.sh prepares a private Debian 13 userland and prints where its
// libcrypto and a node that can load it are. Where it cannot (no mirror, no patchelf), the
// tests that need it skip and say why.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

export interface Userland35 {
  libcrypto: string;
  node: string;
}

const script = resolve(import.meta.dirname, '../../../scripts/openssl35-userland.sh');

/** LIBCRYPTO35 and NODE35 from the script, or why they are unavailable. */
export function userland35(): Userland35 | { why: string } {
  // The first run downloads Debian 13 packages; later runs reuse its cache.
  const r = spawnSync('bash', [script], { encoding: 'utf8', timeout: 15 * 60_000 });
  if (r.status !== 0) return { why: `scripts/openssl35-userland.sh failed (status ${r.status}): ${(r.stderr || r.error?.message || '').trim().slice(-500)}` };
  const libcrypto = r.stdout.match(/^LIBCRYPTO35=(.+)$/m)?.[1];
  const node = r.stdout.match(/^NODE35=(.+)$/m)?.[1];
  if (!libcrypto || !node) return { why: `scripts/openssl35-userland.sh printed no LIBCRYPTO35/NODE35: ${r.stdout}` };
  return { libcrypto, node };
}

/** The system's libcrypto, by the name the dynamic loader finds it under. */
export const SYSTEM_LIBCRYPTO = 'libcrypto.so.3';
