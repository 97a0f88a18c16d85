// `npm run web` as the process it is: the URL as its only stdout line, the built page's icon,
// a real engine child, and SIGTERM stopping both. (The host's handling is tested in process in
// web-host.test and web-host-answers.test; this is the one run through the entry point.)
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { ServerEnvelope as HostFrame } from '../../shared/rpc/envelope';

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'bio-web-main-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('npm run web', () => {
  it('prints exactly the URL on stdout and stops its engine on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'web-main.ts'), '--port', '0'], {
      env: { ...process.env, BIO_WORKBENCH_DATA_DIR: join(root, 'cli-data') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const lines = createInterface({ input: child.stdout });
    const stdout: string[] = [];
    const first = await new Promise<string>((resolve, reject) => {
      lines.once('line', resolve);
      child.once('exit', (code) => reject(new Error(`npm run web exited with ${code}: ${stderr}`)));
    });
    lines.on('line', (l) => stdout.push(l));
    expect(first).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=[0-9a-f]{64}$/);
    const ws = new WebSocket(first.replace('http://', 'ws://').replace('/#', '/ws?'));
    const answer = new Promise<HostFrame>((resolve) => ws.on('message', (d) => resolve(JSON.parse(d.toString()) as HostFrame)));
    await new Promise<void>((resolve, reject) => (ws.once('open', () => resolve()), ws.once('error', reject)));
    // The built page ships an icon, so a browser's /favicon.ico finds one.
    const icon = await new Promise<{ status: number; type: string | undefined }>((resolve, reject) =>
      httpRequest(new URL('/favicon.ico', first), (res) => (res.resume(), resolve({ status: res.statusCode!, type: res.headers['content-type'] }))).on('error', reject).end(),
    );
    expect(icon).toEqual({ status: 200, type: 'image/x-icon' });
    ws.send(JSON.stringify({ type: 'request', id: 1, method: 'info', input: {} }));
    const info = await answer;
    const enginePid = info.type === 'response' && info.ok ? (info.result as { pid: number }).pid : -1;
    expect(enginePid).toBeGreaterThan(0);
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stdout).toEqual([]);
    expect(stderr).toMatch(/SIGTERM/);
    expect(() => process.kill(enginePid, 0)).toThrow();
  });
});
