// `bio-workbench compare FILE --libcrypto A --libcrypto B [--engine-node N ...] [--json]`: the
// scenario on each library, one fresh engine each, and what differs step by step. Exit 0 when
// they agree, 1 when they differ, 2 for an invalid file or usage, 3 when an engine could not
// start or died (naming which).
import type { Command } from 'commander';
import { startEngine } from '../engine-host';
import { EXIT, Exit, fail, loadScenario } from './cli-exit';
import { terminalLines } from '../../shared/escape/terminal';

interface CompareFlags {
  libcrypto: string[];
  engineNode: string[];
  json?: boolean;
}

const LABELS = ['A', 'B'] as const;
/** Given for --engine-node, the node that runs this CLI (when only the second library needs its own). */
const DEFAULT_NODE = '-';

const collect = (value: string, previous: string[]): string[] => [...previous, value];

export function compareCommand(program: Command): void {
  program
    .command('compare')
    .description('run a scenario on two libcrypto builds, one engine each, and report per step what differs (ret, errno, the error queue, the options applied); exit 0 when they agree, 1 when they differ, 2 for an invalid file, 3 when an engine could not start')
    .argument('<file>', 'scenario JSON file, or - for stdin')
    .option('--libcrypto <path>', 'a libcrypto to load: give it twice, A then B', collect, [])
    .option('--engine-node <path>', `the node that runs the engine for the library in the same place (A, then B); ${DEFAULT_NODE} for this node`, collect, [])
    .option('--json', 'print one JSON object: {agree, title, libraries, differing, steps, runs}')
    .action(async (file: string, flags: CompareFlags) => {
      if (flags.libcrypto.length !== 2) {
        fail(EXIT.invalid, { step: null, field: 'libcrypto', message: `expected --libcrypto twice (A, then B), got it ${flags.libcrypto.length} time(s)` }, flags.json);
      }
      if (flags.engineNode.length > 2) {
        fail(EXIT.invalid, { step: null, field: 'engine-node', message: `expected --engine-node at most twice (for A, then B), got it ${flags.engineNode.length} times` }, flags.json);
      }
      const scenario = loadScenario(file, flags.json);
      const sides = LABELS.map((label, i) => {
        const node = flags.engineNode[i];
        return { label, libcrypto: flags.libcrypto[i], engineNode: node === undefined || node === DEFAULT_NODE ? undefined : node };
      });
      // Loaded by this command only: a run does not compile the comparison.
      const [{ runSideBySide, SideEngineError }, { formatComparison }] = await Promise.all([import('../side-by-side'), import('./compare-report')]);
      let result;
      try {
        result = await runSideBySide(scenario, [() => startEngine(sides[0]), () => startEngine(sides[1])]);
      } catch (e) {
        if (!(e instanceof SideEngineError)) throw e;
        const side = sides[e.side];
        const what = e.phase === 'start' ? 'could not start' : 'failed while the scenario ran';
        fail(EXIT.engine, { step: null, field: `libcrypto[${e.side}]`, message: `the engine for ${side.label} (${side.libcrypto}) ${what}: ${e.message}` }, flags.json);
      }
      if (flags.json) {
        const libraries = sides.map((s, i) => ({ label: s.label, path: s.libcrypto, engineNode: s.engineNode ?? null, libcrypto: result.runs[i].libcrypto }));
        const runs = result.runs.map((r) => ({ ok: r.ok, failures: r.failures, steps: r.steps }));
        const { agree, differing, steps } = result.comparison;
        process.stdout.write(JSON.stringify({ agree, title: result.title, libraries, differing, steps, runs }, null, 2) + '\n');
      } else process.stdout.write(terminalLines(formatComparison(result)));
      if (!result.comparison.agree) throw new Exit(EXIT.expectFailed);
    });
}
