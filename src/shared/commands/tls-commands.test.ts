// The openssl lines export-commands prints for a scenario's TLS steps, run exactly as printed
// (through bash, $TLS_DIR and $PORT_x set as the comments ask): the printed s_server against a
// workbench TLS client, the printed s_client against a workbench TLS server, on loopback. A wrong
// host name in the scenario makes the printed s_client refuse, as the workbench client does.
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startEngine, type EngineClient } from '../../main/engine-host';
import { killPeers, missingTool, spawnShell, type Peer } from '../../main/testing/peer-process';
import type { CallRecord } from '../record';
import { checkScenario } from '../scenario-check';
import type { Scenario, Step } from '../steps';
import { commandExportText, scenarioCommands } from './equivalent';

const noOpenssl = missingTool('openssl');
const TLS_DIR = fileURLToPath(new URL('../../../resources/tls', import.meta.url));

let e: EngineClient;
let seq = 0;
const call = (step: Step): Promise<CallRecord> => e.request('call', { step });
const nm = (base: string) => `${base}${++seq}`;

beforeAll(async () => {
  e = await startEngine();
});
afterEach(async () => {
  killPeers();
  if (e?.alive) await e.request('closeAll', {});
});
afterAll(async () => {
  await e?.stop();
});

function scenario(steps: unknown[]): Scenario {
  const checked = checkScenario({ title: 'exported', steps });
  if (!checked.ok) throw new Error(checked.error.message);
  return checked.scenario;
}

/** The printed openssl line of the scenario's `endpoint`-th listener or connection. */
function opensslLine(s: Scenario, endpoint: number): string {
  const line = commandExportText(scenarioCommands(s)).split('\n').filter((l) => l.startsWith('openssl '))[endpoint];
  if (!line) throw new Error(`no openssl line ${endpoint}`);
  return line;
}

/** Runs a printed line with the variables its comments ask for. */
const run = (line: string, vars: Record<string, string> = {}): Peer => spawnShell(line, { env: { ...process.env, TLS_DIR, ...vars } });

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

/** A workbench listener on loopback and its port. */
async function workbenchListener(): Promise<{ l: string; port: number }> {
  const l = nm('l');
  await call({ call: 'BIO_socket', as: l, domain: 'AF_INET', socktype: 'SOCK_STREAM' });
  const rec = await call({ call: 'BIO_listen', sock: l, addr: '127.0.0.1:0' });
  return { l, port: Number(/:(\d+)$/.exec(rec.socket!.local!)![1]) };
}

/** A scenario's client end: a connection to `port`, a verifying context, SSL_new with `host`. */
function clientScenario(port: number, host: string): Scenario {
  return scenario([
    { call: 'BIO_socket', as: 'c', domain: 'AF_INET', socktype: 'SOCK_STREAM' },
    { call: 'BIO_connect', sock: 'c', addr: `127.0.0.1:${port}` },
    { call: 'SSL_CTX_new', as: 'ctx', method: 'TLS_client_method', verify: 'SSL_VERIFY_PEER', caFile: 'demo', minVersion: 'TLS1_3_VERSION', alpn: ['http/1.1'] },
    { call: 'SSL_new', as: 'tls', ctx: 'ctx', sock: 'c', host },
    { call: 'SSL_connect', ssl: 'tls' },
  ]);
}

/** The workbench accepts on `l` and runs SSL_accept with the demo pair, blocking. */
async function workbenchServerHandshake(l: string): Promise<CallRecord> {
  const a = nm('a');
  const ctx = nm('sctx');
  const ssl = nm('ss');
  expect((await call({ call: 'BIO_accept_ex', sock: l, as: a, timeoutMs: 15_000 })).ret).toBeGreaterThanOrEqual(0);
  expect((await call({ call: 'SSL_CTX_new', as: ctx, method: 'TLS_server_method', certFile: 'demo', keyFile: 'demo' })).ret).toBe(1);
  expect((await call({ call: 'SSL_new', as: ssl, ctx, sock: a })).ret).toBe(1);
  return call({ call: 'SSL_accept', ssl });
}

