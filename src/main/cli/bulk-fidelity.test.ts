// BIO_write and BIO_read loops (bytes, until, file) run through the engine (the built CLI) and as
// the C program export-c writes: the same bytes, SHA-256, first and last 64 bytes, end of file,
// the last call's sign, errno and queue, step by step. A loop in the background runs on a thread
// of its own in C, as on the engine's pool.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkScenario } from '../../shared/scenario-check';
import type { Scenario } from '../../shared/steps';
import { compareRuns, runC, runEngine } from '../testing/c-fidelity';

let work: string;
let file: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'bulk-fidelity-'));
  file = join(work, 'payload.bin');
  writeFileSync(file, Buffer.from(Array.from({ length: 100_000 }, (_, i) => (i * 7) & 0xff)));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

function scenario(json: unknown): Scenario {
  const r = checkScenario(json);
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.scenario;
}

/** SHA-256 of 3,000,000 bytes of the alphabet repeated. */
const SHA = createHash('sha256').update(Buffer.from('abcdefghijklmnopqrstuvwxyz'.repeat(Math.ceil(3_000_000 / 26)).slice(0, 3_000_000))).digest('hex');

const connected = [
  { call: 'BIO_socket', as: 'l', domain: 'AF_INET', socktype: 'SOCK_STREAM' },
  { call: 'BIO_listen', sock: 'l', addr: '127.0.0.1:0' },
  { call: 'BIO_socket', as: 'c', domain: 'AF_INET', socktype: 'SOCK_STREAM' },
  { call: 'BIO_connect', sock: 'c', addr: '127.0.0.1:{l.port}', expect: { ret: 1 } },
  { call: 'BIO_accept_ex', sock: 'l', as: 'a', timeoutMs: 5000 },
];

const CASES: Record<string, () => unknown> = {
  'a 3 MB write loop in the background, read as it comes by a read loop of the same count': () => ({
    steps: [
      ...connected,
      { call: 'BIO_write', sock: 'c', data: 'abcdefghijklmnopqrstuvwxyz', bytes: 3_000_000, chunk: 65_483, background: true },
      { call: 'BIO_read', sock: 'a', bytes: 3_000_000, chunk: 16_384, timeoutMs: 10_000, expect: { bytes: 3_000_000 } },
      { call: 'BIO_read', sock: 'a', bytes: 1, timeoutMs: 100, expect: { bytes: 1 } },
      { call: 'await', step: 5, expect: { bytes: 3_000_000, sha256: SHA } },
    ],
  }),
  'a file sent twice over (bytes larger than the file), then read until end of file after the writer closes': () => ({
    steps: [
      ...connected,
      { call: 'BIO_write', sock: 'c', file, bytes: 150_000, chunk: 4096, background: true },
      { call: 'BIO_read', sock: 'a', bytes: 150_000, timeoutMs: 10_000 },
      { call: 'await', step: 5 },
      { call: 'BIO_write', sock: 'c', file: join(work, 'missing.bin'), expect: { refused: true } },
      { call: 'BIO_write', sock: 'c', dataHex: '00ff', bytes: 1000 },
      { call: 'BIO_closesocket', sock: 'c' },
      { call: 'BIO_read', sock: 'a', until: 'eof', timeoutMs: 10_000, expect: { bytes: 1000 } },
    ],
  }),
  'a read loop with nothing to read times out, on a blocking socket (before its first call) and on a nonblocking one (after EAGAIN)': () => ({
    steps: [
      ...connected,
      { call: 'BIO_read', sock: 'a', bytes: 10, timeoutMs: 200 },
      { call: 'BIO_socket', as: 'n', domain: 'AF_INET', socktype: 'SOCK_STREAM' },
      { call: 'BIO_connect', sock: 'n', addr: '127.0.0.1:{l.port}', options: ['BIO_SOCK_NONBLOCK'] },
      { call: 'wait', sock: 'n', for: 'writable', timeoutMs: 5000 },
      { call: 'BIO_read', sock: 'n', until: 'eof', timeoutMs: 100 },
    ],
  }),
};

describe('BIO_write and BIO_read loops: the engine and the exported C program agree', () => {
  it.each(Object.keys(CASES))('%s', async (name) => {
    const s = scenario(CASES[name]());
    const slug = name.replace(/[^a-z0-9]+/gi, '-').slice(0, 40);
    const [engine, c] = [await runEngine(work, s, slug), await runC(work, s, slug)];
    expect(compareRuns(s, engine, c, [work])).toEqual([]);
    // Expectations hold both ways (the one that cannot, a read with nothing to read, fails both ways).
    expect(c.steps.map((r) => r.expect?.ok ?? null)).toEqual(engine.steps.map((r) => r.expect?.ok ?? null));
    const loops = engine.steps.filter((r) => r.bulk);
    expect(loops.length).toBeGreaterThan(0);
    // Not vacuous: the loops moved bytes, and C's summary is there to compare.
    expect(c.steps.filter((r) => r.bulk).map((r) => r.bulk!.sha256)).toEqual(loops.map((r) => r.bulk!.sha256));
  });
});
