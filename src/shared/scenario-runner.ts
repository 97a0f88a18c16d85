// Runs a checked scenario against any contract client: fills {name.port} placeholders, starts
// background steps, awaits and cancels them, and checks each step's expectations. A failed
// call, a failed expectation or a refused step never stops the run (a refused one fails it).
import type { Contract, EventMap } from './contract';
import type { Client } from './rpc/types';
import type { CallRecord, RunFailure, ScenarioResult } from './record';

export type { RunFailure, ScenarioResult } from './record';
import type { Scenario, Step } from './steps';
import { ADDR_PLACEHOLDER } from './address';
import { checkExpect } from './expect';
import { blankRecord, callArgs } from './blank-record';
import { LessonSockets } from './lesson-sockets';
import { groupSpan } from './step-groups';

/** What a scenario needs of a link: a host's session and an engine process both offer it. */
export type ScenarioClient = Client<Pick<Contract, 'info' | 'call' | 'callGroup' | 'cancel'>, Pick<EventMap, 'callStarted'>>;

/** Each expectation that failed, in words; a refusal nobody expected says how to expect it. */
export function runFailures(steps: readonly (CallRecord | undefined)[]): RunFailure[] {
  return steps.flatMap((r) =>
    !r?.expect || r.expect.ok
      ? []
      : r.expect.mismatches.map((m) => ({
          step: r.index,
          field: m.field,
          message:
            m.field === 'refused' && m.expected === false
              ? `refused before the call: ${String(m.actual)} (a refused step fails the run unless the step says "expect": {"refused": true})`
              : `expected ${JSON.stringify(m.expected)}, got ${JSON.stringify(m.actual)}`,
        })),
  );
}

export interface RunOptions {
  /** Called as each step's record is final (background steps when they end). */
  onRecord?: (rec: CallRecord) => void;
  /** Prefix for call ids, so several runs can share one engine. */
  callIdPrefix?: string;
  /** What `{tmp}` in an addr stands for: a directory the caller made for this run. */
  tmpDir?: string;
  /**
   * A prefix for the session names of the sockets this run opens (`lesson-x1-` makes `c` into
   * `lesson-x1-c`): a step then acts only on sockets the run itself opened, any other is refused.
   */
  namespace?: string;
}

function portOf(local: string | null): number | null {
  const m = local?.match(/:(\d+)$/);
  return m ? Number(m[1]) : null;
}

function syntheticRecord(index: number, step: Step, fields: Partial<CallRecord>): CallRecord {
  return { ...blankRecord(step, index), ...fields };
}

/** Runs a scenario one step at a time: the CLI runs them all, a window steps through a lesson. */
export class ScenarioStepper {
  readonly records: CallRecord[];
  private readonly prefix: string;
  private readonly ports = new Map<string, number>();
  private readonly background = new Map<number, Promise<CallRecord>>();
  private position = 0;
  /** The sockets this run opened, when it runs in a namespace of its own. */
  readonly own: LessonSockets | null;

  constructor(
    private readonly client: ScenarioClient,
    readonly scenario: Scenario,
    private readonly opts: RunOptions = {},
  ) {
    this.prefix = opts.callIdPrefix ?? `run${Date.now().toString(36)}`;
    this.records = new Array(scenario.steps.length);
    this.own = opts.namespace === undefined ? null : new LessonSockets(opts.namespace);
  }

  /** Index of the next step to run. */
  get next(): number {
    return this.position;
  }

  get done(): boolean {
    return this.position >= this.scenario.steps.length;
  }

  /** The names the scenario gives sockets, so a host can close what a lesson left open. */
  get socketNames(): string[] {
    return this.scenario.steps.flatMap((s) => ((s as { as?: string }).as ? [(s as { as: string }).as] : []));
  }

  /** The call id a step runs under (to cancel it from elsewhere). */
  callIdOf(index: number): string {
    return `${this.prefix}-${index}`;
  }

  /** Runs the next step, or the whole group it starts; a background step returns at once and its record comes when it ends. */
  async step(): Promise<void> {
    if (this.done) return;
    const i = this.position;
    const step = this.scenario.steps[i] as Step;
    const span = groupSpan(this.scenario.steps as Step[], i);
    if (span.name !== null && span.last > i) return this.group(i, span.last);
    this.position++;
    if (step.call === 'await' || step.call === 'cancel') return this.control(i, step);
    const prepared = this.prepare(i);
    if ('refused' in prepared) return void this.settle(i, step, syntheticRecord(i, step, { refused: prepared.refused }));
    const { request, resolved } = prepared;
    if (!(step as { background?: boolean }).background) {
      await this.client.request('call', request).then((rec) => this.settle(i, step, { ...rec, args: { ...rec.args, ...resolved } }));
      return;
    }
    // A background step is under way once the engine says it waits (for readiness, or inside a
    // blocking call on its thread), or once it has ended: only then do later steps see its effect.
    let off = () => {};
    const blocked = new Promise<void>((resolve) => {
      off = this.client.on('callStarted', (s) => {
        if (s.callId === request.callId && s.waiting !== 'pool') resolve();
      });
    });
    const call = this.client.request('call', request).then((rec) => this.settle(i, step, { ...rec, args: { ...rec.args, ...resolved } }));
    this.background.set(i, call);
    await Promise.race([blocked, call.then(() => undefined, () => undefined)]).finally(() => off());
  }

