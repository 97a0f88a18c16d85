// bio-workbench, loaded by the entry (cli.ts) once the compile cache is on. A command that needs an
// engine starts its process first, so the engine loading libcrypto and this process loading the
// program overlap (see program.ts for the commands).
import { startEarlyEngine } from './early-engine';

const argv = process.argv.slice(2);
const early = startEarlyEngine(argv);

// Piped into `head` and the like: a closed stdout ends the command quietly.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

const { main } = await import('./program');
process.exitCode = await main(argv, early);
