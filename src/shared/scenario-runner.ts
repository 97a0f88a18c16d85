// Runs a checked scenario against any contract client: fills {name.port} placeholders, starts
// background steps, awaits and cancels them, and checks each step's expectations. A failed
// call, a failed expectation or a refused step never stops the run.
import type { ContractClient } from './contract';
import type { CallRecord, LibcryptoInfo } from './record';
import type { Scenario, Step } from './steps';
import { ADDR_PLACEHOLDER } from './address';
import { checkExpect } from './expect';
import { blankRecord } from './blank-record';

export interface ScenarioResult {
  ok: boolean;
  title: string | null;
  libcrypto: LibcryptoInfo | null;
  steps: CallRecord[];
}

export interface RunOptions {
  /** Called as each step's record is final (background steps when they end). */
  onRecord?: (rec: CallRecord) => void;
  /** Prefix for call ids, so several runs can share one engine. */
  callIdPrefix?: string;
  /** What `{tmp}` in an addr stands for: a directory the caller made for this run. */
  tmpDir?: string;
}

function portOf(local: string | null): number | null {
  const m = local?.match(/:(\d+)$/);
  return m ? Number(m[1]) : null;
}

function syntheticRecord(index: number, step: Step, fields: Partial<CallRecord>): CallRecord {
  return { ...blankRecord(step, index), ...fields };
}

export async function runScenario(client: ContractClient, scenario: Scenario, opts: RunOptions = {}): Promise<ScenarioResult> {
  const info = await client.request('info', {});
  const prefix = opts.callIdPrefix ?? `run${Date.now().toString(36)}`;
  const records: CallRecord[] = new Array(scenario.steps.length);
  const ports = new Map<string, number>();
  const background = new Map<number, Promise<CallRecord>>();

  const remember = (rec: CallRecord) => {
    for (const s of [rec.socket, rec.socket?.listener]) {
      const port = s?.name ? portOf(s.local) : null;
      if (s?.name && port) ports.set(s.name, port);
    }
  };
  const settle = (i: number, step: Step, rec: CallRecord): CallRecord => {
    rec.index = i;
    rec.expect = checkExpect(step.expect, rec);
    records[i] = rec;
    remember(rec);
    opts.onRecord?.(rec);
    return rec;
  };

  for (let i = 0; i < scenario.steps.length; i++) {
    let step = scenario.steps[i] as Step;
    if (step.call === 'await' || step.call === 'cancel') {
      const target = background.get(step.step)!;
      let how: { cancelled: boolean; how: string | null } | null = null;
      if (step.call === 'cancel') how = await client.request('cancel', { callId: `${prefix}-${step.step}` });
      const done = await target;
      const rec = syntheticRecord(i, step, {
        ret: done.ret,
        errno: done.errno,
        errorQueue: done.errorQueue,
        socket: done.socket,
        cancelled: done.cancelled,
        refused: done.refused,
        data: done.data,
        durationUs: done.durationUs,
        result: how ? { ...how, step: step.step } : { step: step.step },
      });
      settle(i, step, rec);
      continue;
    }
    if ('addr' in step && typeof step.addr === 'string' && step.addr.includes('{')) {
      let missing: string | null = null;
      const addr = step.addr.replace(ADDR_PLACEHOLDER, (whole: string, name: string | undefined) => {
        if (name === undefined) {
          if (opts.tmpDir === undefined) missing ??= 'addr: {tmp} needs a temporary directory, and this runner was given none';
          return opts.tmpDir ?? whole;
        }
        const port = ports.get(name);
        if (port === undefined) missing ??= `addr: {${name}.port}: socket "${name}" has no bound port yet`;
        return String(port ?? 0);
      });
      if (missing) {
        settle(i, step, syntheticRecord(i, step, { refused: missing }));
        continue;
      }
      step = { ...step, addr } as Step;
    }
    const request = { step: { ...step, background: undefined, expect: undefined, note: undefined } as Step, callId: `${prefix}-${i}` };
    const original = scenario.steps[i] as Step;
    const call = client.request('call', request).then((rec) => settle(i, original, { ...rec, args: { ...rec.args, ...('addr' in original ? { addr: (original as { addr: string }).addr, addrResolved: (step as { addr: string }).addr } : {}) } }));
    if ((step as { background?: boolean }).background) background.set(i, call);
    else await call;
  }
  // A background step nobody awaited must not hang the run: cancel it and keep its record.
  for (const [i, p] of background) {
    if (records[i]) continue;
    await client.request('cancel', { callId: `${prefix}-${i}` }).catch(() => undefined);
    await p;
  }
  const ok = records.every((r) => r.expect === null || r.expect.ok);
  return { ok, title: scenario.title ?? null, libcrypto: info.libcrypto, steps: records };
}
