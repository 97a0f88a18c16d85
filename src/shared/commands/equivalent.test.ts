// The exported commands run for real, exactly as printed (through bash): a listener's socat and
// ncat command takes a connection from the workbench and a connection's command reaches a
// workbench listener, data going both ways; openssl s_client's ClientHello reaches a workbench
// listener, and replayed by the workbench to the exported s_server, gets a ServerHello back.
// strace shows the options the notes promise: socat sets exactly the mapped ones, ncat sets
// SO_REUSEADDR unasked, s_client TCP_NODELAY.
import { createServer } from 'node:net';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startEngine, type EngineClient } from '../../main/engine-host';
import { killPeers, missingTool, spawnShell, type Peer } from '../../main/testing/peer-process';
import type { CallRecord } from '../record';
import { checkScenario } from '../scenario-check';
import type { Scenario, Step } from '../steps';
import { commandExportText, endpointText, scenarioCommands, socketCommands, type Tool } from './equivalent';

const noSocat = missingTool('socat');
const noNcat = missingTool('ncat');
const noOpenssl = missingTool('openssl');
const noStrace = missingTool('strace');
const noSs = missingTool('ss', 'iproute2');

let e: EngineClient;
let dir: string;
let seq = 0;
const call = (step: Step): Promise<CallRecord> => e.request('call', { step });
const nm = (base: string) => `${base}${++seq}`;

beforeAll(async () => {
  e = await startEngine();
  dir = mkdtempSync(join(tmpdir(), 'bio-commands-'));
});
afterEach(async () => {
  killPeers();
  if (e?.alive) await e.request('closeAll', {});
});
afterAll(async () => {
  await e?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function scenario(steps: unknown[]): Scenario {
  const checked = checkScenario({ title: 'exported', steps });
  if (!checked.ok) throw new Error(checked.error.message);
  return checked.scenario;
}

function commandOf(s: Scenario, tool: Tool, endpoint = 0): string {
  const command = scenarioCommands(s).endpoints[endpoint].commands.find((c) => c.tool === tool)?.command;
  if (!command) throw new Error(`no ${tool} command`);
  return command;
}

/** A port nobody listens on now (the kernel's pick, released at once). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

/** Waits until something listens on the port (ss, not a connect: the peer accepts only once), bounded. */
async function listening(port: number, peer: Peer): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const r = spawnSync('ss', ['-Hltn', `sport = :${port}`], { encoding: 'utf8' });
    if (r.stdout.trim()) return;
    if (peer.child.exitCode !== null) throw new Error(`the peer exited (${peer.child.exitCode}): ${peer.err()}`);
    await new Promise((r2) => setTimeout(r2, 25));
  }
  throw new Error(`nothing listens on ${port} after 5 s: ${peer.err()}`);
}

/** Reads until `want` has arrived (a peer may deliver it in pieces), bounded in count and time. */
async function readUntil(sock: string, done: (got: Buffer) => boolean): Promise<Buffer> {
  let got = Buffer.alloc(0);
  for (let i = 0; i < 20 && !done(got); i++) {
    const r = await call({ call: 'BIO_read', sock, max: 16_384, timeoutMs: 10_000 });
    if (r.ret === null || r.ret <= 0) break;
    got = Buffer.concat([got, Buffer.from(r.data!.hex, 'hex')]);
  }
  return got;
}

const text = (want: string) => (got: Buffer) => got.toString().includes(want);

/** The workbench connects to the exported listener command and trades a line each way with it. */
async function connectToListener(tool: 'socat' | 'ncat'): Promise<void> {
  const port = await freePort();
  const s = scenario([
    { call: 'BIO_socket', as: 'l', domain: 'AF_INET', socktype: 'SOCK_STREAM' },
    { call: 'BIO_listen', sock: 'l', addr: `127.0.0.1:${port}`, options: ['BIO_SOCK_REUSEADDR'] },
  ]);
  const peer = spawnShell(commandOf(s, tool));
  await listening(port, peer);
  const c = nm('c');
  await call({ call: 'BIO_socket', as: c, domain: 'AF_INET', socktype: 'SOCK_STREAM' });
  expect((await call({ call: 'BIO_connect', sock: c, addr: `127.0.0.1:${port}` })).ret).toBe(1);
  expect((await call({ call: 'BIO_write', sock: c, data: 'from the workbench\n' })).ret).toBe(19);
  await peer.waitFor(/from the workbench/);
  peer.child.stdin!.write(`from ${tool}\n`);
  expect((await readUntil(c, text(`from ${tool}\n`))).toString()).toBe(`from ${tool}\n`);
}

