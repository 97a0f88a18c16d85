// A project's own Playwright tests against the installed workbench. Each test also notes, in the
// file WORKBENCH_SEEN names, its host's URL and the workbench processes running for it, so the
// test that installed this project can check that none of them outlived the run.
import { appendFileSync, readdirSync, readFileSync } from 'node:fs';
import { test, expect } from 'bio-socket-workbench/playwright';

/** Every process whose command line runs a file of the installed package (the web host, the engine). */
function workbenchProcesses(): { pid: number; cmdline: string }[] {
  const found: { pid: number; cmdline: string }[] = [];
  for (const entry of readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
    let cmdline: string;
    try {
      cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ');
    } catch {
      continue;
    }
    if (cmdline.includes('node_modules/bio-socket-workbench/out/main/')) found.push({ pid: Number(entry), cmdline });
  }
  return found;
}

test.afterEach(({ workbenchHost }) => {
  appendFileSync(process.env.WORKBENCH_SEEN!, JSON.stringify({ url: workbenchHost?.url, processes: workbenchProcesses() }) + '\n');
});

test('a refused connect: ECONNREFUSED, and the error queue holds both entries', async ({ workbench }) => {
  await workbench.call('BIO_socket', { as: 'c', domain: 'AF_INET', socktype: 'SOCK_STREAM' });
  await workbench.call('BIO_connect', { sock: 'c', addr: '127.0.0.1:1' });
  const record = await workbench.lastRecord();
  expect(record.ret).toBe(0);
  expect(record.errno?.name).toBe('ECONNREFUSED');
  expect(record.errorQueue.map((e) => e.reason)).toEqual(['Connection refused', 'connect error']);
  expect(record.errorQueue.map((e) => e.library)).toEqual(['system library', 'BIO routines']);
});

test('a shipped scenario over AF_UNIX, stepped through the window, leaves its socket file to the host to remove', async ({ workbench }) => {
  const summary = await workbench.runScenario({ shipped: 'An AF_UNIX listener and client exchanging a message' });
  expect(summary).toMatchObject({ steps: 11, failed: 0 });
});
