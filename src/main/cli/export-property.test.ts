// Random text in every field a scenario lets a person write, through both exporters: the C
// compiles warning-free in c11 (trigraphs on) and gnu17 and prints the values the scenario holds;
// every command line is one simple command whose argv is the scenario's values, and running the
// commands creates nothing. One program holds many random fields, so few are compiled.
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportC } from './export-c';
import { checkScenario } from '../../shared/scenario-check';
import { cExpression } from '../../shared/c-expression';
import { dataText } from '../../shared/data-bytes';
import { commandExportText, scenarioCommands, type Endpoint } from '../../shared/commands/equivalent';
import type { Scenario } from '../../shared/steps';
import { canIsolate, compile, runCommands, runProgram, scratchDir, socatAddress } from './export-test-kit';

/** Every byte 0x01-0xff as a character, and the C and shell metacharacters the review used. */
const META = ['*/', '/*', '??/', '??=', '\\', '"', "'", '!!', '!#-3', '$PORT_l', '$TMP_DIR', '$$', '$(id)', '`id`', '%s', '%n', ',', '!!SYSTEM:', '--sh-exec=', '\r\n', '*\\\r/', ';', '&', '|', '>', '#'];
const unit = fc.oneof(
  fc.integer({ min: 1, max: 255 }).map((b) => String.fromCharCode(b)),
  fc.constantFrom(...META),
);
const text = (min = 0, max = 12) => fc.string({ unit, minLength: min, maxLength: max });
/** What an address's host or service may hold: no `:`, white space or brackets. */
const addrPart = (min: number) => text(min, 10).map((s) => s.replace(/[:\s[\]]/g, '')).filter((s) => s.length >= min && !/^\d{6,}$|^\d+$/.test(s));
/** A unix path of one line. */
const unixPart = text(1, 40).map((s) => s.replace(/[\r\n\u2028\u2029]/g, '')).filter((s) => s.length > 0);
/** A socket name: random, or one C or the program itself uses (a keyword, a libc or runtime name). */
const socketName = fc.oneof(fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_-]{0,8}$/), fc.constantFrom('int', 'main', 'errno', 'r', 'data', 'wb_x', 'BIO_x', 'E2BIG', '_X', 'return'));

