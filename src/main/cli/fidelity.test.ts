// Fidelity to C: what the workbench records must be what plain C sees. Each scenario runs
// through the engine (the built CLI) and as the C program export-c writes, compiled against the
// same libcrypto; per step the return value, errno name, error-queue codes, applied options,
// socket state and address candidates must be equal.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Scenario } from '../../shared/steps';
import { dataText } from '../../shared/data-bytes';
import { builtCli, compareRuns, runC, runEngine, type FidelityOutput as Output, type Difference } from '../testing/c-fidelity';

const scenarios = resolve(process.cwd(), 'resources/scenarios');

let work: string;

beforeAll(() => {
  if (!existsSync(builtCli)) throw new Error(`${builtCli} is missing: build first (npm test runs electron-vite build, or run: npx electron-vite build)`);
  work = mkdtempSync(join(tmpdir(), 'bio-fidelity-'));
});

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

function load(file: string): Scenario {
  return JSON.parse(readFileSync(join(scenarios, file), 'utf8')) as Scenario;
}

async function compareScenario(name: string, scenario: Scenario): Promise<{ engine: Output; c: Output; diffs: Difference[] }> {
  const engine = await runEngine(work, scenario, `${name}-engine`);
  const c = await runC(work, scenario, `${name}-c`);
  const diffs = compareRuns(scenario, engine, c);
  if (process.env.FIDELITY_DEBUG) for (const d of diffs) console.log(`DIFF ${name} ${JSON.stringify(d)}`);
  return { engine, c, diffs };
}

type Sanity = (r: { engine: Output; c: Output }) => void;

/** Runs both, checks the C side did what the scenario is about, then that the two agree. */
async function agree(name: string, scenario: Scenario, sanity: Sanity): Promise<void> {
  const r = await compareScenario(name, scenario);
  // The C side is the truth; check it did what the scenario is about before comparing.
  sanity(r);
  expect(r.c.ok, `C expectations in ${name}: ${JSON.stringify(r.c.steps.filter((s) => s.expect && !s.expect.ok).map((s) => [s.index, s.expect!.mismatches]))}`).toBe(true);
  expect(r.diffs, `engine vs C in ${name}`).toEqual([]);
}

/** Every scenario in resources/scenarios, with what its C run must show. */
const SCENARIO_CASES: Record<string, Sanity> = {
  'refused-connect.json': ({ c }) => expect(c.steps[4].errorQueue.map((q) => q.hex)).toEqual(['8000006F', '10000067']),
  'nonblocking-connect.json': ({ c }) => expect([c.steps[3].errno?.name, c.steps[4].ret, c.steps[5].ret]).toEqual(['EINPROGRESS', 1, 0]),
  'nonblocking-accept-empty.json': ({ c }) => expect([c.steps[2].ret, c.steps[2].errno?.name, c.steps[2].errorQueue]).toEqual([-1, 'EAGAIN', []]),
  'v6only-dual-stack.json': ({ c }) => expect([c.steps[5].errno?.name, c.steps[7].ret, c.steps[8].result?.peer]).toEqual(['ECONNREFUSED', 1, expect.stringMatching(/^\[::ffff:127\.0\.0\.1\]:\d+$/)]),
  'reuseaddr-time-wait.json': ({ c }) => expect([c.steps[10].errno?.name, c.steps[12].ret]).toEqual(['EADDRINUSE', 1]),
  'bind-in-use.json': ({ c }) => expect(c.steps[3].errorQueue.map((q) => q.hex)[0]).toBe('80000062'),
  'flags-applied.json': ({ c }) => expect(c.steps[2].socket?.applied).toMatchObject({ SO_REUSEADDR: true, SO_KEEPALIVE: true, O_NONBLOCK: true, TCP_NODELAY: true }),
  'unix-stream.json': ({ c }) => expect([dataText(c.steps[6].data), c.steps[6].socket?.family, c.steps[6].socket?.state]).toEqual(['hello over AF_UNIX', 'AF_UNIX', null]),
  'udp-datagrams.json': ({ c }) => expect([dataText(c.steps[5].data), c.steps[7].ret]).toEqual(['ping', 0]),
  'tcp-exchange.json': ({ c }) => expect([dataText(c.steps[8].data), c.steps[10].ret, c.steps[10].socket?.state]).toEqual(['world\n', 0, 'CLOSE_WAIT']),
  'failed-socket.json': ({ c }) => expect([c.steps[0].ret, c.steps[0].errorQueue[0]?.hex, c.steps[1].refused !== null, c.steps[3].refused !== null]).toEqual([-1, '8000005D', true, true]),
  'resolvers-and-deprecated.json': ({ c }) => expect([c.steps[2].result?.port, c.steps[8].ret! >= 0, c.steps[8].deprecated]).toEqual([443, true, true]),
  'cancel-blocking-connect.json': ({ c }) => expect([c.steps[6].ret, c.steps[6].errno?.name, c.steps[6].errorQueue[0]?.hex, c.steps[7].ret]).toEqual([0, 'ECONNRESET', '80000068', 0]),
  'background-accept.json': ({ c }) => expect([c.steps[5].ret! >= 0, dataText(c.steps[7].data)]).toEqual([true, '!']),
  'nagle-delayed-ack.json': ({ c }) => expect([c.steps[3].socket?.applied.TCP_NODELAY, c.steps[29].socket?.applied.TCP_NODELAY, dataText(c.steps[49].data)]).toEqual([false, true, 'body']),
  // The bit means something from OpenSSL 3.2 on; before, the listener gets no TCP_FASTOPEN.
  'tfo-listen.json': ({ c }) => expect([c.steps[1].ret, (c.steps[1].socket?.applied.TCP_FASTOPEN as number) > 0]).toEqual([1, c.libcrypto.supports.TFO]),
};

