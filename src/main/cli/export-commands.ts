// `bio-workbench export-commands FILE [--json]`: each listener and connection of a scenario as
// the socat, ncat and openssl s_server / s_client command doing the same, and the steps that
// have no equivalent, with why.
import type { Command } from 'commander';
import { commandExportText, scenarioCommands } from '../../shared/commands/equivalent';
import { loadScenario } from './cli-exit';
import { terminalLines } from '../../shared/escape/terminal';

export function exportCommandsCommand(program: Command): void {
  program
    .command('export-commands')
    .description('print the socat, ncat and openssl commands doing what a scenario\'s listeners and connections do, and which steps have no equivalent')
    .argument('<file>', 'scenario JSON file, or - for stdin')
    .option('--json', 'print {title, endpoints: [{endpoint, title, commands}], noEquivalent}')
    .action((file: string, flags: { json?: boolean }) => {
      const exported = scenarioCommands(loadScenario(file, flags.json));
      process.stdout.write(flags.json ? JSON.stringify(exported, null, 2) + '\n' : terminalLines(commandExportText(exported)));
    });
}