let dir: string;
beforeAll(() => {
  dir = scratchDir('export-property');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function checked(s: unknown): Scenario {
  const r = checkScenario(s);
  if (!r.ok) throw new Error(`generated an invalid scenario: ${r.error.message}`);
  return r.scenario;
}

/** One group of steps per name: a connection over loopback moving random bytes, and every text-taking call. */
const group = fc.record({ note: text(), caption: text(1), data: text(1), hex: fc.uint8Array({ minLength: 1, maxLength: 16 }), state: text(1), queue: text(1), service: text(1), host: text(1), hostPort: text(1), path: unixPart, file: unixPart });

type Group = typeof group extends fc.Arbitrary<infer T> ? T : never;

function groupSteps(n: string, g: Group, i: number): object[] {
  const lesson = { note: g.note, caption: g.caption };
  const [c, a] = [`c_${i}`, `a_${i}`];
  return [
    { call: 'BIO_socket', as: n, domain: 'AF_INET', socktype: 'SOCK_STREAM', ...lesson },
    { call: 'BIO_listen', sock: n, addr: '127.0.0.1:0', ...lesson },
    { call: 'BIO_socket', as: c, domain: 'AF_INET', socktype: 'SOCK_STREAM', ...lesson },
    { call: 'BIO_connect', sock: c, addr: `127.0.0.1:{${n}.port}`, ...lesson },
    { call: 'BIO_accept_ex', sock: n, as: a, ...lesson },
    { call: 'BIO_write', sock: c, data: g.data, ...lesson },
    { call: 'BIO_read', sock: a, max: 4096, expect: { state: g.state, errorQueue: [g.queue] }, ...lesson },
    { call: 'BIO_write', sock: a, dataHex: Buffer.from(g.hex).toString('hex'), ...lesson },
    { call: 'BIO_read', sock: c, max: 4096, ...lesson },
    { call: 'BIO_get_port', service: g.service, ...lesson },
    { call: 'BIO_get_host_ip', host: g.host, ...lesson },
    { call: 'BIO_gethostbyname', host: g.host, ...lesson },
    { call: 'BIO_get_accept_socket', hostPort: g.hostPort, ...lesson },
    { call: 'BIO_lookup_ex', addr: `unix:${g.path}`, ...lesson },
    { call: 'BIO_write', sock: c, file: g.file, bytes: 1, ...lesson },
  ];
}

const cScenario = fc.record({ title: text(), description: text(), names: fc.uniqueArray(socketName, { minLength: 3, maxLength: 3 }), groups: fc.array(group, { minLength: 3, maxLength: 3 }) }).map(({ title, description, names, groups }) =>
  checked({ title, description, steps: groups.flatMap((g, i) => groupSteps(names[i], g, i)) }),
);

describe('export-c with random text in every field', () => {
  it('compiles with -std=c11 -Wall -Wextra -Werror -Wtrigraphs and with gnu17, and prints the values the scenario holds', () => {
    const isolated = canIsolate();
    // The run looks random hosts up: only where it can keep them away from the machine's resolver.
    if (!isolated) console.log('export-c property: `unshare -n` is not available here, so the programs are compiled but not run');
    let n = 0;
    fc.assert(
      fc.property(cScenario, (s) => {
        const source = exportC(s);
        const programs = [compile(dir, `p${n}-c11`, source, ['-std=c11', '-Wall', '-Wextra', '-Werror', '-Wtrigraphs']), compile(dir, `p${n}-gnu17`, source, ['-std=gnu17', '-Wall', '-Wextra', '-Werror'])];
        n++;
        if (!isolated) return;
        for (const program of programs) {
          const run = join(dir, `run${n}`);
          mkdirSync(run, { recursive: true });
          const out = runProgram(program, run, true);
          expect(out.title).toBe(s.title);
          expect(out.steps.map((r) => r.c)).toEqual(s.steps.map(cExpression));
          s.steps.forEach((step, i) => {
            if (step.call === 'BIO_write' && step.data !== undefined) expect(dataText(out.steps[i + 1].data)).toBe(step.data);
            if (step.call === 'BIO_write' && step.dataHex !== undefined) expect(out.steps[i + 1].data?.hex).toBe(step.dataHex);
            if (step.call === 'BIO_read' && step.expect?.state !== undefined) {
              const expected = out.steps[i].expect!.mismatches.map((m) => m.expected);
              expect(expected).toEqual(expect.arrayContaining([step.expect.state, [...step.expect.errorQueue!]]));
            }
          });
        }
      }),
      { numRuns: 3 },
    );
  });
});

/** What a connect or accept BIO's name or port and a TLS field may hold: one line, no NUL. */
const oneLine = text(1, 16).map((s) => s.replace(/[\0\r\n]/g, '')).filter((s) => s.length > 0);

/** The connect and accept BIOs and the TLS calls, every text field random; the BIOs reach nothing but loopback. */
const bioTlsScenario = fc
  .record({ caption: text(1), host: addrPart(0), service: addrPart(1), name: oneLine, port: oneLine, acceptName: oneLine, acceptPort: oneLine, caFile: oneLine, certFile: oneLine, keyFile: oneLine, alpn: fc.array(oneLine, { minLength: 1, maxLength: 3 }), sni: oneLine, data: text(1) })
  .map((f) => {
    const lesson = { caption: f.caption, note: f.caption };
    return checked({
      title: f.caption,
      steps: [
        { call: 'BIO_new_connect', as: 'cb', addr: `${f.host}:${f.service}`, ...lesson },
        { call: 'BIO_set_conn_hostname', bio: 'cb', name: f.name, ...lesson },
        { call: 'BIO_set_conn_port', bio: 'cb', port: f.port, ...lesson },
        { call: 'BIO_new_accept', as: 'ab', addr: `${f.host}:${f.service}`, ...lesson },
        { call: 'BIO_set_accept_name', bio: 'ab', name: f.acceptName, ...lesson },
        { call: 'BIO_set_accept_port', bio: 'ab', port: f.acceptPort, ...lesson },
        { call: 'SSL_CTX_new', as: 'cctx', method: 'TLS_client_method', caFile: f.caFile, alpn: f.alpn, ...lesson },
        { call: 'SSL_CTX_new', as: 'sctx', method: 'TLS_server_method', certFile: f.certFile, keyFile: f.keyFile, ...lesson },
        // Back on loopback before anything connects: the run must not wait on a random address.
        { call: 'BIO_set_conn_hostname', bio: 'cb', name: '127.0.0.1:1', ...lesson },
        { call: 'SSL_new', as: 's', ctx: 'cctx', bio: 'cb', host: f.sni, ...lesson },
        { call: 'SSL_write', ssl: 's', data: f.data, ...lesson },
        { call: 'SSL_free', ssl: 's', ...lesson },
        { call: 'BIO_free', bio: 'ab', ...lesson },
      ],
    });
  });

describe('export-c with random text in every field of the connect and accept BIOs and TLS', () => {
  it('compiles with -std=c11 -Wall -Wextra -Werror -Wtrigraphs and with gnu17, and prints the calls as the scenario holds them', () => {
    const isolated = canIsolate();
    if (!isolated) console.log('export-c property: `unshare -n` is not available here, so the programs are compiled but not run');
    let n = 0;
    fc.assert(
      fc.property(bioTlsScenario, (s) => {
        const source = exportC(s);
        const programs = [compile(dir, `t${n}-c11`, source, ['-std=c11', '-Wall', '-Wextra', '-Werror', '-Wtrigraphs']), compile(dir, `t${n}-gnu17`, source, ['-std=gnu17', '-Wall', '-Wextra', '-Werror'])];
        n++;
        if (!isolated) return;
        for (const program of programs) {
          const run = join(dir, `tls-run${n}`);
          mkdirSync(run, { recursive: true });
          const out = runProgram(program, run, true);
          expect(out.title).toBe(s.title);
          expect(out.steps.map((r) => r.c)).toEqual(s.steps.map(cExpression));
          expect(readdirSync(run)).toEqual([]);
        }
      }),
      { numRuns: 3 },
    );
  });
});

/** A scenario with one endpoint of every kind, each address built from random text. */
const commandScenario = fc
  .record({ title: text(), note: text(), host: addrPart(0), service: addrPart(1), source: addrPart(1), udpHost: addrPart(1), path: unixPart.map((p) => p.slice(0, 80)), dgramPath: unixPart, hostPort: text(1), v6: fc.stringMatching(/^[0-9A-Fa-f:.%a-z]{0,12}$/) })
  .map((f) =>
    checked({
      title: f.title,
      steps: [
        { call: 'BIO_socket', as: 'l', domain: 'AF_INET', socktype: 'SOCK_STREAM', note: f.note },
        { call: 'BIO_listen', sock: 'l', addr: `${f.host}:${f.service}`, options: ['BIO_SOCK_REUSEADDR', 'BIO_SOCK_NODELAY'] },
        { call: 'BIO_socket', as: 'c', domain: 'AF_INET', socktype: 'SOCK_STREAM' },
        { call: 'BIO_bind', sock: 'c', addr: `${f.source}:0` },
        { call: 'BIO_connect', sock: 'c', addr: `${f.host}:{l.port}`, options: ['BIO_SOCK_NONBLOCK'] },
        { call: 'BIO_socket', as: 'u', domain: 'AF_UNIX', socktype: 'SOCK_STREAM' },
        { call: 'BIO_listen', sock: 'u', addr: `unix:{tmp}/${f.path}` },
        { call: 'BIO_socket', as: 'd', domain: 'AF_UNIX', socktype: 'SOCK_DGRAM' },
        { call: 'BIO_bind', sock: 'd', addr: `unix:${f.dgramPath}` },
        { call: 'BIO_socket', as: 'q', domain: 'AF_INET', socktype: 'SOCK_DGRAM' },
        { call: 'BIO_connect', sock: 'q', addr: `${f.udpHost}:${f.service}` },
        { call: 'BIO_socket', as: 's', domain: 'AF_INET6', socktype: 'SOCK_STREAM' },
        { call: 'BIO_listen', sock: 's', addr: `[${f.v6}]:0`, options: ['BIO_SOCK_V6_ONLY'] },
        { call: 'BIO_get_accept_socket', hostPort: f.hostPort },
      ],
    }),
  );

/** An endpoint's text as the shell hands it on: `$$` a `$`, `$NAME` the variable's value. */
const expand = (template: string, vars: Record<string, string>): string => template.replace(/\$\$|\$([A-Za-z_][A-Za-z0-9_]*)/g, (_m, name: string | undefined) => (name === undefined ? '$' : vars[name]));
const listenHost = (h: string | null) => (h === null || ['', '*', '0.0.0.0', '::'].includes(h) ? null : h);
const SOCAT_OPTIONS = /^(bind=.*|reuseaddr|keepalive|nodelay|nonblock|ipv6only=[01]|backlog=\d+)$/;

/** The scenario's values where each tool's argv must carry them, whole. */
function checkArgv(e: Endpoint, tool: string, argv: string[], vars: Record<string, string>): void {
  const x = (t: string | null) => (t === null ? null : expand(t, vars));
  const unix = e.transport.startsWith('unix');
  if (tool === 'ncat') {
    const positional = argv.slice(argv.indexOf('--') + 1);
    expect(positional).toEqual(unix ? [x(e.host)] : e.kind === 'listen' ? [x(listenHost(e.host)), x(e.port)].filter((w) => w !== null) : [x(e.host ?? '127.0.0.1'), x(e.port)]);
  } else if (tool === 'openssl' && unix) expect(argv[argv.indexOf('-unix') + 1]).toBe(x(e.host));
  else if (tool === 'socat') {
    const parsed = socatAddress(argv[e.kind === 'listen' ? 1 : 2]);
    expect(parsed.dual).toBe(false);
    for (const o of parsed.options) expect(o).toMatch(SOCAT_OPTIONS);
    if (unix) expect(parsed.address.slice(parsed.address.indexOf(':') + 1)).toBe(x(e.host));
    else if (e.kind === 'listen') expect(parsed.address.slice(parsed.address.indexOf(':') + 1)).toBe(x(e.port));
  }
}

/** The TLS fields a scenario gives, as it holds them. */
interface TlsFields {
  caFile: string;
  certFile: string;
  keyFile: string;
  alpn: string[];
  sni: string;
}

/** The openssl line's TLS values, each whole after its option, as the scenario holds them (not as the export escapes them). */
function checkTlsArgv(kind: Endpoint['kind'], f: TlsFields, argv: string[]): void {
  const after = (option: string) => (argv.includes(option) ? argv[argv.indexOf(option) + 1] : null);
  expect(after('-CAfile')).toBe(f.caFile);
  if (kind === 'listen') expect([after('-cert'), after('-key')]).toEqual([f.certFile, f.keyFile]);
  else {
    expect(after('-servername')).toBe(f.sni);
    expect(after('-alpn')).toBe(f.alpn.some((a) => a.includes(',')) ? null : f.alpn.join(','));
  }
}

/** A connect BIO and an accept BIO, each with TLS, every address and TLS field random. */
const bioTlsCommandScenario = fc
  .record({ host: addrPart(0), service: addrPart(1), caFile: oneLine, certFile: oneLine, keyFile: oneLine, alpn: fc.array(oneLine, { minLength: 1, maxLength: 3 }), sni: oneLine })
  .map((f) => ({
    fields: f,
    scenario: checked({
      steps: [
        { call: 'BIO_new_accept', as: 'ab', addr: `${f.host}:${f.service}` },
        { call: 'SSL_CTX_new', as: 'sctx', method: 'TLS_server_method', caFile: f.caFile, certFile: f.certFile, keyFile: f.keyFile },
        { call: 'SSL_new', as: 't', ctx: 'sctx', bio: 'ab' },
        { call: 'BIO_new_connect', as: 'cb', addr: `${f.host}:{ab.port}` },
        { call: 'SSL_CTX_new', as: 'cctx', method: 'TLS_client_method', caFile: f.caFile, alpn: f.alpn },
        { call: 'SSL_new', as: 's', ctx: 'cctx', bio: 'cb', host: f.sni },
      ],
    }),
  }));

describe('export-commands with random text in every field', () => {
  it('each line is a comment or one simple command whose argv holds the scenario\'s values; running them creates nothing', () => {
    let n = 0;
    fc.assert(
      fc.property(commandScenario, fc.boolean(), (s, interactive) => {
        const exported = scenarioCommands(s);
        const textOut = commandExportText(exported);
        expect(spawnSync('/bin/bash', ['-n'], { input: textOut }).status).toBe(0);
        const run = join(dir, `commands${n++}`);
        mkdirSync(run);
        const vars: Record<string, string> = { TMP_DIR: run };
        for (const ec of exported.endpoints) for (const name of Object.keys(ec.endpoint.variables)) if (name !== 'TMP_DIR') vars[name] = '4433';
        const r = runCommands(textOut, run, vars, interactive);
        const expected = exported.endpoints.flatMap((ec) => ec.commands.filter((c) => c.command !== null).map((c) => ({ e: ec.endpoint, tool: c.tool })));
        const lines = textOut.split('\n').filter((l) => l !== '' && !l.startsWith('#'));
        expect(lines).toHaveLength(expected.length);
        expect(r.runs.map((argv) => argv[0])).toEqual(expected.map((c) => c.tool));
        expected.forEach((c, i) => checkArgv(c.e, c.tool, r.runs[i], vars));
        expect(readdirSync(run)).toEqual([]);
      }),
      { numRuns: 40 },
    );
  });

  it('the connect and accept BIOs with TLS: one command a line, the addresses and TLS values whole in argv; running them creates nothing', () => {
    let n = 0;
    fc.assert(
      fc.property(bioTlsCommandScenario, fc.boolean(), ({ scenario: s, fields }, interactive) => {
        const exported = scenarioCommands(s);
        const textOut = commandExportText(exported);
        expect(spawnSync('/bin/bash', ['-n'], { input: textOut }).status).toBe(0);
        const run = join(dir, `tls-commands${n++}`);
        mkdirSync(run);
        const vars: Record<string, string> = { TMP_DIR: run };
        for (const ec of exported.endpoints) for (const name of Object.keys(ec.endpoint.variables)) if (name !== 'TMP_DIR') vars[name] = '4433';
        const r = runCommands(textOut, run, vars, interactive);
        const expected = exported.endpoints.flatMap((ec) => ec.commands.filter((c) => c.command !== null).map((c) => ({ e: ec.endpoint, tool: c.tool })));
        expect(textOut.split('\n').filter((l) => l !== '' && !l.startsWith('#'))).toHaveLength(expected.length);
        expect(r.runs.map((argv) => argv[0])).toEqual(expected.map((c) => c.tool));
        expected.forEach((c, i) => {
          checkArgv(c.e, c.tool, r.runs[i], vars);
          if (c.tool === 'openssl') checkTlsArgv(c.e.kind, fields, r.runs[i]);
        });
        expect(readdirSync(run)).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });
});
