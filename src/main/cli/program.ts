// bio-workbench's commands: runs scenario files against the real libcrypto, headless.
//   run FILE [--json]   validate FILE   schema   flags   version   export-c FILE
//   compare FILE --libcrypto A --libcrypto B   export-commands FILE
// Exit codes: 0 all expectations held, 1 one failed (or a step was refused unexpectedly), 2 invalid
// file, 3 engine failed.
import { Command, CommanderError } from 'commander';
import { startEngine, type EngineClient } from '../engine-host';
import { scenarioJsonSchema } from '../../shared/steps';
import { writeFileSync } from 'node:fs';
import { runScenarioOnEngine, withEngine as withOwnEngine, type EngineStarter, type ScenarioEngineOptions } from '../scenario-run';
import { FLAGS } from '../../shared/flags';
import { formatReport, libcryptoLine } from './report';
import { EXIT, Exit, loadScenario, orExit } from './cli-exit';
import { compareCommand } from './compare-command';
import { exportCommandsCommand } from './export-commands';
import type { EarlyEngine } from './early-engine';
import { terminalLines, terminalText } from '../../shared/escape/terminal';

interface EngineFlags {
  json?: boolean;
  capture?: boolean;
  pcap?: string;
  captureTool?: string;
  libcrypto?: string;
  engineNode?: string;
}

function engineOptions(cmd: Command): Command {
  return cmd
    .option('--libcrypto <path>', 'libcrypto to load (default: the system libcrypto.so.3; env BIO_WORKBENCH_LIBCRYPTO)')
    .option('--engine-node <path>', 'node binary that runs the engine (env BIO_WORKBENCH_NODE), e.g. one built for a newer glibc');
}

function captureOptions(flags: EngineFlags): ScenarioEngineOptions['capture'] {
  if (!flags.capture && !flags.pcap) return undefined;
  const file = flags.pcap;
  return { tool: flags.captureTool, pcap: file ? (bytes) => writeFileSync(file, bytes) : undefined };
}

export function buildProgram(start: EngineStarter = startEngine): Command {
  const withEngine = <T>(flags: EngineFlags, fn: (engine: EngineClient) => Promise<T>): Promise<T> => orExit(flags.json, () => withOwnEngine({ libcrypto: flags.libcrypto, engineNode: flags.engineNode }, fn, start));

  const program = new Command('bio-workbench')
    .description("Run OpenSSL's socket setup routines (BIO_socket, BIO_connect, BIO_listen, BIO_accept_ex...) for real and report what happened.")
    .showHelpAfterError()
    // Commander's messages quote the command line: shown with its control bytes escaped.
    .configureOutput({ writeErr: (text) => process.stderr.write(terminalLines(text)) })
    .exitOverride();

  engineOptions(
    program
      .command('run')
      .description('run a scenario file (- for stdin); exit 0 if every expectation held, 1 if one failed, 2 if the file is invalid, 3 if the engine failed')
      .argument('<file>', 'scenario JSON file, or - for stdin')
      .option('--json', 'print one JSON object: {ok, title, libcrypto, failures, steps}')
      .option('--capture', "capture the session's packets (tcpdump or dumpcap): each step lists the packets seen in its span")
      .option('--pcap <file>', "save the session's packets as a pcap file (implies --capture)")
      .option('--capture-tool <path>', 'the capture program, tcpdump or dumpcap (env BIO_WORKBENCH_CAPTURE)'),
  ).action(async (file: string, flags: EngineFlags) => {
    const scenario = loadScenario(file, flags.json);
    const result = await orExit(flags.json, () => runScenarioOnEngine(scenario, { libcrypto: flags.libcrypto, engineNode: flags.engineNode, capture: captureOptions(flags) }, start));
    if (result.capture?.unavailable) process.stderr.write(`bio-workbench: ${terminalText(result.capture.unavailable)}\n`);
    process.stdout.write(flags.json ? JSON.stringify(result, null, 2) + '\n' : terminalLines(formatReport(result, scenario)));
    if (!result.ok) throw new Exit(EXIT.expectFailed);
  });

  program
    .command('validate')
    .description('check a scenario file without running anything (exit 0 valid, 2 invalid)')
    .argument('<file>', 'scenario JSON file, or - for stdin')
    .option('--json', 'print {ok, error?} as JSON')
    .action(async (file: string, flags: { json?: boolean }) => {
      const scenario = loadScenario(file, flags.json);
      if (flags.json) process.stdout.write(JSON.stringify({ ok: true, steps: scenario.steps.length }) + '\n');
      else process.stdout.write(`${terminalText(file)}: valid, ${scenario.steps.length} steps\n`);
    });

  program
    .command('schema')
    .description("print the scenario format's JSON Schema (for editors)")
    .action(() => {
      process.stdout.write(JSON.stringify(scenarioJsonSchema(), null, 2) + '\n');
    });

  program
    .command('flags')
    .description('print the BIO_SOCK_* flag table')
    .option('--json', 'as JSON')
    .action((flags: { json?: boolean }) => {
      if (flags.json) return void process.stdout.write(JSON.stringify(FLAGS, null, 2) + '\n');
      const rows = FLAGS.map((f) => `${f.name.padEnd(20)} 0x${f.bit.toString(16).padStart(2, '0')}  since ${f.sinceText.padEnd(6)} ${f.applies.padEnd(13)} honoured by ${f.honouredBy.join(', ')}\n${' '.repeat(26)}${f.meaning}`);
      process.stdout.write(rows.join('\n') + '\n');
    });

  engineOptions(program.command('version').description('print the loaded libcrypto: path, version and capabilities').option('--json', 'as JSON')).action(
    async (flags: EngineFlags) => {
      const info = await withEngine(flags, (engine) => engine.request('info', {}));
      process.stdout.write(flags.json ? JSON.stringify(info, null, 2) + '\n' : libcryptoLine(info.libcrypto) + '\n');
    },
  );

  program
    .command('export-c')
    .description('write a C program making the same calls as a scenario, printing the same JSON shape')
    .argument('<file>', 'scenario JSON file, or - for stdin')
    .option('-o, --output <path>', 'write to this file instead of stdout')
    .action(async (file: string, flags: { output?: string }) => {
      const scenario = loadScenario(file, false);
      const { exportC } = await import('./export-c'); // loaded by this command only, not by a run
      const source = exportC(scenario);
      if (flags.output) {
        writeFileSync(flags.output, source);
      } else process.stdout.write(source);
    });

  compareCommand(program);
  exportCommandsCommand(program);
  return program;
}

/** Runs one command line; `early` is the engine the entry started before loading this program. */
export async function main(argv: string[], early: EarlyEngine | null = null): Promise<number> {
  // The engine started early, when it was started with the options the command asks for.
  const start: EngineStarter = (opts) => early?.take(opts) ?? startEngine(opts);
  try {
    await buildProgram(start).parseAsync(argv, { from: 'user' });
    return EXIT.ok;
  } catch (e) {
    if (e instanceof Exit) return e.code;
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : EXIT.invalid;
    process.stderr.write(`bio-workbench: ${terminalLines(String((e as Error).stack ?? e))}\n`);
    return EXIT.engine;
  } finally {
    await early?.discard();
  }
}
