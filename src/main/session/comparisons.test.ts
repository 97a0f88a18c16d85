// Compare through the session's contract, as a page asks it: two fresh engines (the host's
// libcrypto and OpenSSL 3.5), never the session's own engine, sockets or log; a library the
// host does not allow, a node it did not pair with it, and an invalid scenario are refused
// naming the field, before any engine starts.
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { RpcError } from '../../shared/rpc/error';
import type { Scenario } from '../../shared/steps';
import { defaultScenarioDir } from '../shipped-scenarios';
import { startEngine, type EngineClient, type EngineStartOptions } from '../engine-host';
import { userland35, type Userland35 } from '../testing/openssl35';
import { Comparisons, type CompareHost } from './comparisons';
import { Session } from './session';

/** A host's compare policy that counts the engines it starts. */
function countingHost(allowed: CompareHost['allowed']): CompareHost & { started: EngineStartOptions[] } {
  const started: EngineStartOptions[] = [];
  return {
    allowed,
    started,
    start: (o) => {
      started.push(o);
      return startEngine(o);
    },
  };
}

const refused = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e);

describe('Compare refuses before any engine starts', () => {
  const host = countingHost([{ libcrypto: '/opt/openssl-3.5/libcrypto.so.3', engineNode: '/opt/node35' }]);
  let session: Session;
  beforeAll(async () => {
    session = await Session.start({ startEngine: () => startEngine(), inMemoryLog: true, compare: host });
  });
  afterAll(async () => {
    await session?.close();
  });

  it('a library not in the allow list, naming the field and what the host allows', async () => {
    const err = await refused(session.request('compare', { libcrypto: '/home/someone/evil/libcrypto.so.3', shipped: 'tfo-listen' }));
    expect(err).toBeInstanceOf(RpcError);
    expect(err).toMatchObject({ code: 'invalid-request', field: 'libcrypto', message: expect.stringContaining('/opt/openssl-3.5/libcrypto.so.3') });
    expect(host.started).toEqual([]);
  });

  it('a relative path, at the schema', async () => {
    expect(await refused(session.request('compare', { libcrypto: 'libcrypto.so.3', shipped: 'tfo-listen' }))).toMatchObject({ field: 'libcrypto', message: expect.stringMatching(/absolute path/) });
  });

  it('another node than the one the host paired with the library', async () => {
    const err = await refused(session.request('compare', { libcrypto: '/opt/openssl-3.5/libcrypto.so.3', engineNode: '/usr/bin/python3', shipped: 'tfo-listen' }));
    expect(err).toMatchObject({ field: 'engineNode', message: expect.stringContaining('/opt/node35') });
  });

  it('a scenario whose step names no socket, at the step and field', async () => {
    const scenario = { steps: [{ call: 'BIO_socket', as: 'l', domain: 'AF_INET', socktype: 'SOCK_STREAM' }, { call: 'BIO_listen', sock: 'nobody', addr: '127.0.0.1:0' }] } as Scenario;
    const err = await refused(session.request('compare', { libcrypto: '/opt/openssl-3.5/libcrypto.so.3', scenario }));
    expect(err).toMatchObject({ field: 'scenario.steps[1].sock', message: expect.stringMatching(/no earlier step names a socket "nobody"/) });
  });

  it('both a shipped scenario and a scenario, or neither', async () => {
    expect(await refused(session.request('compare', { libcrypto: '/opt/openssl-3.5/libcrypto.so.3' }))).toMatchObject({ field: 'shipped', message: 'shipped: missing; expected a scenario id from "scenarios", or a scenario in its place' });
    const scenario: Scenario = { steps: [{ call: 'BIO_get_port', service: 'http' }] };
    expect(await refused(session.request('compare', { libcrypto: '/opt/openssl-3.5/libcrypto.so.3', shipped: 'tfo-listen', scenario }))).toMatchObject({ field: 'shipped', message: expect.stringMatching(/exactly one of shipped/) });
    expect(await refused(session.request('compare', { libcrypto: '/opt/openssl-3.5/libcrypto.so.3', shipped: 'no-such-scenario' }))).toMatchObject({ field: 'shipped', message: expect.stringMatching(/no shipped scenario/) });
    expect(host.started).toEqual([]);
  });

  it('what a page may compare with: the host\'s own libcrypto and its list', async () => {
    const targets = await session.request('compareTargets', {});
    expect(targets.own?.version).toMatch(/^OpenSSL 3/);
    expect(targets.allowed).toEqual([{ libcrypto: '/opt/openssl-3.5/libcrypto.so.3', engineNode: '/opt/node35' }]);
  });
});

