// The Demos slice: the host's shipped scenarios, and scenario files the person opens in this page,
// stepped through with the shared ScenarioStepper.
// Each step is an ordinary session call, so the Call log, Sockets and error stack show it live
// (by the session's events, as any page's call).
import type { StateCreator } from 'zustand/vanilla';
import type { Demo } from '../../../shared/contract';
import type { CallRecord } from '../../../shared/record';
import { ScenarioStepper } from '../../../shared/scenario-runner';
import { checkScenarioText, scenarioErrorText } from '../../../shared/scenario-check';
import type { Step } from '../../../shared/steps';
import type { WorkbenchClient } from '../client';
import type { ConnectionSlice } from './connection';
import { hostRefusal, type HostRefusal } from './refusal';

/** What a Reset did: the demo's sockets it closed, and any it could not. */
export interface DemoReset {
  title: string;
  /** Every name the demo gives a socket with `as`. */
  names: string[];
  closed: { name: string; fd: number }[];
  failed: { name: string; message: string }[];
}

export interface DemosState {
  shown: boolean;
  /** The host's demos; null until it first answered. */
  list: Demo[] | null;
  /** Scenario files opened in this page, listed after the host's demos (ids start with "file:"). */
  opened: Demo[];
  /** Why the last file opened cannot be run (its name, the step and field), or null. */
  fileError: string | null;
  listing: boolean;
  selectedId: string | null;
  /** Each step's record once it ran (a background step's when it ends), by step index. */
  records: (CallRecord | null)[];
  /** Index of the next step to run. */
  next: number;
  /** The step whose call is in flight, if any. */
  runningStep: number | null;
  /** A step or Run all is under way. */
  running: boolean;
  resetting: boolean;
  lastReset: DemoReset | null;
  error: HostRefusal | null;
}

export interface DemoActions {
  showDemos(): void;
  hideDemos(): void;
  listDemos(): Promise<void>;
  selectDemo(id: string): Promise<void>;
  /** Checks a scenario file's text and selects it as a demo (true); an invalid one is kept in `fileError` (false). */
  openScenarioFile(name: string, text: string): Promise<boolean>;
  /** A chosen file the page could not read: said in `fileError`. */
  scenarioFileUnreadable(name: string, why: string): void;
  runDemoStep(): Promise<void>;
  runDemoAll(): Promise<void>;
  resetDemo(): Promise<void>;
}

export interface DemosSlice extends DemoActions {
  demos: DemosState;
}

function initialDemos(): DemosState {
  return { shown: false, list: null, opened: [], fileError: null, listing: false, selectedId: null, records: [], next: 0, runningStep: null, running: false, resetting: false, lastReset: null, error: null };
}

/** Every demo the panel offers: the host's, then the files opened here. */
export function allDemos(d: Pick<DemosState, 'list' | 'opened'>): Demo[] {
  return [...(d.list ?? []), ...d.opened];
}

/** An opened file as a demo: checked like a shipped one, its title the file's own or its name. */
export function demoFromFile(name: string, text: string): { demo: Demo } | { error: string } {
  const checked = checkScenarioText(text);
  if (!checked.ok) return { error: `${name} cannot be run: ${scenarioErrorText(checked.error)}` };
  const { scenario } = checked;
  return { demo: { id: `file:${name}`, title: scenario.title ?? name, description: scenario.description ?? null, scenario, error: null } };
}

/** Socket name -> fd for the sockets the demo itself opened and has not closed (never the person's own). */
export function socketsOpenedBy(records: readonly (CallRecord | null | undefined)[], names: readonly string[]): Map<string, number> {
  const opened = new Map<string, number>();
  for (const r of records) {
    const sock = r?.socket;
    if (!r || r.refused || !sock?.name || !names.includes(sock.name)) continue;
    if (sock.role === 'closed') opened.delete(sock.name);
    else opened.set(sock.name, sock.fd);
  }
  return opened;
}

/** The names the demo gives sockets with `as`, once each, in order. */
export function demoSocketNames(demo: Demo): string[] {
  const names = (demo.scenario?.steps ?? []).flatMap((s) => ('as' in s && s.as ? [s.as] : []));
  return [...new Set(names)];
}

function stepLabel(step: Step | undefined, index: number): string {
  return `step ${index}${step ? ` (${step.call})` : ''}`;
}

