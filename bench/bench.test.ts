// The quick bench (BIO_WORKBENCH_BENCH_QUICK=1) as CI runs it, built: `--json` prints one object
// whose every figure is a finite number. Timings are never asserted, only that each was measured.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { browserMissing } from './browser';

const bench = resolve(process.cwd(), 'out/main/bench.js');

/** Every figure the bench promises (bulkVsSocat needs socat, which CI installs). */
const FIGURES = [
  'pairInProcessVsKoffi', 'pairEngineProcessVsKoffi', 'webRttP50VsWsEcho', 'webRttP99VsWsEcho', 'bulkVsC', 'bulkVsSocat', 'bulkOtherSocketP99Ms', 'cliRunVsNodeKoffi', 'sockets10kClickP95Ms', 'firstPaintMs', 'bundleGzipBytes',
  // Each layer against its own floor, measured in the same run.
  'pairInProcessVsSameSyscallsC', 'engineHopVsIpcEcho', 'webCallVsFloorP50', 'webCallVsFloorP99', 'cliCpuVsNodeKoffi', 'sockets10kOpenS',
  // What crash isolation alone costs a CLI run: node starting node with koffi, against node with koffi.
  'cliIsolationFloorVsNodeKoffi', 'cliIsolationCpuFloorVsNodeKoffi',
];

const missing = browserMissing();
if (missing) console.warn(`bench --json is not run: the window's figures need a browser, and there is ${missing}`);

describe.skipIf(missing !== null)('npm run bench -- --json (quick)', () => {
  it('prints one JSON object with every figure a finite number, and the report on stderr', () => {
    if (!existsSync(bench)) throw new Error(`${bench} is missing: run npm run build first`);
    const r = spawnSync(process.execPath, [bench, '--json'], { encoding: 'utf8', timeout: 600_000, env: { ...process.env, BIO_WORKBENCH_BENCH_QUICK: '1' } });
    expect(r.status, r.stderr).toBe(0);
    const figures = JSON.parse(r.stdout) as Record<string, unknown>;
    for (const key of FIGURES) expect([key, Number.isFinite(figures[key])]).toEqual([key, true]);
    for (const [key, value] of Object.entries(figures)) expect([key, typeof value]).toEqual([key, 'number']);
    expect(r.stderr).toContain('bio-workbench run (4 steps)');
    for (const floor of ['floor: the same syscalls in C', 'floor: bare IPC echo', 'floor (the three summed)', 'floor: node loading koffi', "crash isolation's own floor"]) expect(r.stderr).toContain(floor);
  }, 600_000);
});