/** The exported connection command reaches a workbench listener and trades a line each way. */
async function listenForConnection(tool: 'socat' | 'ncat'): Promise<void> {
  const l = nm('l');
  await call({ call: 'BIO_socket', as: l, domain: 'AF_INET', socktype: 'SOCK_STREAM' });
  const listened = await call({ call: 'BIO_listen', sock: l, addr: '127.0.0.1:0' });
  const port = Number(/:(\d+)$/.exec(listened.socket!.local!)![1]);
  const s = scenario([
    { call: 'BIO_socket', as: 'c', domain: 'AF_INET', socktype: 'SOCK_STREAM' },
    { call: 'BIO_connect', sock: 'c', addr: `127.0.0.1:${port}`, options: ['BIO_SOCK_NODELAY'] },
  ]);
  const peer = spawnShell(commandOf(s, tool));
  const a = nm('a');
  const acc = await call({ call: 'BIO_accept_ex', sock: l, as: a, timeoutMs: 15_000 });
  expect(acc.ret).toBeGreaterThanOrEqual(0);
  peer.child.stdin!.write(`from ${tool}\n`);
  expect((await readUntil(a, text(`from ${tool}\n`))).toString()).toBe(`from ${tool}\n`);
  expect((await call({ call: 'BIO_write', sock: a, data: 'from the workbench\n' })).ret).toBe(19);
  await peer.waitFor(/from the workbench/);
}

describe('exported listener commands take the workbench\'s connection', () => {
  it.skipIf(noSocat || noSs)('socat', () => connectToListener('socat'));
  it.skipIf(noNcat || noSs)('ncat', () => connectToListener('ncat'));
});

describe('exported connection commands reach a workbench listener', () => {
  it.skipIf(noSocat)('socat', () => listenForConnection('socat'));
  it.skipIf(noNcat)('ncat', () => listenForConnection('ncat'));
});

describe('openssl s_client and s_server', () => {
  it.skipIf(noOpenssl || noSs)('s_client\'s ClientHello reaches a workbench listener; replayed to s_server, it gets a ServerHello back', async () => {
    const l = nm('l');
    await call({ call: 'BIO_socket', as: l, domain: 'AF_INET', socktype: 'SOCK_STREAM' });
    const port = Number(/:(\d+)$/.exec((await call({ call: 'BIO_listen', sock: l, addr: '127.0.0.1:0' })).socket!.local!)![1]);
    const client = scenario([
      { call: 'BIO_socket', as: 'c', domain: 'AF_INET', socktype: 'SOCK_STREAM' },
      { call: 'BIO_connect', sock: 'c', addr: `127.0.0.1:${port}`, options: ['BIO_SOCK_NODELAY'] },
    ]);
    const sClient = spawnShell(commandOf(client, 'openssl'));
    const a = nm('a');
    expect((await call({ call: 'BIO_accept_ex', sock: l, as: a, timeoutMs: 15_000 })).ret).toBeGreaterThanOrEqual(0);
    // A TLS record: type 0x16 (handshake), version, a 16-bit length; read until all of it is here.
    const hello = await readUntil(a, (got) => got.length >= 5 && got.length >= 5 + got.readUInt16BE(3));
    expect(hello[0]).toBe(0x16);
    expect(hello[5]).toBe(0x01); // handshake type 1: ClientHello
    // The workbench answers with a fatal handshake_failure alert; s_client says what it got.
    expect((await call({ call: 'BIO_write', sock: a, dataHex: '15030300020228' })).ret).toBe(7);
    await sClient.waitFor(/alert handshake failure/i);

    const serverPort = await freePort();
    const server = scenario([
      { call: 'BIO_socket', as: 'l', domain: 'AF_INET', socktype: 'SOCK_STREAM' },
      { call: 'BIO_listen', sock: 'l', addr: `127.0.0.1:${serverPort}` },
    ]);
    const notes = scenarioCommands(server).endpoints[0].commands.find((c) => c.tool === 'openssl')!.notes;
    // The certificate, made with the command the notes give.
    const certCommand = notes.find((n) => n.startsWith('s_server needs a certificate'))!.replace(/^[^:]*: /, '');
    const made = spawnSync('bash', ['-c', certCommand], { cwd: dir, encoding: 'utf8' });
    expect(made.status, made.stderr).toBe(0);
    const sServer = spawnShell(commandOf(server, 'openssl'), { cwd: dir });
    await listening(serverPort, sServer);
    const c = nm('c');
    await call({ call: 'BIO_socket', as: c, domain: 'AF_INET', socktype: 'SOCK_STREAM' });
    expect((await call({ call: 'BIO_connect', sock: c, addr: `127.0.0.1:${serverPort}` })).ret).toBe(1);
    expect((await call({ call: 'BIO_write', sock: c, dataHex: hello.toString('hex') })).ret).toBe(hello.length);
    const answer = await readUntil(c, (got) => got.length >= 6);
    expect(answer[0]).toBe(0x16);
    expect(answer[5]).toBe(0x02); // handshake type 2: ServerHello
  });
});

