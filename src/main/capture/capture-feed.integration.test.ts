// The window's capture, through a real session: switched on by a request, each call's packets come
// as `packets` events under its call id (the refused connect's SYN then RST), the saved pcap is
// what tshark reads, and without the privilege the state says why in one line.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PacketRecord } from '../../shared/packets';
import { ScenarioStepper } from '../../shared/scenario-runner';
import { startEngine } from '../engine-host';
import { missingTool } from '../testing/peer-process';
import { scenarioFromFile } from '../scenario-run';
import { Session } from '../session/session';

const noTcpdump = missingTool('tcpdump');
const noTshark = missingTool('tshark');
const noSetpriv = missingTool('setpriv', 'util-linux');
const notRoot = process.getuid?.() === 0 ? null : 'not root: capture needs root or cap_net_raw on the capture program';
if (notRoot) console.warn(`skipping the window's capture: ${notRoot}`);

let dir: string;
beforeAll(() => void (dir = mkdtempSync(join(tmpdir(), 'bio-capture-feed-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function withSession<T>(tool: string | undefined, body: (s: Session) => Promise<T>): Promise<T> {
  const session = await Session.start({ startEngine: () => startEngine(), inMemoryLog: true, capture: tool ? { tool } : {} });
  try {
    return await body(session);
  } finally {
    await session.close();
  }
}

/** Runs a lesson step by step in the session; returns the latest packets told for each call id. */
async function runLesson(session: Session, lesson: string, prefix: string): Promise<Map<string, PacketRecord[]>> {
  const told = new Map<string, PacketRecord[]>();
  session.on('packets', (p) => void told.set(p.callId, p.packets));
  const stepper = new ScenarioStepper(session.client, scenarioFromFile(resolve('resources/lessons', `${lesson}.json`)), { callIdPrefix: prefix });
  while (!stepper.done) await stepper.step();
  await stepper.finish();
  return told;
}

describe.skipIf(noTcpdump || noTshark || notRoot)("the window's capture", () => {
  it("ties the refused connect's SYN and RST to its call, live, and saves them as a pcap tshark reads", async () => {
    await withSession(undefined, async (session) => {
      expect((await session.request('session', {})).capture).toEqual({ on: false, unavailable: null, packets: 0 });
      const switched = new Promise((resolve) => session.on('capture', resolve));
      expect(await session.request('capture', { on: true })).toMatchObject({ on: true, unavailable: null });
      expect(await switched).toMatchObject({ on: true });
      const told = await runLesson(session, 'refused-connect', 'refused');
      // Turning it off waits until every packet sent so far has been read and told.
      expect(await session.request('capture', { on: false })).toEqual({ on: false, unavailable: null, packets: 2 });
      expect(told.get('refused-4')!.map((p) => p.flags)).toEqual(['SYN', 'RST,ACK']);
      expect([...told.keys()]).toEqual(['refused-4']);
      const saved = await session.request('savedCapture', {});
      expect(saved.packets).toBe(2);
      const file = join(dir, 'refused.pcap');
      writeFileSync(file, Buffer.from(saved.pcap, 'base64'));
      const r = spawnSync('tshark', ['-r', file, '-T', 'fields', '-e', 'tcp.flags.str'], { encoding: 'utf8' });
      expect(r.status).toBe(0);
      expect(r.stdout.trim().split('\n').map((l) => l.replace(/[·\s]/g, ''))).toEqual(['S', 'AR']);
    });
  });

  it('gives a packet that comes after the call returned (the FIN of a close, answered) to the call whose span it falls in', async () => {
    await withSession(undefined, async (session) => {
      await session.request('capture', { on: true });
      const told = await runLesson(session, 'first-connection', 'first');
      await session.request('capture', { on: false });
      expect(told.get('first-3')!.map((p) => p.flags)).toEqual(['SYN', 'SYN,ACK', 'ACK']);
      expect(told.get('first-9')!.filter((p) => p.flags.includes('FIN'))).toHaveLength(1);
      expect(told.get('first-11')!.filter((p) => p.flags.includes('FIN'))).toHaveLength(1);
    });
  });
});

describe.skipIf(noTcpdump || noSetpriv)("the window's capture without the privilege", () => {
  it('says in one line why and how to allow it, and calls work as before', async () => {
    const tool = join(dir, 'tcpdump');
    writeFileSync(tool, `#!/bin/sh\nexec setpriv --reuid=nobody --regid=nogroup --clear-groups --inh-caps=-all --bounding-set=-all tcpdump "$@"\n`);
    chmodSync(tool, 0o755);
    await withSession(tool, async (session) => {
      const state = await session.request('capture', { on: true });
      expect(state.on).toBe(false);
      expect(state.unavailable).toMatch(/^packet capture unavailable: .*(permission|not permitted).*setcap cap_net_raw,cap_net_admin=eip .*wireshark group.*every call still works, without packets$/);
      expect(state.unavailable).not.toContain('\n');
      expect((await session.request('session', {})).capture.unavailable).toBe(state.unavailable);
      const told = await runLesson(session, 'refused-connect', 'unprivileged');
      expect(told.size).toBe(0);
      expect((await session.request('call', { step: { call: 'BIO_lookup_ex', addr: '127.0.0.1:1' } })).ret).toBe(1);
    });
  });
});
