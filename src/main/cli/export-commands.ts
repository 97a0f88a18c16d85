// `bio-workbench export-commands FILE [--json]`: each listener and connection of a scenario as
// the socat, ncat and openssl s_server / s_client command doing the same, and the steps that
// have no equivalent, with why.
import type { Command } from 'commander';
import { loadScenario } from './cli-exit';
import { terminalLines } from '../../shared/escape/terminal';

export function exportCommandsCommand(program: Command): void {
  program
    .command('export-commands')
    .description('print the socat, ncat and openssl commands doing what a scenario\'s listeners and connections do, and which steps have no equivalent')
    .argument('<file>', 'scenario JSON file, or - for stdin')
    .option('--json', 'print {title, endpoints: [{endpoint, title, commands}], noEquivalent}')
    .action(async (file: string, flags: { json?: boolean }) => {
      const scenario = loadScenario(file, flags.json);
      // Loaded by this command only: a run does not compile the command tables.
      const { commandExportText, scenarioCommands } = await import('../../shared/commands/equivalent');
      const exported = scenarioCommands(scenario);
      process.stdout.write(flags.json ? JSON.stringify(exported, null, 2) + '\n' : terminalLines(commandExportText(exported)));
    });
}