describe('what the exported commands set, as strace shows it', () => {
  let trace: string;
  beforeAll(() => {
    trace = join(dir, 'trace');
  });

  /** Runs the command under strace through `during`, then lets it end (its input closed, the workbench's sockets too) and returns the trace. */
  async function traced(command: string, during: (peer: Peer) => Promise<void>): Promise<string> {
    const peer = spawnShell(`strace -f -e trace=setsockopt,fcntl,ioctl -o ${trace} ${command}`, { cwd: dir });
    try {
      await during(peer);
    } finally {
      peer.child.stdin!.end();
      await e.request('closeAll', {});
      if ((await peer.exited(10_000)) === null) peer.child.kill('SIGKILL');
    }
    return readFileSync(trace, 'utf8');
  }

  /** The workbench connects to a listener on `port` once it listens. */
  const connectTo = (port: number) => async (peer: Peer) => {
    await listening(port, peer);
    const c = nm('c');
    await call({ call: 'BIO_socket', as: c, domain: 'AF_INET', socktype: 'SOCK_STREAM' });
    expect((await call({ call: 'BIO_connect', sock: c, addr: `127.0.0.1:${port}` })).ret).toBe(1);
  };

  const set = (level: string, opt: string) => new RegExp(`setsockopt\\(\\d+, ${level}, ${opt}, \\[1\\], 4\\)\\s+= 0`);

  it.skipIf(noStrace || noSocat)('socat sets exactly the mapped options: REUSEADDR and NODELAY on its listener, KEEPALIVE, NODELAY and O_NONBLOCK on its connection', async () => {
    const port = await freePort();
    const listener = scenario([
      { call: 'BIO_socket', as: 'l', domain: 'AF_INET', socktype: 'SOCK_STREAM' },
      { call: 'BIO_listen', sock: 'l', addr: `127.0.0.1:${port}`, options: ['BIO_SOCK_REUSEADDR', 'BIO_SOCK_NODELAY'] },
    ]);
    const lt = await traced(commandOf(listener, 'socat'), connectTo(port));
    expect(lt).toMatch(set('SOL_SOCKET', 'SO_REUSEADDR'));
    expect(lt).toMatch(set('SOL_TCP', 'TCP_NODELAY'));
    expect(lt).not.toMatch(set('SOL_SOCKET', 'SO_KEEPALIVE'));

    const l = nm('l');
    await call({ call: 'BIO_socket', as: l, domain: 'AF_INET', socktype: 'SOCK_STREAM' });
    const wbPort = Number(/:(\d+)$/.exec((await call({ call: 'BIO_listen', sock: l, addr: '127.0.0.1:0' })).socket!.local!)![1]);
    const client = scenario([
      { call: 'BIO_socket', as: 'c', domain: 'AF_INET', socktype: 'SOCK_STREAM' },
      { call: 'BIO_connect', sock: 'c', addr: `127.0.0.1:${wbPort}`, options: ['BIO_SOCK_KEEPALIVE', 'BIO_SOCK_NODELAY', 'BIO_SOCK_NONBLOCK'] },
    ]);
    const ct = await traced(commandOf(client, 'socat'), async () => {
      expect((await call({ call: 'BIO_accept_ex', sock: l, as: nm('a'), timeoutMs: 15_000 })).ret).toBeGreaterThanOrEqual(0);
    });
    expect(ct).toMatch(set('SOL_SOCKET', 'SO_KEEPALIVE'));
    expect(ct).toMatch(set('SOL_TCP', 'TCP_NODELAY'));
    expect(ct).toMatch(/fcntl\(\d+, F_SETFL, [^)]*O_NONBLOCK\)\s+= 0/);
    expect(ct).not.toMatch(set('SOL_SOCKET', 'SO_REUSEADDR'));
  });

  it.skipIf(noStrace || noNcat || noOpenssl)('ncat sets SO_REUSEADDR on a listener and s_client TCP_NODELAY on a connection, asked or not, as their notes say', async () => {
    const port = await freePort();
    const listener = scenario([
      { call: 'BIO_socket', as: 'l', domain: 'AF_INET', socktype: 'SOCK_STREAM' },
      { call: 'BIO_listen', sock: 'l', addr: `127.0.0.1:${port}` },
    ]);
    const ncat = scenarioCommands(listener).endpoints[0].commands.find((c) => c.tool === 'ncat')!;
    expect(ncat.notes).toContain('ncat sets SO_REUSEADDR on every listener (not asked for here)');
    expect(await traced(ncat.command!, connectTo(port))).toMatch(set('SOL_SOCKET', 'SO_REUSEADDR'));

    const l = nm('l');
    await call({ call: 'BIO_socket', as: l, domain: 'AF_INET', socktype: 'SOCK_STREAM' });
    const wbPort = Number(/:(\d+)$/.exec((await call({ call: 'BIO_listen', sock: l, addr: '127.0.0.1:0' })).socket!.local!)![1]);
    const client = scenario([
      { call: 'BIO_socket', as: 'c', domain: 'AF_INET', socktype: 'SOCK_STREAM' },
      { call: 'BIO_connect', sock: 'c', addr: `127.0.0.1:${wbPort}` },
    ]);
    const sClient = scenarioCommands(client).endpoints[0].commands.find((c) => c.tool === 'openssl')!;
    expect(sClient.notes).toContain('s_client sets TCP_NODELAY on every TCP connection (not asked for here)');
    const ct = await traced(sClient.command!, async () => {
      expect((await call({ call: 'BIO_accept_ex', sock: l, as: nm('a'), timeoutMs: 15_000 })).ret).toBeGreaterThanOrEqual(0);
    });
    expect(ct).toMatch(set('SOL_TCP', 'TCP_NODELAY'));
  });
});

