// The engine a command will need, started before the rest of the program loads: node loading the
// engine (and libcrypto) and this process loading the commands then overlap. The options are
// read from the command line the way the program will read them; when the program asks for an
// engine with other options, this one is killed and the program starts its own.
import { launchEngine, type EngineClient, type EngineStartOptions } from '../engine-host';

/** Commands that run one engine with --libcrypto and --engine-node. */
const ENGINE_COMMANDS = new Set(['run', 'version']);

export interface EarlyEngine {
  /** The engine when it was started with `opts` (once); null when the program must start its own. */
  take(opts: EngineStartOptions): Promise<EngineClient> | null;
  /** Kills it when nobody took it (an invalid file, --help). */
  discard(): Promise<void>;
}

/** --libcrypto and --engine-node of a command line (`--name value` or `--name=value`, the last one wins). */
export function engineOptionsOf(args: readonly string[]): EngineStartOptions {
  const opts: EngineStartOptions = {};
  const names: Record<string, 'libcrypto' | 'engineNode'> = { '--libcrypto': 'libcrypto', '--engine-node': 'engineNode' };
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--') break;
    const [flag, inline] = args[i].split(/=(.*)/s, 2);
    const key = names[flag];
    if (!key) continue;
    const value = inline ?? args[++i];
    if (value !== undefined) opts[key] = value;
  }
  return opts;
}

export function startEarlyEngine(argv: readonly string[]): EarlyEngine | null {
  if (!ENGINE_COMMANDS.has(argv[0]) || argv.includes('--help') || argv.includes('-h')) return null;
  const started: EngineStartOptions = { ...engineOptionsOf(argv.slice(1)), liveView: false };
  let engine: EngineClient | null;
  try {
    engine = launchEngine(started);
  } catch {
    return null; // not built, or cannot fork: the program starts its own and says why
  }
  return {
    take(opts) {
      if (!engine || opts.libcrypto !== started.libcrypto || opts.engineNode !== started.engineNode || opts.liveView !== started.liveView) return null;
      const taken = engine;
      engine = null;
      return taken.ready.then(() => taken);
    },
    async discard() {
      const unused = engine;
      engine = null;
      await unused?.kill();
    },
  };
}