  /**
   * Steps first..last as one group: prepared together (the check keeps them from needing each
   * other's records), then sent in one request, so the engine makes them back to back.
   */
  private async group(first: number, last: number): Promise<void> {
    this.position = last + 1;
    const prepared = Array.from({ length: last - first + 1 }, (_, k) => ({ i: first + k, p: this.prepare(first + k) }));
    const sent = prepared.flatMap((x) => ('request' in x.p ? [{ i: x.i, ...x.p }] : []));
    const records = sent.length ? await this.client.request('callGroup', { calls: sent.map((x) => x.request) }) : [];
    let k = 0;
    for (const { i, p } of prepared) {
      const step = this.scenario.steps[i] as Step;
      if ('refused' in p) this.settle(i, step, syntheticRecord(i, step, { refused: p.refused }));
      else {
        const rec = records[k++];
        this.settle(i, step, { ...rec, args: { ...rec.args, ...p.resolved } });
      }
    }
  }

  /** await or cancel: the background step's own record, under this step's index. */
  private async control(i: number, step: Extract<Step, { call: 'await' | 'cancel' }>): Promise<void> {
    const target = this.background.get(step.step)!;
    let how: { cancelled: boolean; how: string | null } | null = null;
    if (step.call === 'cancel') how = await this.client.request('cancel', { callId: this.callIdOf(step.step) });
    const done = await target;
    this.settle(
      i,
      step,
      syntheticRecord(i, step, {
        ret: done.ret,
        errno: done.errno,
        errorQueue: done.errorQueue,
        socket: done.socket,
        cancelled: done.cancelled,
        refused: done.refused,
        data: done.data,
        ...(done.bulk ? { bulk: done.bulk } : {}),
        durationUs: done.durationUs,
        result: how ? { ...how, step: step.step } : { step: step.step },
      }),
    );
  }

  /** A step's request to the engine: placeholders filled, names in the run's namespace; or why it must not run. */
  private prepare(i: number): { request: { step: Step; callId: string }; resolved: Record<string, string> } | { refused: string } {
    const original = this.scenario.steps[i] as Step;
    let step = original;
    if ('addr' in step && typeof step.addr === 'string' && step.addr.includes('{')) {
      let missing: string | null = null;
      const addr = step.addr.replace(ADDR_PLACEHOLDER, (whole: string, name: string | undefined) => {
        if (name === undefined) {
          if (this.opts.tmpDir === undefined) missing ??= 'addr: {tmp} needs a temporary directory, and this runner was given none';
          return this.opts.tmpDir ?? whole;
        }
        const port = this.ports.get(name);
        if (port === undefined) missing ??= `addr: {${name}.port}: socket "${name}" has no bound port yet`;
        return String(port ?? 0);
      });
      if (missing) return { refused: missing };
      step = { ...step, addr } as Step;
    }
    let args = callArgs(step);
    if (this.own) {
      const mapped = this.own.toSession(args);
      if ('refused' in mapped) return { refused: mapped.refused };
      args = mapped.args;
    }
    const resolved: Record<string, string> = 'addr' in original ? { addr: (original as { addr: string }).addr, addrResolved: (step as { addr: string }).addr } : {};
    return { request: { step: args as Step, callId: this.callIdOf(i) }, resolved };
  }

  /** Ends the run: a background step nobody awaited must not hang it, so it is cancelled and kept. */
  async finish(): Promise<void> {
    this.position = this.scenario.steps.length;
    for (const [i, p] of this.background) {
      if (this.records[i]) continue;
      await this.client.request('cancel', { callId: this.callIdOf(i) }).catch(() => undefined);
      await p.catch(() => undefined);
    }
  }

  get ok(): boolean {
    return this.records.every((r) => r === undefined || r.expect === null || r.expect.ok);
  }

  private settle(i: number, step: Step, rec: CallRecord): CallRecord {
    rec.index = i;
    rec.expect = checkExpect(step.expect, rec);
    this.records[i] = rec;
    this.own?.note(step, rec);
    for (const s of [rec.socket, rec.socket?.listener]) {
      const name = s?.name ? (this.own ? this.own.lessonName(s.name) : s.name) : null;
      const port = name ? portOf(s!.local) : null;
      if (name && port) this.ports.set(name, port);
    }
    this.opts.onRecord?.(rec);
    return rec;
  }
}

export async function runScenario(client: ScenarioClient, scenario: Scenario, opts: RunOptions = {}): Promise<ScenarioResult> {
  const info = await client.request('info', {});
  const stepper = new ScenarioStepper(client, scenario, opts);
  while (!stepper.done) await stepper.step();
  await stepper.finish();
  return { ok: stepper.ok, title: scenario.title ?? null, libcrypto: info.libcrypto, steps: stepper.records, failures: runFailures(stepper.records) };
}
