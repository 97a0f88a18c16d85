// `npm run web` (and `npm start` without Electron): its options, checked before anything is
// served, then the host until SIGINT or SIGTERM.
import { parseArgs } from 'node:util';
import type { AllowedLibrary } from '../../shared/contract';
import { MAX_CONNECTIONS, startWebHost, type WebHost, type WebHostOptions } from './web-host';

const USAGE = `usage: npm run web -- [--port N] [--host ADDR] [--max-connections N] [--libcrypto PATH] [--engine-node PATH] [--allow-libcrypto PATH[=NODE] ...]

Serves the workbench to a browser on loopback and prints the URL to open (its token in the
fragment after #, which the page keeps to itself).
  --port N            port to listen on (0, the default, picks a free one)
  --host ADDR         address to bind (default 127.0.0.1; anything else is warned about)
  --max-connections N simultaneous connections held (default ${MAX_CONNECTIONS}); at it the oldest
                      idle one without the token makes room, else 503
  --libcrypto PATH    the libcrypto the engine loads (default: the system's libcrypto.so.3)
  --engine-node PATH  the node binary that runs the engine (or $BIO_WORKBENCH_NODE)
  --allow-libcrypto PATH[=NODE]
                      a libcrypto a page may name in Compare (repeatable; none by default),
                      and the node that runs its engine, e.g. one linked against a newer glibc
`;

/** `--allow-libcrypto PATH[=NODE]`: absolute paths; NODE follows the first "=" that starts one. */
export function parseAllowedLibrary(value: string): AllowedLibrary | { error: string } {
  const m = /^(\/.*?)(?:=(\/.*))?$/.exec(value);
  if (!m || /[\0\r\n]/.test(value)) return { error: `--allow-libcrypto: expected PATH or PATH=NODE, absolute paths, got ${JSON.stringify(value)}` };
  return { libcrypto: m[1], engineNode: m[2] ?? null };
}

/** What the command line asks for: the host's options, the usage text (--help), or why it is refused (exit 2). */
export type WebHostArgs = { options: WebHostOptions } | { help: string } | { error: string };

/** Reads `npm run web`'s arguments; a bad value is refused naming the option and what it expects. */
export function parseWebHostArgs(argv: string[]): WebHostArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'max-connections': { type: 'string' },
        libcrypto: { type: 'string' },
        'engine-node': { type: 'string' },
        'allow-libcrypto': { type: 'string', multiple: true },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (e) {
    return { error: `${(e as Error).message}\n${USAGE}` };
  }
  if (values.help) return { help: USAGE };
  const port = Number(values.port ?? 0);
  if (!Number.isInteger(port) || port < 0 || port > 65535) return { error: `--port: expected an integer from 0 to 65535, got ${JSON.stringify(values.port)}\n` };
  const maxConnections = Number(values['max-connections'] ?? MAX_CONNECTIONS);
  if (!Number.isInteger(maxConnections) || maxConnections < 1) {
    return { error: `--max-connections: expected a whole number of connections, 1 or more, got ${JSON.stringify(values['max-connections'])}\n` };
  }
  const allowLibcrypto: AllowedLibrary[] = [];
  for (const value of values['allow-libcrypto'] ?? []) {
    const parsed = parseAllowedLibrary(value);
    if ('error' in parsed) return { error: `${parsed.error}\n` };
    allowLibcrypto.push(parsed);
  }
  return { options: { port, host: values.host, maxConnections, libcrypto: values.libcrypto, engineNode: values['engine-node'], allowLibcrypto } };
}

/** Where the command's output goes, how it starts the host, and when it stops: the process's own unless a test says. */
export interface WebHostCliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  start: (opts: WebHostOptions) => Promise<WebHost>;
  /** Calls `stop` once, with the signal's name, when the host is to stop. */
  onStop: (stop: (signal: string) => void) => void;
}

const processIo: WebHostCliIo = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  start: startWebHost,
  onStop: (stop) => {
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  },
};

/** `npm run web`: starts the host, prints its URL as the only stdout line, stops on SIGINT/SIGTERM. */
export async function runWebHostCli(argv: string[], io: WebHostCliIo = processIo): Promise<number> {
  const args = parseWebHostArgs(argv);
  if ('help' in args) {
    io.stdout(args.help);
    return 0;
  }
  if ('error' in args) {
    io.stderr(args.error);
    return 2;
  }
  let host: WebHost;
  try {
    host = await io.start(args.options);
  } catch (e) {
    io.stderr(`the web host could not start: ${(e as Error).message}\n`);
    return 3;
  }
  io.stdout(host.url + '\n');
  io.stderr(`serving the workbench; the engine runs ${host.session.info?.libcrypto.version ?? 'libcrypto'}; Ctrl-C stops it (and closes its sockets)\n`);
  return new Promise<number>((resolve) => {
    io.onStop((signal) => {
      io.stderr(`${signal}: stopping the web host and its engine\n`);
      void host.close().then(() => resolve(0), () => resolve(1));
    });
  });
}
