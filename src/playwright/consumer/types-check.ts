// Type-checked, never run: the package's two entries have real types under node's ESM resolution
// (each @ts-expect-error below fails the check if a type came through as any).
import { lessonsDir, runScenarioFile, scenariosDir, type BioSnapshot, type CallRecord, type ScenarioReport, type ScenarioRunError } from 'bio-socket-workbench';
import { test, expect } from 'bio-socket-workbench/playwright';

export async function firstErrno(): Promise<string | undefined> {
  const report: ScenarioReport = await runScenarioFile(`${scenariosDir}/refused-connect.json`, { libcrypto: undefined });
  const first: CallRecord = report.steps[0];
  // @ts-expect-error a record's ret is a number or null, never a string
  const ret: string = first.ret;
  void ret;
  return first.errno?.name;
}

export async function verifyText(): Promise<string | undefined> {
  const report = await runScenarioFile(`${lessonsDir}/tls-verify.json`);
  const bio: BioSnapshot | undefined = report.steps.find((r) => r.bio)?.bio;
  // @ts-expect-error a BIO's fd is a number
  const fd: string | undefined = bio?.fd;
  void fd;
  return report.steps.find((r) => r.tls?.verify?.code === 18)?.tls?.verify?.text;
}

export const kind = (e: ScenarioRunError): 'invalid' | 'engine' => e.kind;

test('typed', async ({ workbench }) => {
  // @ts-expect-error call takes the call's name first
  await workbench.call({ sock: 'c' });
  await workbench.call('SSL_CTX_new', { as: 'ctx', method: 'TLS_client_method', caFile: 'demo', alpn: ['h2'], on: undefined });
  // @ts-expect-error a nonblocking switch is a boolean
  await workbench.call('BIO_set_nbio', { bio: 'cb', on: 1 });
  const record = await workbench.lastRecord();
  expect(record.errorQueue[0]?.reason).toBe('Connection refused');
  expect(record.tls?.sslError?.name).toBe('SSL_ERROR_SSL');
});
