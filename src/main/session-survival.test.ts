// The session log survives a killed host: the built web host runs as a child process, takes calls
// over its WebSocket, is SIGKILLed, and its JSON lines hold every record; the next start reopens them.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { appendFileSync, copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionState } from '../shared/contract';
import type { CallRecord } from '../shared/record';
import type { Step } from '../shared/steps';
import { pageClient } from './testing/page-client';
import { startEngine } from './engine-host';
import { Session } from './session/session';
import { RpcError } from '../shared/rpc/error';
import { PreviousSessionLog, listSessionLogs, sessionsDirectory } from './session-log';
import { within, alive } from './testing/process-waits';
import { dataText } from '../shared/data-bytes';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const REPEATS = 25;

const dirs: string[] = [];
const hosts: ChildProcess[] = [];

async function until(check: () => boolean, ms: number, what: string): Promise<void> {
  await within(
    (async () => {
      while (!check()) await new Promise((r) => setTimeout(r, 20));
    })(),
    ms,
    what,
  );
}

/** Starts `node out/main/web.js --port 0` on `dataDir`; resolves its URL. */
async function startHost(dataDir: string): Promise<{ child: ChildProcess; url: URL; exit: Promise<{ code: number | null; signal: string | null }> }> {
  let stderr = '';
  const child = spawn(process.execPath, [join(ROOT, 'out/main/web.js'), '--port', '0'], {
    cwd: ROOT,
    env: { ...process.env, BIO_WORKBENCH_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  hosts.push(child);
  child.stderr!.on('data', (d) => (stderr += d));
  const exit = new Promise<{ code: number | null; signal: string | null }>((r) => child.once('exit', (code, signal) => r({ code, signal })));
  const line = await within(new Promise<string>((resolve) => createInterface({ input: child.stdout! }).once('line', resolve)), 30_000, `the web host's URL (stderr: ${stderr})`);
  return { child, url: new URL(line), exit };
}


const logFiles = (dataDir: string) => readdirSync(sessionsDirectory(dataDir)).filter((f) => f.endsWith('.jsonl')).sort();
const lines = (dataDir: string, file: string) => readFileSync(join(sessionsDirectory(dataDir), file), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as CallRecord);

function newDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'bio-survival-'));
  dirs.push(dir);
  return dir;
}

/** What a web host killed mid-session left: its data directory, its log's id and what its page was answered. */
interface KilledHost {
  dataDir: string;
  id: string;
  records: CallRecord[];
  hostPid: number;
}

