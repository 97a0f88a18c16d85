// Type-checked, never run: the package's two entries have real types under node's ESM resolution
// (each @ts-expect-error below fails the check if a type came through as any).
import { runScenarioFile, scenariosDir, type CallRecord, type ScenarioReport, type ScenarioRunError } from 'bio-socket-workbench';
import { test, expect } from 'bio-socket-workbench/playwright';

export async function firstErrno(): Promise<string | undefined> {
  const report: ScenarioReport = await runScenarioFile(`${scenariosDir}/refused-connect.json`, { libcrypto: undefined });
  const first: CallRecord = report.steps[0];
  // @ts-expect-error a record's ret is a number or null, never a string
  const ret: string = first.ret;
  void ret;
  return first.errno?.name;
}

export const kind = (e: ScenarioRunError): 'invalid' | 'engine' => e.kind;

test('typed', async ({ workbench }) => {
  // @ts-expect-error call takes the call's name first
  await workbench.call({ sock: 'c' });
  const record = await workbench.lastRecord();
  expect(record.errorQueue[0]?.reason).toBe('Connection refused');
});
