// Connect and accept BIO scenarios run through the engine (the built CLI) and as the C program
// export-c writes: step by step the same returns, errno, error-queue codes and socket views.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkScenario, checkScenarioText } from '../../shared/scenario-check';
import { choiceHeld } from '../../shared/lesson-prediction';
import type { Scenario } from '../../shared/steps';
import { compareRuns, runC, runEngine } from '../testing/c-fidelity';

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'bio-fidelity-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

function scenario(json: unknown): Scenario {
  const r = checkScenario(json);
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.scenario;
}

const CASES: Record<string, unknown> = {
  'accept BIO, two BIO_do_accept calls, a blocking connect BIO': {
    steps: [
      { call: 'BIO_new_accept', as: 'ab', addr: '127.0.0.1:0', expect: { ret: 1 } },
      { call: 'BIO_set_bind_mode', bio: 'ab', mode: 'BIO_BIND_REUSEADDR', expect: { ret: 1 } },
      { call: 'BIO_do_accept', bio: 'ab', expect: { ret: 1, state: 'LISTEN', applied: { SO_REUSEADDR: true } } },
      { call: 'BIO_new_connect', as: 'cb', addr: '127.0.0.1:{ab.port}', expect: { ret: 1 } },
      { call: 'BIO_do_connect', bio: 'cb', expect: { ret: 1, state: 'ESTABLISHED' } },
      { call: 'BIO_get_fd', bio: 'cb', expect: { ret: 'fd' } },
      { call: 'BIO_do_accept', bio: 'ab', timeoutMs: 5000, expect: { ret: 1 } },
      { call: 'BIO_pop', bio: 'ab', as: 'conn', expect: { ret: 1, state: 'ESTABLISHED' } },
      { call: 'BIO_pop', bio: 'ab', as: 'none', expect: { ret: 0 } },
      { call: 'BIO_write', sock: 'cb', data: 'ping', expect: { ret: 4 } },
      { call: 'BIO_read', sock: 'conn', max: 16, timeoutMs: 5000, expect: { data: 'ping' } },
      { call: 'BIO_free', bio: 'conn', expect: { ret: 1 } },
      { call: 'BIO_read', sock: 'cb', max: 16, timeoutMs: 5000, expect: { ret: 0 } },
      { call: 'BIO_free', bio: 'cb', expect: { ret: 1 } },
      { call: 'BIO_free', bio: 'ab', expect: { ret: 1 } },
      { call: 'BIO_get_fd', bio: 'ab', expect: { refused: true } },
    ],
  },
  'a nonblocking connect BIO step by step, and a nonblocking accept BIO with nothing to accept': {
    steps: [
      { call: 'BIO_new_accept', as: 'ab', addr: '127.0.0.1:0' },
      { call: 'BIO_set_nbio_accept', bio: 'ab', on: true, expect: { ret: 1 } },
      { call: 'BIO_do_accept', bio: 'ab', expect: { ret: 1, applied: { O_NONBLOCK: true } } },
      { call: 'BIO_do_accept', bio: 'ab', expect: { ret: -1 } },
      { call: 'BIO_new_connect', as: 'cb', addr: 'localhost:{ab.port}' },
      { call: 'BIO_set_conn_hostname', bio: 'cb', name: '127.0.0.1', expect: { ret: 1 } },
      { call: 'BIO_set_conn_ip_family', bio: 'cb', family: 'BIO_FAMILY_IPV4', expect: { ret: 1 } },
      { call: 'BIO_set_conn_mode', bio: 'cb', options: ['BIO_SOCK_NODELAY'], expect: { ret: 1 } },
      { call: 'BIO_set_nbio', bio: 'cb', on: true, expect: { ret: 1 } },
      { call: 'BIO_do_connect', bio: 'cb', expect: { ret: 0, errno: 'EINPROGRESS' } },
      { call: 'wait', sock: 'cb', for: 'writable', timeoutMs: 5000, expect: { ret: 1 } },
      { call: 'BIO_do_connect', bio: 'cb', expect: { ret: 1, state: 'ESTABLISHED', applied: { O_NONBLOCK: true, TCP_NODELAY: true } } },
      { call: 'BIO_do_accept', bio: 'ab', expect: { ret: 1 } },
    ],
  },
  'BIO_do_connect_retry: a nonblocking connect BIO to a listener, and one to a closed port retried until its timeout': {
    steps: [
      { call: 'BIO_new_accept', as: 'ab', addr: '127.0.0.1:0' },
      { call: 'BIO_do_accept', bio: 'ab', expect: { ret: 1 } },
      { call: 'BIO_new_connect', as: 'cb', addr: '127.0.0.1:{ab.port}' },
      { call: 'BIO_set_nbio', bio: 'cb', on: true },
      { call: 'BIO_do_connect_retry', bio: 'cb', timeout: 5, napMs: 10, expect: { ret: 1, state: 'ESTABLISHED' } },
      { call: 'BIO_new_connect', as: 'cr', addr: '127.0.0.1:1' },
      // Seen: a refused connect is retried until the timeout; then 0 and "connect timeout". Whether
      // the last attempt's socket is still open depends on where the second ticks over (BIO_reset
      // closes it between attempts), so this step's socket is not compared.
      { call: 'BIO_do_connect_retry', bio: 'cr', timeout: 1, expect: { ret: 0, errorQueue: ['connect timeout'] } },
    ],
  },
};