describe('what the export says', () => {
  it('names each listener and connection, maps the flags, and says why the other steps have no command', () => {
    const s = scenario([
      { call: 'BIO_socket', as: 'l', domain: 'AF_INET', socktype: 'SOCK_STREAM' },
      { call: 'BIO_listen', sock: 'l', addr: '127.0.0.1:0', options: ['BIO_SOCK_REUSEADDR', 'BIO_SOCK_KEEPALIVE', 'BIO_SOCK_TFO'] },
      { call: 'BIO_socket', as: 'c', domain: 'AF_INET', socktype: 'SOCK_STREAM' },
      { call: 'BIO_connect', sock: 'c', addr: '127.0.0.1:{l.port}', options: ['BIO_SOCK_NONBLOCK', 'BIO_SOCK_V6_ONLY'] },
      { call: 'BIO_accept_ex', sock: 'l', as: 'a' },
      { call: 'BIO_write', sock: 'c', data: 'x' },
    ]);
    const x = scenarioCommands(s);
    expect(x.endpoints.map((p) => p.title)).toEqual([
      'listener l on 127.0.0.1:$PORT_l (BIO_SOCK_REUSEADDR, BIO_SOCK_KEEPALIVE, BIO_SOCK_TFO), steps 1, 2',
      // BIO_connect ignores V6_ONLY (only BIO_listen honours it): not asked of any command.
      'connection c to 127.0.0.1:$PORT_l (BIO_SOCK_NONBLOCK), steps 3, 4',
    ]);
    const [socat, ncat, openssl] = x.endpoints[0].commands;
    expect(socat).toMatchObject({ command: 'socat TCP4-LISTEN:"$PORT_l",bind=127.0.0.1,reuseaddr,keepalive STDIO', mapped: ['BIO_SOCK_REUSEADDR', 'BIO_SOCK_KEEPALIVE'] });
    expect(socat.notes).toContain('socat has no option for TCP Fast Open (BIO_SOCK_TFO)');
    expect(ncat.notes).toContain('ncat has no option for SO_KEEPALIVE (BIO_SOCK_KEEPALIVE)');
    expect(openssl.command).toBe('openssl s_server -4 -accept 127.0.0.1:"$PORT_l" -cert cert.pem -key key.pem -tfo');
    expect(x.endpoints[1].commands[0].command).toBe('socat STDIO TCP4:127.0.0.1:"$PORT_l",nonblock');
    expect(x.endpoints[1].commands[2].notes).toContain('s_client has no non-blocking connect: -nbio makes its reads and writes non-blocking after a blocking connect');
    expect(x.noEquivalent).toEqual([
      { step: 4, c: 'a = BIO_accept_ex(l, peer, 0)', why: 'socat, ncat and openssl s_server accept the connection themselves, as part of listening' },
      { step: 5, c: 'BIO_write(bio_c, data, 1)', why: 'no option sends data: type it into the command (its standard input)' },
    ]);
    const printed = commandExportText(x);
    expect(printed).toContain('#   set PORT_l first: a port for l (port 0 in the scenario lets the kernel pick one; a command needs one named)');
    expect(printed).toContain('# steps with no equivalent command:\n#   step 5 a = BIO_accept_ex(l, peer, 0): ');
  });

  it('a UDP socket has no openssl command, and says why', () => {
    const s = scenario([
      { call: 'BIO_socket', as: 'u', domain: 'AF_INET', socktype: 'SOCK_DGRAM' },
      { call: 'BIO_bind', sock: 'u', addr: '127.0.0.1:4433' },
    ]);
    const [socat, ncat, openssl] = scenarioCommands(s).endpoints[0].commands;
    expect(socat.command).toBe('socat UDP4-LISTEN:4433,bind=127.0.0.1 STDIO');
    expect(ncat.command).toBe('ncat -u -4 -l -- 127.0.0.1 4433');
    expect(openssl).toMatchObject({ command: null, notes: [expect.stringMatching(/DTLS, a different protocol/)] });
  });

  it('a live socket: a listener and a connected client get commands, a socket that neither listens nor connects says why', () => {
    const base = { fd: 7, name: 'l', family: 'AF_INET', type: 'SOCK_STREAM', peer: null, state: 'LISTEN', soError: 0 as const, applied: {}, tcpInfo: null };
    const listener = socketCommands({ ...base, role: 'listener', local: '127.0.0.1:4433', requested: { SO_REUSEADDR: true, O_NONBLOCK: false } });
    expect('commands' in listener && listener.commands[0].command).toBe('socat TCP4-LISTEN:4433,bind=127.0.0.1,reuseaddr STDIO');
    const client = socketCommands({ ...base, name: 'c', role: 'client', local: '127.0.0.1:50000', peer: '127.0.0.1:4433', requested: { TCP_NODELAY: true } });
    expect('commands' in client && client.commands.map((c) => c.command)).toEqual(['socat STDIO TCP4:127.0.0.1:4433,nodelay', 'ncat -4 -- 127.0.0.1 4433', 'openssl s_client -4 -connect 127.0.0.1:4433']);
    expect(socketCommands({ ...base, name: 'n', role: 'new', local: '0.0.0.0:0', requested: {} })).toEqual({ why: 'n neither listens nor is connected yet: a command only listens or connects' });
  });
  it('"Copy as command" on a live unix listener: the path is one socat value, one ncat and openssl word, never an address, option or variable', () => {
    const base = { fd: 7, family: 'AF_UNIX', type: 'SOCK_STREAM', peer: null, state: 'LISTEN', soError: 0 as const, applied: {}, tcpInfo: null, requested: {} };
    const found = socketCommands({ ...base, name: 'evil\nname', role: 'listener', local: 'unix:/tmp/l.sock!!SYSTEM:touch x,fork$HOME' });
    if (!('commands' in found)) throw new Error('expected commands');
    expect(found.commands.map((c) => c.command)).toEqual([
      "socat 'UNIX-LISTEN:/tmp/l.sock\\!\\!SYSTEM\\:touch x\\,fork$HOME' STDIO",
      "ncat -U -l -- '/tmp/l.sock!!SYSTEM:touch x,fork$HOME'",
      "openssl s_server -unix '/tmp/l.sock!!SYSTEM:touch x,fork$HOME' -cert cert.pem -key key.pem",
    ]);
    expect(endpointText(found).split('\n').filter((l) => !l.startsWith('#'))).toHaveLength(3);
  });
});
