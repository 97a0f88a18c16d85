// The window's Compare: a scenario (a shipped one, or one the page sends) on two fresh engines,
// the host's own libcrypto (A) and one the person names (B), never the session's own engine or
// sockets. The host decides which libraries a page may name: the web host only those it was
// started with, the Electron host any (the person's own machine). One comparison at a time, and
// each bounded in time.
import type { AllowedLibrary, CompareTargets, InputOf } from '../../shared/contract';
import type { SideBySide } from '../../shared/compare';
import { RpcError } from '../../shared/rpc/error';
import type { LibcryptoInfo } from '../../shared/record';
import { checkScenario } from '../../shared/scenario-check';
import type { Scenario } from '../../shared/steps';
import { listShipped } from '../shipped-scenarios';
import type { EngineClient, EngineStartOptions } from '../engine-host';
import { runSideBySide, SideEngineError } from '../side-by-side';

/** How a host lets its pages compare: which libraries, and how it starts an engine for one. */
export interface CompareHost {
  /** The libraries a page may name; null: any path (the Electron host). */
  allowed: readonly AllowedLibrary[] | null;
  /**
   * Asked before a library no allow list names is loaded: loading one runs its code in a new
   * process, so the person, not the page, says yes. Answers false to refuse.
   */
  confirm?(library: AllowedLibrary): Promise<boolean>;
  /** A fresh engine: the host's own libcrypto when `libcrypto` is undefined. */
  start(opts: Pick<EngineStartOptions, 'libcrypto' | 'engineNode'>): Promise<EngineClient>;
}

/** A comparison runs two whole scenarios; past this it is stopped and both engines with it. */
export const COMPARE_DEADLINE_MS = 120_000;
/** Each run's records come back to the page: a lesson longer than this is for the CLI. */
export const MAX_COMPARE_STEPS = 2000;

export class Comparisons {
  private busy = false;

  constructor(
    private readonly host: CompareHost | null,
    private readonly scenarioDir: string,
    private readonly deadlineMs = COMPARE_DEADLINE_MS,
  ) {}

  targets(own: LibcryptoInfo | null): CompareTargets {
    return { own, allowed: this.host?.allowed ? this.host.allowed.map((a) => ({ ...a })) : this.host ? null : [] };
  }

  async run(input: InputOf<'compare'>, signal: AbortSignal): Promise<SideBySide> {
    const host = this.host;
    if (!host) throw new RpcError('invalid-request', 'libcrypto', 'this host offers no comparisons');
    const engineNode = this.engineNodeFor(host, input.libcrypto, input.engineNode);
    const scenario = this.scenarioOf(input);
    if (this.busy) throw new RpcError('invalid-request', 'libcrypto', 'a comparison is already running in this session: wait for it to end');
    this.busy = true;
    try {
      if (host.allowed === null && host.confirm && !(await host.confirm({ libcrypto: input.libcrypto, engineNode: engineNode ?? null }))) {
        throw new RpcError('invalid-request', 'libcrypto', `the person at this machine declined to load ${JSON.stringify(input.libcrypto.slice(0, 200))}: nothing ran`);
      }
    } catch (e) {
      this.busy = false;
      throw e;
    }
    const stop = new AbortController();
    const timer = setTimeout(() => stop.abort(new Error(`it ran past ${this.deadlineMs / 1000} s`)), this.deadlineMs);
    const onAbort = () => stop.abort(new Error('the page cancelled it or went away'));
    signal.addEventListener('abort', onAbort, { once: true });
    if (signal.aborted) onAbort();
    try {
      return await runSideBySide(scenario, [() => host.start({}), () => host.start({ libcrypto: input.libcrypto, engineNode })], { signal: stop.signal });
    } catch (e) {
      if (!(e instanceof SideEngineError)) throw e;
      const which = e.side === 0 ? "A (this host's libcrypto)" : `B (${input.libcrypto})`;
      const what = e.phase === 'start' ? 'could not start' : 'failed while the scenario ran';
      throw new RpcError('engine-unavailable', e.side === 1 ? 'libcrypto' : null, `the engine for ${which} ${what}: ${e.message}`);
    } finally {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      this.busy = false;
    }
  }

  /** The node for B's engine: the allow list's, where the host keeps one. */
  private engineNodeFor(host: CompareHost, libcrypto: string, asked: string | undefined): string | undefined {
    if (host.allowed === null) return asked;
    const entry = host.allowed.find((a) => a.libcrypto === libcrypto);
    if (!entry) {
      const listed = host.allowed.length ? `: ${host.allowed.map((a) => a.libcrypto).join(', ')}` : ' (it was started with none: --allow-libcrypto PATH names one)';
      throw new RpcError('invalid-request', 'libcrypto', `${JSON.stringify(libcrypto.slice(0, 200))} is not a library this host lets a page load; it allows only those it was started with${listed}`);
    }
    if (asked !== undefined && asked !== entry.engineNode) {
      throw new RpcError('invalid-request', 'engineNode', `this host runs ${entry.libcrypto} under ${entry.engineNode ?? 'its own node'}; a page cannot choose another node`);
    }
    return entry.engineNode ?? undefined;
  }

  private scenarioOf(input: InputOf<'compare'>): Scenario {
    let scenario: Scenario;
    if (input.shipped !== undefined) {
      const shipped = listShipped(this.scenarioDir).find((d) => d.id === input.shipped);
      if (!shipped) throw new RpcError('invalid-request', 'shipped', `no shipped scenario has the id ${JSON.stringify(input.shipped)}`);
      if (!shipped.scenario) throw new RpcError('invalid-request', 'shipped', `scenario ${input.shipped} cannot be run, its file is invalid: ${shipped.error}`);
      scenario = shipped.scenario;
    } else {
      const checked = checkScenario(input.scenario);
      if (!checked.ok) {
        const where = checked.error.step === null ? '' : `.steps[${checked.error.step}]`;
        throw new RpcError('invalid-request', `scenario${where}${checked.error.field && checked.error.field !== '(file)' ? `.${checked.error.field}` : ''}`, checked.error.message);
      }
      scenario = checked.scenario;
    }
    if (scenario.steps.length > MAX_COMPARE_STEPS) {
      throw new RpcError('invalid-request', 'scenario.steps', `expected at most ${MAX_COMPARE_STEPS} steps for a comparison in the window (bio-workbench compare runs longer ones), got ${scenario.steps.length}`);
    }
    return scenario;
  }
}
