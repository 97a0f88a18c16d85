// `npm run web`'s options and its life: each bad value refused naming the option (exit 2) before
// anything is served, --help, a host that cannot start (exit 3), and a real host on loopback
// (its engine in process) that prints its URL alone on stdout and stops when told.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Session } from '../session/session';
import { startInProcessEngine } from '../testing/in-process-engine';
import { parseAllowedLibrary, parseWebHostArgs, runWebHostCli, type WebHostCliIo } from './web-host-cli';
import { startWebHost, type WebHost, type WebHostOptions } from './web-host';

const DEFAULTS = { port: 0, host: undefined, maxConnections: 256, libcrypto: undefined, engineNode: undefined, allowLibcrypto: [] };

describe('parseWebHostArgs', () => {
  it('defaults to a free port on loopback, 256 connections and no library a page may name', () => {
    expect(parseWebHostArgs([])).toEqual({ options: DEFAULTS });
  });

  it('passes every option on', () => {
    const argv = ['--port', '65535', '--host', '::1', '--max-connections', '1', '--libcrypto', '/opt/ssl/libcrypto.so.3', '--engine-node', '/opt/node'];
    const allow = ['--allow-libcrypto', '/opt/a/libcrypto.so.3', '--allow-libcrypto', '/opt/b/libcrypto.so.3=/opt/node35'];
    expect(parseWebHostArgs([...argv, ...allow])).toEqual({
      options: {
        port: 65535,
        host: '::1',
        maxConnections: 1,
        libcrypto: '/opt/ssl/libcrypto.so.3',
        engineNode: '/opt/node',
        allowLibcrypto: [
          { libcrypto: '/opt/a/libcrypto.so.3', engineNode: null },
          { libcrypto: '/opt/b/libcrypto.so.3', engineNode: '/opt/node35' },
        ],
      },
    });
  });

  it('gives the usage for --help and -h', () => {
    const help = parseWebHostArgs(['--help']);
    expect(help).toEqual({ help: expect.stringMatching(/^usage: npm run web -- \[--port N\]/) });
    expect(parseWebHostArgs(['-h'])).toEqual(help);
    expect('help' in help && help.help).toContain('simultaneous connections held (default 256)');
  });

  it('refuses an unknown option, with the usage', () => {
    expect(parseWebHostArgs(['--nope'])).toEqual({ error: expect.stringMatching(/^Unknown option '--nope'[^]*\nusage: npm run web /) });
    expect(parseWebHostArgs(['--port'])).toEqual({ error: expect.stringMatching(/--port[^]*\nusage: /) });
  });

  it('refuses a port that is not an integer from 0 to 65535, naming it', () => {
    for (const bad of ['x', '-1', '65536', '1.5']) {
      expect(parseWebHostArgs([`--port=${bad}`]), bad).toEqual({ error: `--port: expected an integer from 0 to 65535, got ${JSON.stringify(bad)}\n` });
    }
    expect(parseWebHostArgs(['--port', '0'])).toEqual({ options: DEFAULTS });
  });

  it('refuses a connection limit that is not a whole number of 1 or more, naming it', () => {
    for (const bad of ['0', '-3', '2.5', 'many']) {
      expect(parseWebHostArgs([`--max-connections=${bad}`]), bad).toEqual({ error: `--max-connections: expected a whole number of connections, 1 or more, got ${JSON.stringify(bad)}\n` });
    }
  });

  it('refuses a relative library to allow, after any good one', () => {
    expect(parseWebHostArgs(['--allow-libcrypto', '/opt/a/libcrypto.so.3', '--allow-libcrypto', 'libcrypto.so.3'])).toEqual({
      error: '--allow-libcrypto: expected PATH or PATH=NODE, absolute paths, got "libcrypto.so.3"\n',
    });
  });
});

describe('parseAllowedLibrary', () => {
  it('takes PATH or PATH=NODE, NODE after the first "=" that starts an absolute path', () => {
    expect(parseAllowedLibrary('/opt/ssl/libcrypto.so.3')).toEqual({ libcrypto: '/opt/ssl/libcrypto.so.3', engineNode: null });
    expect(parseAllowedLibrary('/opt/ssl/libcrypto.so.3=/opt/node35')).toEqual({ libcrypto: '/opt/ssl/libcrypto.so.3', engineNode: '/opt/node35' });
    expect(parseAllowedLibrary('/opt/a=b/libcrypto.so.3')).toEqual({ libcrypto: '/opt/a=b/libcrypto.so.3', engineNode: null });
    expect(parseAllowedLibrary('/opt/a=/b=/c')).toEqual({ libcrypto: '/opt/a', engineNode: '/b=/c' });
  });

  it('refuses a relative path, an empty one, and a NUL, CR or LF anywhere', () => {
    for (const bad of ['libcrypto.so.3', '', 'x/opt/a', '/opt/\0a', '/opt/a\r', '/opt/a\n', '/opt/a=/n\n']) {
      expect(parseAllowedLibrary(bad), JSON.stringify(bad)).toEqual({ error: `--allow-libcrypto: expected PATH or PATH=NODE, absolute paths, got ${JSON.stringify(bad)}` });
    }
  });
});