describe('the engine and the exported C program agree, scenario by scenario', () => {
  it('has a case for every scenario in resources/scenarios', () => {
    expect(readdirSync(scenarios).filter((f) => f.endsWith('.json')).sort()).toEqual(Object.keys(SCENARIO_CASES).sort());
  });
  for (const [file, sanity] of Object.entries(SCENARIO_CASES)) {
    it(file, () => agree(file.replace(/\.json$/, ''), load(file), sanity));
  }
});

describe('the engine and the exported C program agree where a new user finds the edges', () => {
  it('a write to a peer that reset the connection: -1 ECONNRESET, then -1 EPIPE (the program ignores SIGPIPE, as node does)', () =>
    agree(
      'write-after-reset',
      {
        title: 'Writing to a peer that reset the connection',
        steps: [
          { call: 'BIO_socket', as: 'l', domain: 'AF_INET', socktype: 'SOCK_STREAM' },
          { call: 'BIO_listen', sock: 'l', addr: '127.0.0.1:0', expect: { ret: 1 } },
          { call: 'BIO_socket', as: 'c', domain: 'AF_INET', socktype: 'SOCK_STREAM' },
          { call: 'BIO_connect', sock: 'c', addr: '127.0.0.1:{l.port}', expect: { ret: 1 } },
          { call: 'BIO_accept_ex', sock: 'l', as: 's', timeoutMs: 5000, expect: { ret: 'fd' } },
          { call: 'BIO_write', sock: 'c', data: 'never read', expect: { ret: 10 } },
          { call: 'wait', sock: 's', for: 'readable', timeoutMs: 5000, expect: { ret: 1 } },
          // Closing with unread data sends a reset instead of a FIN.
          { call: 'BIO_closesocket', sock: 's', expect: { ret: 1 } },
          { call: 'wait', sock: 'c', for: 'readable', timeoutMs: 5000, expect: { ret: 1 } },
          { call: 'BIO_write', sock: 'c', data: 'first', expect: { ret: -1, errno: 'ECONNRESET' } },
          { call: 'BIO_write', sock: 'c', data: 'second', expect: { ret: -1, errno: 'EPIPE' } },
          { call: 'BIO_closesocket', sock: 'c' },
          { call: 'BIO_closesocket', sock: 'l' },
        ],
      },
      ({ c }) => expect(c.steps.slice(9, 11).map((s) => [s.ret, s.errno?.name])).toEqual([[-1, 'ECONNRESET'], [-1, 'EPIPE']]),
    ));

  // {tmp} grows the path past the 107 bytes sun_path holds: BIO_lookup_ex still answers with
  // an entry of family AF_UNIX, but its BIO_ADDR stayed AF_UNSPEC (BIO_ADDR_rawmake refused it).
  const longPath = `unix:{tmp}/${'p'.repeat(100)}`;
  it('a unix path longer than sun_path: candidates are labelled and chosen by their address\'s own family (AF_UNSPEC)', () =>
    agree(
      'long-unix-path',
      {
        title: 'A unix path longer than sun_path holds',
        steps: [
          { call: 'BIO_socket', as: 'u', domain: 'AF_UNIX', socktype: 'SOCK_STREAM' },
          { call: 'BIO_lookup_ex', addr: longPath, expect: { ret: 1 } },
          { call: 'BIO_bind', sock: 'u', addr: longPath, expect: { refused: true } },
          { call: 'BIO_connect', sock: 'u', addr: longPath, expect: { refused: true } },
          { call: 'BIO_bind', sock: 'u', addr: longPath, addrIndex: 0, expect: { ret: 0, errno: 'EINVAL' } },
          { call: 'BIO_connect', sock: 'u', addr: longPath, addrIndex: 0, expect: { ret: 0, errno: 'EINVAL' } },
          { call: 'BIO_closesocket', sock: 'u' },
        ],
      },
      ({ c }) => {
        expect(c.steps.slice(1, 6).map((s) => s.addresses)).toEqual([false, false, false, true, true].map((used) => [{ family: 'AF_UNSPEC', address: 'AF_UNSPEC:?', used }]));
        expect(c.steps[2].refused).toContain('resolves only to AF_UNSPEC, and the socket is AF_UNIX');
      },
    ));
});
