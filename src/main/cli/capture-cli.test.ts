// `run --capture` and `--pcap` on the built command line: packets under each record in the text
// report and in --json, the saved file opened by tshark, and the one-line reason without privilege.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { missingTool } from '../testing/peer-process';
import type { ScenarioReport } from '../scenario-run';

const cli = resolve(process.cwd(), 'out/main/cli.js');
const lesson = resolve('resources/lessons/refused-connect.json');
const noTcpdump = missingTool('tcpdump');
const noTshark = missingTool('tshark');
const notRoot = process.getuid?.() === 0 ? null : 'not root: capture needs root or cap_net_raw on the capture program';
if (notRoot) console.warn(`skipping run --capture output tests: ${notRoot}`);
let dir: string;

beforeAll(() => {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run npm run build first`);
  dir = mkdtempSync(join(tmpdir(), 'bio-capture-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cliRun = (args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 60_000 });

describe.skipIf(noTcpdump || noTshark || notRoot)('run --capture', () => {
  it('prints each packet under the record of the step that caused it, and the count', () => {
    const r = cliRun(['run', '--capture', lesson]);
    expect(r.status).toBe(0);
    const connect = r.stdout.split(/\n(?=#)/).find((block) => block.includes('BIO_connect('))!;
    expect(connect).toMatch(/\n {6}packet \+\d+\.\d{3} ms {2}127\.0\.0\.1:\d+ > 127\.0\.0\.1:\d+ {2}TCP SYN seq \d+ ack 0 len 0\n {6}packet .* TCP RST,ACK /);
    expect(r.stdout).toMatch(/\ncapture: 2 packets of this session \(loopback\)\n/);
  });

  it('--json carries the packets in the records; --pcap saves a file tshark opens, holding the same packets', () => {
    const pcap = join(dir, 'refused.pcap');
    const r = cliRun(['run', '--json', '--pcap', pcap, lesson]);
    const report = JSON.parse(r.stdout) as ScenarioReport;
    expect(report.capture).toEqual({ unavailable: null, packets: 2 });
    const connect = report.steps.find((s) => s.call === 'BIO_connect')!;
    expect(connect.packets!.map((p) => p.flags)).toEqual(['SYN', 'RST,ACK']);
    const t = spawnSync('tshark', ['-r', pcap, '-T', 'fields', '-e', 'tcp.flags.str'], { encoding: 'utf8' });
    expect(t.status).toBe(0);
    expect(t.stdout.trim().split('\n')).toHaveLength(2);
  });
});

describe.skipIf(noTcpdump || missingTool('setpriv', 'util-linux'))('run --capture without the privilege', () => {
  it('says why in one line on stderr, and the run still passes', () => {
    const tool = join(dir, 'tcpdump');
    writeFileSync(tool, `#!/bin/sh\nexec setpriv --reuid=nobody --regid=nogroup --clear-groups --inh-caps=-all --bounding-set=-all tcpdump "$@"\n`);
    chmodSync(tool, 0o755);
    const r = cliRun(['run', '--capture', '--capture-tool', tool, lesson]);
    expect(r.status).toBe(0);
    const lines = r.stderr.split('\n').filter((l) => l.includes('packet capture unavailable'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^bio-workbench: packet capture unavailable: .*setcap cap_net_raw,cap_net_admin=eip/);
    expect(r.stdout).not.toContain('packet +');
    expect(r.stdout).toContain('6 expectations held, 0 failed');
  });
});
