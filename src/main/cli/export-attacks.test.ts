// The attacks an outside review proved on the exports, each replayed: a lesson's text must never
// run as code when its C is compiled and run, or its commands are piped to bash or pasted into an
// interactive one, and never reach the terminal as control bytes.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportC } from './export-c';
import { checkScenario } from '../../shared/scenario-check';
import { commandExportText, scenarioCommands } from '../../shared/commands/equivalent';
import { cExpression } from '../../shared/c-expression';
import type { Scenario } from '../../shared/steps';
import { canIsolate, compile, runCommands, runProgram, scratchDir, socatAddress } from './export-test-kit';

const STRICT = ['-std=c11', '-Wall', '-Wextra', '-Werror', '-Wtrigraphs'];
const cli = resolve(process.cwd(), 'out/main/cli.js');
let dir: string;
beforeAll(() => {
  dir = scratchDir('export-attacks');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function scenario(s: unknown): Scenario {
  const checked = checkScenario(s);
  if (!checked.ok) throw new Error(checked.error.message);
  return checked.scenario;
}

/** A fresh empty directory to run in: anything an attack creates lands here. */
function emptyDir(name: string): string {
  const d = join(dir, name);
  rmSync(d, { recursive: true, force: true });
  spawnSync('mkdir', ['-p', d]);
  return d;
}

/** touch NAME as C without a string literal (the field cannot hold a `"` that survives escaping). */
const touchC = (name: string) => `system((char[]){${[...Buffer.from(`touch ${name}`)].join(',')},0})`;

describe('export-c: a field never ends its comment or string early', () => {
  it('a title or note holding `*\\` CR `/` stays inside the comment: nothing runs, and it compiles with -Werror', () => {
    const code = (marker: string) => ` int system(const char *); __attribute__((constructor)) static void wb_${marker}(void) { ${touchC(marker)}; } `;
    const s = scenario({
      title: `T *\\\r/${code('PWNED_TITLE')}/\\\r*`,
      steps: [{ call: 'BIO_socket', as: 's', domain: 'AF_INET', socktype: 'SOCK_STREAM', note: `n *\\\r/${code('PWNED_NOTE')}//` }],
    });
    const run = emptyDir('comment');
    const out = runProgram(compile(dir, 'comment-loose', exportC(s), ['-std=c11', '-w']), run, false);
    expect(readdirSync(run)).toEqual([]);
    expect(out.title).toBe(s.title);
    compile(dir, 'comment-strict', exportC(s), STRICT);
  });

  it('hostPort, service and host holding the trigraph `??/` stay one string under -std=c11: nothing runs', () => {
    // Each ends the literal (`??/` is `\\` before the escaped quote), closes the call as its
    // signature needs, runs system() and comments out the rest of the line.
    const payload = (rest: string, marker: string) => `??/"${rest}, ${touchC(marker)}); //`;
    const s = scenario({
      steps: [
        { call: 'BIO_get_accept_socket', hostPort: payload(', 0) + (0', 'PWNED_HOSTPORT') },
        { call: 'BIO_get_port', service: payload(', &port) + (0', 'PWNED_SERVICE') },
        { call: 'BIO_get_host_ip', host: payload(', ip) + (0', 'PWNED_HOST') },
        { call: 'BIO_gethostbyname', host: payload(')', 'PWNED_GETHOST') },
      ],
    });
    const run = emptyDir('trigraph');
    // BIO_get_host_ip looks its host up: away from the machine's resolver when it can be.
    const out = runProgram(compile(dir, 'trigraph-loose', exportC(s), ['-std=c11', '-w']), run, canIsolate());
    expect(readdirSync(run)).toEqual([]);
    expect(out.steps.map((r) => r.c)).toEqual(s.steps.map(cExpression));
    compile(dir, 'trigraph-strict', exportC(s), STRICT);
  });
});

const listen = (addr: string, extra: object = {}) => [
  { call: 'BIO_socket', as: 'l', domain: addr.startsWith('unix:') ? 'AF_UNIX' : 'AF_INET', socktype: 'SOCK_STREAM' },
  { call: 'BIO_listen', sock: 'l', addr, ...extra },
];

/** The command lines of an export, as bash runs them (`| bash`, or pasted into `bash -i`), in an empty directory. */
function pipeToBash(s: Scenario, interactive: boolean, name: string) {
  const run = emptyDir(name);
  const text = commandExportText(scenarioCommands(s));
  const r = runCommands(text, run, { PORT_l: '4433', TMP_DIR: run }, interactive);
  const commandLines = text.split('\n').filter((l) => l !== '' && !l.startsWith('#'));
  return { ...r, dir: run, text, commandLines, created: readdirSync(run) };
}

describe('export-commands: every line is a comment or one command, whose words are the scenario\'s', () => {
  it('a title with a newline stays a comment when the export is piped to bash', () => {
    const r = pipeToBash(scenario({ title: 'T\ntouch PWNED\nsocat x y', steps: listen('127.0.0.1:4433') }), false, 'newline');
    expect(r.created).toEqual([]);
    expect(r.runs).toHaveLength(r.commandLines.length);
    expect(r.runs.every((argv) => argv[1] !== 'x')).toBe(true);
  });

  it('a unix path holding `!!SYSTEM:` reaches socat as one path: no second address, no option', () => {
    const path = 'l.sock!!SYSTEM:touch PWNED,fork';
    const r = pipeToBash(scenario({ steps: listen(`unix:{tmp}/${path}`) }), false, 'socat');
    const socat = r.runs.find((argv) => argv[0] === 'socat')!;
    const parsed = socatAddress(socat[1]);
    expect(parsed).toEqual({ address: `UNIX-LISTEN:${join(r.dir, path)}`, options: [], dual: false });
  });

  it('socat itself reads the escaped path as one file name (the real socat)', async () => {
    const run = emptyDir('real-socat');
    const path = 'a,b!!SYSTEM:touch PWNED';
    const line = scenarioCommands(scenario({ steps: listen(`unix:{tmp}/${path}`) })).endpoints[0].commands[0].command!;
    const socat = spawnSync('/bin/sh', ['-c', `${line.replace(/^socat /, 'socat -u ')} </dev/null & pid=$!; while [ ! -S '${run}/${path}' ] && kill -0 $pid 2>/dev/null; do :; done; ls; kill $pid`], {
      cwd: run,
      encoding: 'utf8',
      env: { ...process.env, TMP_DIR: run },
    });
    expect(socat.stdout.trim().split('\n')).toEqual([path]);
  });

  it('an ncat listen host `--sh-exec=...` comes after `--`: ncat reads it as a host, never as an option', () => {
    const host = '--sh-exec=>PWNED';
    const r = pipeToBash(scenario({ steps: listen(`${host}:4433`) }), false, 'ncat');
    const ncat = r.runs.find((argv) => argv[0] === 'ncat')!;
    expect(ncat.slice(ncat.indexOf('--'))).toEqual(['--', host, '4433']);
    const real = spawnSync('ncat', ncat.slice(1), { cwd: emptyDir('real-ncat'), encoding: 'utf8', input: '' });
    expect(real.stderr).toMatch(/Could not resolve hostname "--sh-exec=>PWNED"/);
    expect(readdirSync(join(dir, 'real-ncat'))).toEqual([]);
  });

  it('openssl takes a value starting with `-` as the value of -unix, never as an option (the real openssl)', () => {
    const r = pipeToBash(scenario({ steps: listen('unix:-help') }), false, 'openssl');
    const server = r.runs.find((argv) => argv[0] === 'openssl')!;
    expect(server.slice(1, 4)).toEqual(['s_server', '-unix', '-help']);
    const client = spawnSync('openssl', ['s_client', '-unix', '-help'], { cwd: r.dir, encoding: 'utf8', input: '' });
    expect(client.stderr).toMatch(/BIO_connect:No such file or directory/);
    expect(client.stdout + client.stderr).not.toMatch(/Usage: s_client/);
  });

  it('a TLS field holding `$NAME` or `$$` reaches openssl as written: an ALPN name never expands a variable (which s_client would send)', () => {
    const alpn = ['$HOME', 'a$$b', '$TMP_DIR'];
    const s = scenario({
      steps: [
        { call: 'BIO_new_connect', as: 'cb', addr: '127.0.0.1:4433' },
        { call: 'SSL_CTX_new', as: 'cctx', method: 'TLS_client_method', caFile: '$HOME/ca.pem', alpn },
        { call: 'SSL_new', as: 's', ctx: 'cctx', bio: 'cb', host: '$HOME' },
      ],
    });
    const r = pipeToBash(s, false, 'alpn');
    const client = r.runs.find((argv) => argv[0] === 'openssl')!;
    const after = (option: string) => client[client.indexOf(option) + 1];
    expect([after('-alpn'), after('-CAfile'), after('-servername')]).toEqual([alpn.join(','), '$HOME/ca.pem', '$HOME']);
  });

  it('pasted into an interactive bash, `!` never expands history: no `!` inside double quotes, argv as written', () => {
    const path = 'x!#-3!!:p$HOME`id`$(id)';
    const r = pipeToBash(scenario({ steps: listen(`unix:{tmp}/${path}`) }), true, 'history');
    for (const l of r.commandLines) expect(l.match(/"[^"]*"/g)?.filter((q) => q.includes('!')) ?? []).toEqual([]);
    expect(r.runs.map((argv) => argv[0])).toEqual(['socat', 'ncat', 'openssl']);
    expect(r.runs[1].at(-1)).toBe(join(r.dir, path));
    expect(r.runs[2][r.runs[2].indexOf('-unix') + 1]).toBe(join(r.dir, path));
    expect(r.created).toEqual([]);
  });
});


describe('the CLI shows a file\'s and OpenSSL\'s control bytes escaped', () => {
  it('run: ESC and CR in a title and in error data echoing a service arrive as visible escapes', () => {
    if (!existsSync(cli)) throw new Error(`${cli} is missing: run npm run build first`);
    const file = join(dir, 'terminal.json');
    writeFileSync(file, JSON.stringify({ title: '\u001b[2J\rall expectations held', steps: [{ call: 'BIO_get_port', service: 'x\u001b[31m\r\u009b2J\nall held' }] }));
    const r = spawnSync(process.execPath, [cli, 'run', file], { encoding: 'utf8' });
    expect(r.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    expect(r.stdout.split('\n')[0]).toBe('\\x1b[2J\\x0dall expectations held');
    expect(r.stdout).toMatch(/x\\x1b\[31m\\x0d.*2J\\x0aall held/);
  });

  it('validate and every error message: an unknown call full of DEL and C1 bytes is named with them escaped', () => {
    const file = join(dir, 'bad\u001b[2J.json');
    writeFileSync(file, JSON.stringify({ steps: [{ call: 'x\u009b2J\u007f\u001b]0;t\u0007' }] }));
    const r = spawnSync(process.execPath, [cli, 'validate', file], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    expect(r.stderr).toMatch(/unknown call "x\\x9b2J\\x7f/);
    writeFileSync(file, JSON.stringify({ steps: [{ call: 'BIO_get_port', service: 'http' }] }));
    expect(spawnSync(process.execPath, [cli, 'validate', file], { encoding: 'utf8' }).stdout).toMatch(/bad\\x1b\[2J\.json: valid/);
  });
});