/** A host takes calls over its WebSocket, checked as it goes, and is SIGKILLed with a call waiting. */
async function runAndKillHost(): Promise<KilledHost> {
  const dataDir = newDataDir();
  const records: CallRecord[] = [];
  const host = await startHost(dataDir);
  const page = pageClient(host.url);
  const logged: number[] = [];
  page.on('log', (p) => logged.push(p.position));
  try {
    const state = (await within(page.request('session', {}), 10_000, 'session')) as SessionState;
    const enginePid = state.info!.pid;
    expect(alive(enginePid)).toBe(true);
    const call = async (step: Step) => {
      const rec = await page.request('call', { step });
      records.push(rec);
      // Written before the answer: the file already holds this record when the page gets it.
      expect(lines(dataDir, logFiles(dataDir)[0])).toHaveLength(records.length);
      return rec;
    };
    await call({ call: 'BIO_socket', as: 'l', domain: 'AF_INET', socktype: 'SOCK_STREAM' });
    const listen = await call({ call: 'BIO_listen', sock: 'l', addr: '127.0.0.1:0' });
    await call({ call: 'BIO_socket', as: 'c', domain: 'AF_INET', socktype: 'SOCK_STREAM' });
    expect((await call({ call: 'BIO_connect', sock: 'c', addr: listen.socket!.local!, timeoutMs: 5000 })).ret).toBe(1);
    expect((await call({ call: 'BIO_accept_ex', sock: 'l', as: 'a', timeoutMs: 5000 })).ret).toBeGreaterThanOrEqual(0);
    expect((await call({ call: 'BIO_write', sock: 'c', data: 'survive' })).ret).toBe(7);
    expect(dataText((await call({ call: 'BIO_read', sock: 'a', max: 64, timeoutMs: 5000 })).data)).toBe('survive');
    expect((await call({ call: 'BIO_write', sock: 'nobody', data: 'x' })).refused).toMatch(/no open socket/);
    for (let i = 0; i < REPEATS; i++) await call({ call: 'BIO_get_port', service: String(1000 + i) });
    await until(() => logged.length === records.length, 5000, 'every log event');
    expect(logged).toEqual(records.map((_, i) => i));

    // A call still waiting when the host dies: it never finished, so it has no record.
    void page.request('call', { step: { call: 'BIO_accept_ex', sock: 'l', as: 'never', timeoutMs: 60_000 } }).catch(() => undefined);
    for (let i = 0; i < 100 && ((await page.request('session', {})) as SessionState).waiting.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(((await page.request('session', {})) as SessionState).waiting.map((w) => w.call)).toEqual(['BIO_accept_ex']);

    expect(host.child.kill('SIGKILL')).toBe(true);
    expect(await within(host.exit, 5000, 'the host to die')).toEqual({ code: null, signal: 'SIGKILL' });
    // The engine notices its parent is gone and exits, closing its sockets (no orphan holds ports).
    await until(() => !alive(enginePid), 5000, `engine pid ${enginePid} to exit after its host was killed`);
  } finally {
    page.close();
  }
  const files = logFiles(dataDir);
  expect(files).toHaveLength(1);
  return { dataDir, id: files[0].slice(0, -'.jsonl'.length), records, hostPid: host.child.pid! };
}

let killed: Promise<KilledHost> | undefined;
/** The killed host's run, made once for the file by whichever test asks first (any order, any filter). */
const killedHost = (): Promise<KilledHost> => (killed ??= runAndKillHost());

/** A data directory of a test's own holding a copy of the killed host's log. */
function copyOfKilled(k: KilledHost): string {
  const dir = newDataDir();
  mkdirSync(sessionsDirectory(dir), { recursive: true });
  copyFileSync(join(sessionsDirectory(k.dataDir), `${k.id}.jsonl`), join(sessionsDirectory(dir), `${k.id}.jsonl`));
  return dir;
}

beforeAll(() => {
  const built = spawnSync(process.execPath, [join(ROOT, 'scripts/ensure-built.mjs')], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  if (built.status !== 0) throw new Error(`building the web host failed: ${built.stderr}`);
});

afterAll(() => {
  for (const h of hosts) if (h.exitCode === null && h.signalCode === null) h.kill('SIGKILL');
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('the session log survives a killed web host', () => {
  it('is written as it grows and holds every record after SIGKILL; the engine goes with the host', async () => {
    const { dataDir, id, records } = await killedHost();
    const onDisk = lines(dataDir, `${id}.jsonl`);
    expect(onDisk).toHaveLength(records.length);
    expect(onDisk).toEqual(records);
    process.stdout.write(`killed host: ${records.length} records answered, ${onDisk.length} on disk after SIGKILL; lost ${records.length - onDisk.length}\n`);
  }, 60_000);

  it('a new host on the same directory starts its own log and the earlier one can be reopened', async () => {
    const k = await killedHost();
    const { records, id: firstId } = k;
    const dataDir = copyOfKilled(k);
    const host = await startHost(dataDir);
    const page = pageClient(host.url);
    let secondId: string;
    try {
      const rec = await page.request('call', { step: { call: 'BIO_get_port', service: 'https' } });
      expect(rec.ret).toBe(1);
      const state = (await page.request('session', {})) as SessionState;
      // The new session starts empty; the old file is untouched beside the new one.
      expect(state.logTotal).toBe(1);
      const files = logFiles(dataDir);
      expect(files).toHaveLength(2);
      secondId = files.find((f) => !f.startsWith(firstId))!.slice(0, -'.jsonl'.length);
      expect(lines(dataDir, `${firstId}.jsonl`)).toEqual(records);
      expect(lines(dataDir, `${secondId}.jsonl`)).toEqual([rec]);
    } finally {
      page.close();
      host.child.kill('SIGTERM');
      expect(await within(host.exit, 10_000, 'the second host to stop')).toEqual({ code: 0, signal: null });
    }

    const listed = listSessionLogs(dataDir);
    expect(listed.map((l) => l.id)).toEqual([secondId, firstId]);
    const first = listed[1];
    expect(first).toMatchObject({ id: firstId, entries: records.length, torn: false, pid: k.hostPid, startedAt: records[0].startedAt });
    const reopened = PreviousSessionLog.open(dataDir, firstId);
    expect(reopened.read(0, 10_000)).toEqual({ total: records.length, entries: records, torn: false });
    expect(reopened.read(5, 3).entries).toEqual(records.slice(5, 8));
    expect(reopened.read(records.length, 10).entries).toEqual([]);
    process.stdout.write(`reopened session ${firstId}: ${reopened.total} of ${records.length} records\n`);
  }, 60_000);

  it('a host killed mid-write leaves a torn last line: reopening keeps every whole record and says so', async () => {
    const k = await killedHost();
    const dataDir = copyOfKilled(k);
    const tornId = `${k.id}-torn`;
    copyFileSync(join(sessionsDirectory(dataDir), `${k.id}.jsonl`), join(sessionsDirectory(dataDir), `${tornId}.jsonl`));
    appendFileSync(join(sessionsDirectory(dataDir), `${tornId}.jsonl`), JSON.stringify(k.records[0]).slice(0, 40));
    const torn = PreviousSessionLog.open(dataDir, tornId);
    expect(torn.info).toMatchObject({ entries: k.records.length, torn: true });
    expect(torn.read(0, 10_000).entries).toEqual(k.records);
    expect(() => PreviousSessionLog.open(dataDir, '../../etc/passwd')).toThrow(/^id: expected a session id/);
    expect(() => PreviousSessionLog.open(dataDir, 'no-such-session')).toThrow(/^id: no session log/);
  }, 60_000);

  it('the Session lists earlier logs (not its own) and pages through one, refusing bad ids by field', async () => {
    const k = await killedHost();
    const { records, id: firstId } = k;
    const dataDir = copyOfKilled(k);
    process.env.BIO_WORKBENCH_DATA_DIR = dataDir;
    const session = await Session.start({ startEngine: () => startEngine(), warn: () => undefined });
    try {
      // Through the contract, as a page asks: `sessions` then `openLog`.
      const previous = (await session.request('sessions', {})).sessions;
      expect(previous.map((p) => p.id)).toEqual([firstId]);
      expect(previous.some((p) => session.log.file!.endsWith(`${p.id}.jsonl`))).toBe(false);
      expect(logFiles(dataDir)).toHaveLength(2);
      const page = await session.request('openLog', { id: firstId, offset: 0, limit: 10 });
      expect(page).toMatchObject({ total: records.length, torn: false, info: { id: firstId } });
      expect(page.entries).toEqual(records.slice(0, 10));
      expect((await session.request('openLog', { id: firstId, offset: 10, limit: 10_000 })).entries).toEqual(records.slice(10));
      // A path-like id never reaches the disk: the contract's schema names the field.
      const bad = await session.request('openLog', { id: '../x', offset: 0, limit: 1 }).catch((e: unknown) => e);
      expect(bad).toBeInstanceOf(RpcError);
      expect(bad).toMatchObject({ code: 'invalid-request', field: 'id' });
    } finally {
      await session.close();
      delete process.env.BIO_WORKBENCH_DATA_DIR;
    }
  }, 60_000);
});