/** Steps whose socket view is timing-dependent in C and the engine alike (see the step's comment). */
const RACY_SOCKET_STEPS: Record<string, number[]> = {
  'BIO_do_connect_retry: a nonblocking connect BIO to a listener, and one to a closed port retried until its timeout': [6],
};

describe('connect and accept BIOs: the engine and the exported C program agree', () => {
  for (const [name, json] of Object.entries(CASES)) {
    it(name, async () => {
      const s = scenario(json);
      const slug = name.replace(/[^a-z]+/gi, '-').slice(0, 40);
      const [engine, c] = await Promise.all([runEngine(work, s, `${slug}-engine`), runC(work, s, `${slug}-c`)]);
      expect(c.steps.filter((r) => r.expect && !r.expect.ok).map((r) => [r.index, r.expect!.mismatches]), 'C expectations').toEqual([]);
      expect(engine.steps.filter((r) => r.expect && !r.expect.ok).map((r) => [r.index, r.expect!.mismatches]), 'engine expectations').toEqual([]);
      const racy = RACY_SOCKET_STEPS[name] ?? [];
      expect(compareRuns(s, engine, c).filter((d) => !(racy.includes(d.step) && d.field.startsWith('socket')))).toEqual([]);
    }, 120_000);
  }
});

describe('the connect/accept BIO and TLS lessons: the engine and C agree, and each prediction has exactly one true choice', () => {
  for (const file of ['connect-bio.json', 'accept-bio.json', 'tls-verify.json', 'tls-versions.json']) {
    it(file, async () => {
      const checked = checkScenarioText(readFileSync(join(process.cwd(), 'resources/lessons', file), 'utf8'));
      if (!checked.ok) throw new Error(JSON.stringify(checked.error));
      const s = checked.scenario;
      const [engine, c] = await Promise.all([runEngine(work, s, `${file}-engine`), runC(work, s, `${file}-c`)]);
      expect(c.ok && engine.ok, JSON.stringify([c, engine].map((o) => o.steps.filter((r) => r.expect && !r.expect.ok).map((r) => [r.index, r.expect!.mismatches])))).toBe(true);
      expect(compareRuns(s, engine, c)).toEqual([]);
      const truths = s.steps.flatMap((st, i) => (st.prediction ? [st.prediction.choices.filter((ch) => choiceHeld(ch, c.steps[i])).length] : []));
      expect(truths.every((n) => n === 1)).toBe(true);
    }, 120_000);
  }
});