export function createDemosSlice(client: WorkbenchClient, pageId: string): StateCreator<DemosSlice & ConnectionSlice, [], [], DemosSlice> {
  return (set, get) => {
    let runs = 0;
    /** A fresh call-id prefix per run, so two runs (or two pages) never share an id. */
    const nextRunPrefix = () => `demo-${pageId}-${++runs}`;
    let stepper: ScenarioStepper | null = null;
    let inFlight: Promise<unknown> = Promise.resolve();
    let runAll: Promise<unknown> = Promise.resolve();
    let stopRunAll = false;

    const setDemos = (patch: Partial<DemosState> | ((d: DemosState) => Partial<DemosState>)) =>
      set((s) => ({ demos: { ...s.demos, ...(typeof patch === 'function' ? patch(s.demos) : patch) } }));
    const selectedDemo = (): Demo | null => {
      const d = get().demos;
      return allDemos(d).find((x) => x.id === d.selectedId) ?? null;
    };
    const blankRecords = (demo: Demo | null) => new Array<CallRecord | null>(demo?.scenario?.steps.length ?? 0).fill(null);

    /** The stepper is made at the first step, so `{tmp}` is the session's directory at that moment. */
    const stepperFor = (demo: Demo): ScenarioStepper => {
      if (stepper) return stepper;
      const mine: ScenarioStepper = new ScenarioStepper(client, demo.scenario!, {
        callIdPrefix: nextRunPrefix(),
        tmpDir: get().tmpDir ?? undefined,
        onRecord: (rec) => {
          if (stepper !== mine) return;
          setDemos((d) => {
            const records = d.records.slice();
            records[rec.index] = rec;
            return { records };
          });
        },
      });
      return (stepper = mine);
    };

    const runOne = async (s: ScenarioStepper): Promise<void> => {
      const index = s.next;
      setDemos({ runningStep: index, error: null, lastReset: null });
      const step = s.step();
      inFlight = step.catch(() => undefined);
      try {
        await step;
      } catch (e) {
        if (stepper === s) setDemos({ error: hostRefusal(stepLabel(s.scenario.steps[index] as Step, index), e) });
      } finally {
        if (stepper === s) setDemos({ runningStep: null, next: s.next });
      }
    };

    const canRun = (): Demo | null => {
      const d = get().demos;
      const demo = selectedDemo();
      if (!demo?.scenario || d.running || d.resetting || d.next >= demo.scenario.steps.length) return null;
      return demo;
    };

    return {
      demos: initialDemos(),

      showDemos() {
        setDemos({ shown: true });
        if (get().demos.list === null && !get().demos.listing) void get().listDemos();
      },

      hideDemos() {
        setDemos({ shown: false });
      },

      async listDemos() {
        setDemos({ listing: true, error: null });
        try {
          const list = await client.request('demos', {});
          setDemos({ list, listing: false });
        } catch (e) {
          setDemos({ listing: false, error: hostRefusal('demos', e) });
        }
      },

      async selectDemo(id) {
        const d = get().demos;
        if (d.running || d.resetting || id === d.selectedId) return;
        const demo = allDemos(d).find((x) => x.id === id);
        if (!demo?.scenario) return;
        // Another demo would trip over this one's socket names: it is reset first.
        if (stepper && stepper.next > 0) await get().resetDemo();
        stepper = null;
        setDemos({ selectedId: id, records: blankRecords(demo), next: 0, runningStep: null, error: null });
      },

      async openScenarioFile(name, text) {
        const opened = demoFromFile(name, text);
        if ('error' in opened) {
          setDemos({ fileError: opened.error });
          return false;
        }
        const { demo } = opened;
        if (get().demos.running || get().demos.resetting) {
          setDemos({ fileError: `${name} was not opened: the demo shown is still running; wait for it or Reset it first` });
          return false;
        }
        // Opened again (edited meanwhile): the new text replaces the old, from its first step.
        if (stepper && stepper.next > 0) await get().resetDemo();
        stepper = null;
        setDemos((d) => ({
          opened: [...d.opened.filter((o) => o.id !== demo.id), demo],
          fileError: null,
          selectedId: demo.id,
          records: blankRecords(demo),
          next: 0,
          runningStep: null,
          error: null,
        }));
        return true;
      },

      scenarioFileUnreadable(name, why) {
        setDemos({ fileError: `${name} cannot be read: ${why}` });
      },

      async runDemoStep() {
        const demo = canRun();
        if (!demo) return;
        setDemos({ running: true });
        try {
          await runOne(stepperFor(demo));
        } finally {
          setDemos({ running: false });
        }
      },

      async runDemoAll() {
        const demo = canRun();
        if (!demo) return;
        const s = stepperFor(demo);
        stopRunAll = false;
        setDemos({ running: true });
        const loop = (async () => {
          try {
            while (!s.done && !stopRunAll && stepper === s) {
              const index = s.next;
              await runOne(s);
              // A refused step (a name the person already uses) stops here: the next steps would act on their socket.
              if (s.records[index]?.refused) break;
            }
          } finally {
            if (stepper === s || stepper === null) setDemos({ running: false });
          }
        })();
        runAll = loop.catch(() => undefined);
        await loop;
      },

      async resetDemo() {
        const demo = selectedDemo();
        if (!demo?.scenario || get().demos.resetting) return;
        const s = stepper;
        const outcome: DemoReset = { title: demo.title, names: demoSocketNames(demo), closed: [], failed: [] };
        stopRunAll = true;
        setDemos({ resetting: true, error: null });
        let error: HostRefusal | null = null;
        try {
          if (s) {
            // Steps still waiting in the engine (a blocking accept or connect, in front or in the background) are cancelled, not waited out.
            for (let i = 0; i < s.next; i++) if (!s.records[i]) await client.request('cancel', { callId: s.callIdOf(i) }).catch(() => undefined);
            await inFlight;
            await runAll;
            await s.finish();
            const opened = socketsOpenedBy(s.records, outcome.names);
            if (opened.size > 0) {
              const live = await client.request('sockets', {});
              let n = 0;
              for (const [name, fd] of opened) {
                // Closed meanwhile by hand, or the fd now belongs to someone else: not the demo's to close.
                if (!live.some((x) => x.name === name && x.fd === fd)) continue;
                const rec = await client.request('call', { step: { call: 'BIO_closesocket', sock: name }, callId: `${nextRunPrefix()}-close${n++}` });
                if (!rec.refused && rec.ret === 1) outcome.closed.push({ name, fd });
                else outcome.failed.push({ name, message: rec.refused ?? `BIO_closesocket returned ${rec.ret}${rec.errno ? ` (${rec.errno.name})` : ''}` });
              }
            }
          }
        } catch (e) {
          error = hostRefusal('Reset', e);
        } finally {
          stepper = null;
          setDemos((d) => ({
            records: blankRecords(selectedDemo()),
            next: 0,
            runningStep: null,
            running: false,
            resetting: false,
            lastReset: outcome,
            error: error ?? d.error,
          }));
        }
      },
    };
  };
}