describe('Compare on the host\'s libcrypto and OpenSSL 3.5', () => {
  let u35: Userland35 | { why: string };
  let session: Session;
  let host: ReturnType<typeof countingHost>;
  beforeAll(async () => {
    u35 = userland35();
    if ('why' in u35) console.warn(`skipping the OpenSSL 3.5 comparisons: ${u35.why}`);
    host = countingHost('why' in u35 ? [] : [{ libcrypto: u35.libcrypto, engineNode: u35.node }]);
    session = await Session.start({ startEngine: () => startEngine(), inMemoryLog: true, compare: host });
  }, 20 * 60_000);
  afterAll(async () => {
    await session?.close();
  });

  it('a shipped scenario with TFO differs exactly at the applied TCP_FASTOPEN, and the session\'s engine, sockets and log are untouched', async (ctx) => {
    if ('why' in u35) return ctx.skip(`the OpenSSL 3.5 userland is unavailable: ${u35.why}`);
    await session.request('call', { step: { call: 'BIO_socket', as: 'mine', domain: 'AF_INET', socktype: 'SOCK_STREAM' } });
    const before = { pid: session.enginePid, log: session.log.total, sockets: await session.request('sockets', {}) };
    const result = await session.request('compare', { libcrypto: u35.libcrypto, shipped: 'tfo-listen' });
    expect(result.runs.map((r) => r.libcrypto?.version)).toEqual([expect.stringMatching(/^OpenSSL 3\.0/), expect.stringMatching(/^OpenSSL 3\.5/)]);
    expect(result.comparison.differing).toEqual([1]);
    expect(result.comparison.steps[1].differences).toEqual([{ field: 'applied.TCP_FASTOPEN', a: 0, b: expect.any(Number) }]);
    // B ran under the node the host paired with the library, A under the host's own options.
    expect(host.started).toEqual([{}, { libcrypto: u35.libcrypto, engineNode: u35.node }]);
    expect(session.enginePid).toBe(before.pid);
    expect(session.log.total).toBe(before.log);
    expect(await session.request('sockets', {})).toEqual(before.sockets);
  });

  it('a scenario the page sends, without TFO, agrees', async (ctx) => {
    if ('why' in u35) return ctx.skip(`the OpenSSL 3.5 userland is unavailable: ${u35.why}`);
    const scenario: Scenario = {
      title: 'a refused connect',
      steps: [
        { call: 'BIO_socket', as: 'c', domain: 'AF_INET', socktype: 'SOCK_STREAM' },
        { call: 'BIO_connect', sock: 'c', addr: '127.0.0.1:1', options: ['BIO_SOCK_KEEPALIVE'] },
      ],
    };
    const result = await session.request('compare', { libcrypto: u35.libcrypto, scenario });
    expect(result.comparison).toMatchObject({ agree: true, differing: [] });
    expect(result.runs[1].steps[1].errno?.name).toBe('ECONNREFUSED');
  });
});

describe('Compare on a host with no allow list', () => {
  it('asks the host to confirm the library and node first; a refusal starts no engine and leaves the next comparison free', async () => {
    const asked: unknown[] = [];
    const host = { ...countingHost(null), confirm: async (library: unknown) => (asked.push(library), false) };
    const comparisons = new Comparisons(host, defaultScenarioDir());
    const run = () => refused(comparisons.run({ libcrypto: '/usr/local/lib/libcrypto.so.3', engineNode: '/usr/local/bin/node', shipped: 'tfo-listen' }, new AbortController().signal));
    expect(await run()).toMatchObject({ code: 'invalid-request', field: 'libcrypto', message: expect.stringMatching(/declined to load "\/usr\/local\/lib\/libcrypto.so.3": nothing ran/) });
    expect(await run()).toMatchObject({ message: expect.stringMatching(/declined/) });
    expect(asked).toEqual([{ libcrypto: '/usr/local/lib/libcrypto.so.3', engineNode: '/usr/local/bin/node' }, { libcrypto: '/usr/local/lib/libcrypto.so.3', engineNode: '/usr/local/bin/node' }]);
    expect(host.started).toEqual([]);
  });
});

describe('Comparisons, bounded', () => {
  const waiting: Scenario = {
    steps: [
      { call: 'BIO_socket', as: 'l', domain: 'AF_INET', socktype: 'SOCK_STREAM' },
      { call: 'BIO_listen', sock: 'l', addr: '127.0.0.1:0' },
      { call: 'BIO_accept_ex', sock: 'l', as: 'a' },
    ],
  };

  it('an allow list of null (the desktop host) takes any path; a run past the deadline is stopped, engines and all; one at a time', async () => {
    const engines: EngineClient[] = [];
    const host: CompareHost = {
      allowed: null,
      start: async (o) => {
        const e = await startEngine(o);
        engines.push(e);
        return e;
      },
    };
    const comparisons = new Comparisons(host, defaultScenarioDir(), 1500);
    const own = await startEngine();
    const path = (await own.request('info', {})).libcrypto.resolvedPath!;
    await own.stop();
    const first = comparisons.run({ libcrypto: path, scenario: waiting }, new AbortController().signal).catch((e: unknown) => e);
    expect(await refused(comparisons.run({ libcrypto: path, shipped: 'tfo-listen' }, new AbortController().signal))).toMatchObject({ field: 'libcrypto', message: expect.stringMatching(/already running/) });
    expect(await first).toMatchObject({ code: 'cancelled', message: 'the comparison was stopped: it ran past 1.5 s' });
    await Promise.all(engines.map((e) => e.exit));
    expect(engines).toHaveLength(2);
    expect(engines.every((e) => !e.alive)).toBe(true);
    // No longer busy: the next one is taken (and, its page already gone, stopped before it starts).
    const gone = new AbortController();
    gone.abort();
    expect(await refused(comparisons.run({ libcrypto: path, shipped: 'tfo-listen' }, gone.signal))).toMatchObject({ code: 'cancelled', message: expect.stringMatching(/cancelled before it started/) });
  });
});