describe.skipIf(noOpenssl)('the printed openssl lines of TLS steps, run as printed', () => {
  it('the printed s_server (the demo pair from $TLS_DIR) completes a verified handshake with a workbench TLS client', async () => {
    const port = await freePort();
    const s = scenario([
      { call: 'BIO_socket', as: 'l', domain: 'AF_INET', socktype: 'SOCK_STREAM' },
      { call: 'BIO_listen', sock: 'l', addr: `127.0.0.1:${port}` },
      { call: 'SSL_CTX_new', as: 'sctx', method: 'TLS_server_method', certFile: 'demo', keyFile: 'demo', maxVersion: 'TLS1_2_VERSION' },
      { call: 'BIO_accept_ex', sock: 'l', as: 'a' },
      { call: 'SSL_new', as: 'ss', ctx: 'sctx', sock: 'a' },
      { call: 'SSL_accept', ssl: 'ss' },
    ]);
    const line = opensslLine(s, 0);
    expect(line).toBe(`openssl s_server -4 -accept 127.0.0.1:${port} -cert "$TLS_DIR"/demo-cert.pem -key "$TLS_DIR"/demo-key.pem -max_protocol TLSv1.2`);
    const server = run(line);
    await server.waitFor(/ACCEPT/);
    const c = nm('c');
    const ctx = nm('ctx');
    const ssl = nm('cs');
    await call({ call: 'BIO_socket', as: c, domain: 'AF_INET', socktype: 'SOCK_STREAM' });
    expect((await call({ call: 'BIO_connect', sock: c, addr: `127.0.0.1:${port}` })).ret).toBe(1);
    expect((await call({ call: 'SSL_CTX_new', as: ctx, method: 'TLS_client_method', verify: 'SSL_VERIFY_PEER', caFile: 'demo' })).ret).toBe(1);
    expect((await call({ call: 'SSL_new', as: ssl, ctx, sock: c, host: 'localhost' })).ret).toBe(1);
    const hs = await call({ call: 'SSL_connect', ssl });
    expect(hs.ret, JSON.stringify(hs.errorQueue)).toBe(1);
    // -max_protocol reached s_server: the workbench client would take TLS 1.3 otherwise.
    expect(hs.tls).toMatchObject({ verify: { code: 0 }, version: 'TLSv1.2' });
  });

  it('the printed s_client (CA file, SNI, host check, TLS 1.3 at least, ALPN) completes a verified handshake with a workbench TLS server', async () => {
    const { l, port } = await workbenchListener();
    const line = opensslLine(clientScenario(port, 'localhost'), 0);
    expect(line).toBe(
      `openssl s_client -4 -connect 127.0.0.1:${port} -CAfile "$TLS_DIR"/demo-cert.pem -no-CApath -no-CAstore -verify_return_error -servername localhost -verify_hostname localhost -min_protocol TLSv1.3 -alpn http/1.1`,
    );
    const client = run(line);
    const hs = await workbenchServerHandshake(l);
    expect(hs.ret, JSON.stringify(hs.errorQueue)).toBe(1);
    expect(hs.tls).toMatchObject({ version: 'TLSv1.3' });
    await client.waitFor(/Verify return code: 0 \(ok\)/);
  });

  it('with a host name the certificate does not name, the printed s_client refuses the server, as the workbench client does (62)', async () => {
    const { l, port } = await workbenchListener();
    const client = run(opensslLine(clientScenario(port, 'wrong.example'), 0));
    const hs = await workbenchServerHandshake(l);
    expect(hs.ret).not.toBe(1);
    expect(hs.errorQueue.map((q) => q.text).join(' ')).toMatch(/alert/);
    await client.waitFor(/verify error:num=62/);
    expect(await client.exited()).not.toBe(0);
  });
});

describe('TLS fields a lesson file may hold, on the openssl line', () => {
  const tlsClient = (ctx: Record<string, unknown>, host: string) =>
    scenarioCommands(
      scenario([
        { call: 'BIO_socket', as: 'c', domain: 'AF_INET', socktype: 'SOCK_STREAM' },
        { call: 'BIO_connect', sock: 'c', addr: '127.0.0.1:4433' },
        { call: 'SSL_CTX_new', as: 'ctx', method: 'TLS_client_method', ...ctx },
        { call: 'SSL_new', as: 'tls', ctx: 'ctx', sock: 'c', host },
      ]),
    ).endpoints[0].commands.find((c) => c.tool === 'openssl')!;

  it('a file or host holding quotes, $( ) or ! stays one single-quoted word; $NAME is never spliced from the scenario', () => {
    const o = tlsClient({ caFile: "/tmp/$(touch pwned)'!!.pem", alpn: ['h2', "x';id"] }, '$HOME`id`');
    expect(o.command).toBe(
      "openssl s_client -4 -connect 127.0.0.1:4433 -CAfile '/tmp/$(touch pwned)'\\''!!.pem' -no-CApath -no-CAstore -servername '$HOME`id`' -verify_hostname '$HOME`id`' -alpn 'h2,x'\\'';id'",
    );
    expect(o.notes).toContain('s_client checks the certificate and prints the result, then goes on whatever it was, as a context without SSL_VERIFY_PEER does');
  });

  it('a control character in a host name leaves the openssl line out, saying which field; an ALPN name with a comma leaves -alpn out', () => {
    expect(tlsClient({}, 'local\u001bhost')).toMatchObject({ command: null, notes: ['left out: its host holds the control character U+001B, which a command line would hide or split'] });
    const comma = tlsClient({ alpn: ['a,b'] }, 'localhost');
    expect(comma.command).not.toContain('-alpn');
    expect(comma.notes).toContain('-alpn left out: a protocol name holds a comma, which -alpn reads as a separator');
  });

  it("a server context with SSL_VERIFY_PEER over an accept BIO's popped connection: s_server on the accept BIO's address asks for a client certificate (-verify 1)", () => {
    const s = scenario([
      { call: 'BIO_new_accept', as: 'ab', addr: '127.0.0.1:4433' },
      { call: 'BIO_do_accept', bio: 'ab' },
      { call: 'SSL_CTX_new', as: 'sctx', method: 'TLS_server_method', certFile: '/etc/x.pem', keyFile: '/etc/x.key', verify: 'SSL_VERIFY_PEER', caFile: 'demo' },
      { call: 'BIO_do_accept', bio: 'ab' },
      { call: 'BIO_pop', bio: 'ab', as: 'conn' },
      { call: 'SSL_new', as: 'ss', ctx: 'sctx', bio: 'conn' },
    ]);
    const x = scenarioCommands(s).endpoints[0];
    expect(x.title).toBe('listener ab on 127.0.0.1:4433, steps 1, 2, 3, 4, 6');
    expect(x.endpoint.variables).toHaveProperty('TLS_DIR');
    expect(x.commands[2].command).toBe('openssl s_server -4 -accept 127.0.0.1:4433 -cert /etc/x.pem -key /etc/x.key -CAfile "$TLS_DIR"/demo-cert.pem -verify 1 -verify_return_error');
  });
});