describe('runWebHostCli', () => {
  let root: string;
  let renderer: string;
  let session: Session;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'bio-web-cli-'));
    renderer = join(root, 'renderer');
    mkdirSync(renderer);
    writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>workbench</title>');
    process.env.BIO_WORKBENCH_DATA_DIR = join(root, 'data');
    session = await Session.start({ startEngine: () => startInProcessEngine(), host: 'web' });
  });
  afterAll(async () => {
    await session?.close();
    delete process.env.BIO_WORKBENCH_DATA_DIR;
    rmSync(root, { recursive: true, force: true });
  });

  /** The command's output, a host it starts (real, on loopback, over this file's session), and its stop. */
  function io(start?: (opts: WebHostOptions) => Promise<WebHost>) {
    let made: WebHost | null = null;
    let serving: (host: WebHost) => void = () => undefined;
    const out = { stdout: [] as string[], stderr: [] as string[], started: [] as WebHostOptions[], stop: ((signal: string) => void signal) as (signal: string) => void };
    // Resolves once the command waits for its stop: the URL and the serving line are written.
    const host = new Promise<WebHost>((resolve) => (serving = resolve));
    const cli: WebHostCliIo = {
      stdout: (t) => void out.stdout.push(t),
      stderr: (t) => void out.stderr.push(t),
      start: async (opts) => {
        out.started.push(opts);
        const host = await (start ?? ((o) => startWebHost({ ...o, rendererDir: renderer, session, warn: () => undefined })))(opts);
        made = host;
        return host;
      },
      onStop: (stop) => {
        out.stop = stop;
        serving(made!);
      },
    };
    return { out, cli, host };
  }

  it('prints the usage on stdout for --help and exits 0 without starting a host', async () => {
    const { out, cli } = io();
    expect(await runWebHostCli(['--help'], cli)).toBe(0);
    expect(out.stdout).toEqual([expect.stringMatching(/^usage: npm run web/)]);
    expect(out.stderr).toEqual([]);
    expect(out.started).toEqual([]);
  });

  it('exits 2 with the reason on stderr, and nothing on stdout, for a bad option', async () => {
    const { out, cli } = io();
    expect(await runWebHostCli(['--port', 'x'], cli)).toBe(2);
    expect(out.stderr).toEqual(['--port: expected an integer from 0 to 65535, got "x"\n']);
    expect(out.stdout).toEqual([]);
    expect(out.started).toEqual([]);
  });

  it('exits 3 saying why when the host cannot start', async () => {
    const { out, cli } = io((o) => startWebHost({ ...o, rendererDir: join(root, 'nothing-built'), session }));
    expect(await runWebHostCli([], cli)).toBe(3);
    expect(out.stderr).toEqual([expect.stringMatching(/^the web host could not start: the renderer is not built \(.*nothing-built\/index\.html is missing\): run npm run build\n$/)]);
    expect(out.stdout).toEqual([]);
  });

  it('prints only the URL on stdout, serves until told to stop, then closes and exits 0', async () => {
    const { out, cli, host: started } = io();
    const exit = runWebHostCli(['--max-connections', '7'], cli);
    const host = await started;
    expect(out.started).toEqual([{ ...DEFAULTS, maxConnections: 7 }]);
    expect(out.stdout).toEqual([`${host.url}\n`]);
    expect(out.stderr).toEqual([`serving the workbench; the engine runs ${session.info!.libcrypto.version}; Ctrl-C stops it (and closes its sockets)\n`]);
    expect(await status(host.port)).toBe(200);
    out.stop('SIGTERM');
    expect(await exit).toBe(0);
    expect(out.stderr[1]).toBe('SIGTERM: stopping the web host and its engine\n');
    await expect(status(host.port)).rejects.toThrow(/ECONNREFUSED/);
  });

  it('says "libcrypto" while the engine has not yet told which one it runs', async () => {
    const { out, cli, host: started } = io(async (o) => {
      const host = await startWebHost({ ...o, rendererDir: renderer, session, warn: () => undefined });
      // The session of an engine that is not running (yet) has no info.
      return { ...host, session: Object.defineProperty(Object.create(session), 'info', { value: null }) as Session };
    });
    const exit = runWebHostCli([], cli);
    await started;
    expect(out.stderr).toEqual(['serving the workbench; the engine runs libcrypto; Ctrl-C stops it (and closes its sockets)\n']);
    out.stop('SIGTERM');
    expect(await exit).toBe(0);
  });

  it('exits 1 when stopping fails', async () => {
    const { out, cli, host: started } = io(async (o) => {
      const host = await startWebHost({ ...o, rendererDir: renderer, session, warn: () => undefined });
      return { ...host, close: () => host.close().then(() => Promise.reject(new Error('the session did not stop'))) };
    });
    const exit = runWebHostCli([], cli);
    await started;
    out.stop('SIGINT');
    expect(await exit).toBe(1);
    expect(out.stderr[1]).toBe('SIGINT: stopping the web host and its engine\n');
  });
});

function status(port: number): Promise<number> {
  return new Promise((resolve, reject) =>
    httpRequest({ host: '127.0.0.1', port, path: '/', agent: false, headers: { Host: `127.0.0.1:${port}` } }, (res) => (res.resume(), resolve(res.statusCode!))).on('error', reject).end(),
  );
}
