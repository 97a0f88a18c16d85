// The package's node API from a project that installed it: a shipped scenario's records, and an
// invalid scenario's rejection, printed as one JSON object for the test that installed it.
import { join } from 'node:path';
import { runScenarioFile, scenariosDir, ScenarioRunError } from 'bio-socket-workbench';

const report = await runScenarioFile(join(scenariosDir, 'refused-connect.json'));
let invalid = null;
try {
  await runScenarioFile({ steps: [{ call: 'BIO_connect', sock: 'c', addr: '127.0.0.1:1' }] });
} catch (e) {
  invalid = { isScenarioRunError: e instanceof ScenarioRunError, kind: e.kind, step: e.step, field: e.field, message: e.message };
}
process.stdout.write(JSON.stringify({ report, invalid }));
