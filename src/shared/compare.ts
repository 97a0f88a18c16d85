// One scenario run on two libcrypto builds, compared step by step: what C returned (ret, errno),
// the OpenSSL error queue (codes and text) and the options the kernel really applied. What the
// kernel picks for each run (fd numbers, ports, addresses) is never a difference.
import type { AppliedOptions, CallRecord, ErrorQueueEntry, ScenarioResult, TlsSnapshot } from './record';

/** Calls whose return value is a new fd: any fd is the same outcome as any other. */
const FD_CALLS: ReadonlySet<string> = new Set(['BIO_socket', 'BIO_accept_ex', 'BIO_accept', 'BIO_get_accept_socket']);

export interface StepDifference {
  /** `ret`, `errno`, `errorQueue`, `refused`, `cancelled`, `record`, `applied.<kernel option>` or `tls.<what the handshake agreed>`. */
  field: string;
  a: unknown;
  b: unknown;
}

export interface StepComparison {
  index: number;
  call: string;
  c: string;
  differences: StepDifference[];
}

export interface Comparison {
  /** True when no step differs. */
  agree: boolean;
  /** Indexes of the steps that differ, in order. */
  differing: number[];
  steps: StepComparison[];
}

/** A scenario's two runs, A then B, and how they compare: what `compare` prints and the window shows. */
export interface SideBySide {
  title: string | null;
  runs: [ScenarioResult, ScenarioResult];
  comparison: Comparison;
}

/** The fields one run's record is compared on, with what the kernel chose taken out. */
interface Outcome {
  ret: number | 'fd' | null;
  errno: string | null;
  errorQueue: string[];
  refused: boolean;
  cancelled: boolean;
}

/** The call whose return value a record carries: an `await` or `cancel` carries its background step's. */
function returningCall(rec: CallRecord, records: readonly (CallRecord | undefined)[]): string {
  const target = typeof rec.result?.step === 'number' ? records[rec.result.step] : undefined;
  return (rec.call === 'await' || rec.call === 'cancel') && target ? target.call : rec.call;
}

function queueEntry(e: ErrorQueueEntry): string {
  // ERR_error_string_n's text carries the packed code; the hex is added for a text that lacks it.
  return e.text.includes(e.hex) ? e.text : `${e.hex} ${e.text}`;
}

function outcomeOf(rec: CallRecord, records: readonly (CallRecord | undefined)[]): Outcome {
  const fdCall = FD_CALLS.has(returningCall(rec, records));
  return {
    ret: fdCall && rec.ret !== null && rec.ret >= 0 ? 'fd' : rec.ret,
    errno: rec.errno?.name ?? null,
    errorQueue: rec.errorQueue.map(queueEntry),
    refused: rec.refused !== null,
    cancelled: rec.cancelled !== null,
  };
}

const same = (x: unknown, y: unknown): boolean => JSON.stringify(x) === JSON.stringify(y);

/** Which socket a record's snapshot shows, the same in both runs: its name, else the step's socket reference. */
function socketKey(rec: CallRecord): string | null {
  if (!rec.socket) return null;
  if (rec.socket.name) return `name:${rec.socket.name}`;
  const sock = rec.args.sock;
  return sock === undefined ? `step:${rec.index}` : `ref:${String(sock)}`;
}

/**
 * Compares two runs of one scenario. An option that differs is reported at the step where it
 * first differs on that socket; later snapshots of the same socket carrying the same two values
 * (a close, a read) are that difference again, not a new one.
 */
export function compareRuns(a: readonly (CallRecord | undefined)[], b: readonly (CallRecord | undefined)[]): Comparison {
  const reported = new Map<string, string>();
  const steps: StepComparison[] = [];
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const ra = a[i];
    const rb = b[i];
    const shown = ra ?? rb!;
    const differences: StepDifference[] = [];
    if (!ra || !rb) {
      differences.push({ field: 'record', a: ra ? 'ran' : 'no record', b: rb ? 'ran' : 'no record' });
    } else {
      const oa = outcomeOf(ra, a);
      const ob = outcomeOf(rb, b);
      for (const field of ['refused', 'cancelled', 'ret', 'errno', 'errorQueue'] as const) {
        if (!same(oa[field], ob[field])) differences.push({ field, a: oa[field], b: ob[field] });
      }
      differences.push(...appliedDifferences(ra, rb, reported), ...tlsDifferences(ra.tls, rb.tls));
    }
    steps.push({ index: i, call: shown.call, c: shown.c, differences });
  }
  const differing = steps.filter((s) => s.differences.length > 0).map((s) => s.index);
  return { agree: differing.length === 0, differing, steps };
}

/** What a TLS call's record says the two builds agreed on or failed with; the peer's certificate is the scenario's own. */
const TLS_FIELDS: Record<string, (t: TlsSnapshot) => unknown> = {
  sslError: (t) => t.sslError?.name ?? null,
  verify: (t) => (t.verify ? `${t.verify.code} (${t.verify.text})` : null),
  handshakeDone: (t) => t.handshakeDone,
  version: (t) => t.version,
  cipher: (t) => t.cipher,
  group: (t) => t.group ?? null,
  alpn: (t) => t.alpn,
};

/** TLS 1.3 defaults differ between builds (the key exchange group, a cipher): each field that does, under `tls.`. */
function tlsDifferences(ta: TlsSnapshot | undefined, tb: TlsSnapshot | undefined): StepDifference[] {
  if (!ta && !tb) return [];
  const out: StepDifference[] = [];
  for (const [field, read] of Object.entries(TLS_FIELDS)) {
    const va = ta ? read(ta) : null;
    const vb = tb ? read(tb) : null;
    if (!same(va, vb)) out.push({ field: `tls.${field}`, a: va, b: vb });
  }
  return out;
}

function appliedDifferences(ra: CallRecord, rb: CallRecord, reported: Map<string, string>): StepDifference[] {
  const key = socketKey(ra);
  if (!key || !ra.socket || !rb.socket) return [];
  const pa: AppliedOptions = ra.socket.applied;
  const pb: AppliedOptions = rb.socket.applied;
  const out: StepDifference[] = [];
  for (const name of [...new Set([...Object.keys(pa), ...Object.keys(pb)])].sort()) {
    const va = pa[name] ?? null;
    const vb = pb[name] ?? null;
    const optionKey = `${key}/${name}`;
    if (va === vb) {
      reported.delete(optionKey);
      continue;
    }
    const pair = JSON.stringify([va, vb]);
    if (reported.get(optionKey) === pair) continue;
    reported.set(optionKey, pair);
    out.push({ field: `applied.${name}`, a: va, b: vb });
  }
  return out;
}

/** A difference's values as a person reads them: "A 0, B 4096". */
export function differenceText(d: StepDifference, labels: readonly [string, string] = ['A', 'B']): string {
  return `${d.field}: ${labels[0]} ${valueText(d.a)}, ${labels[1]} ${valueText(d.b)}`;
}

export function valueText(v: unknown): string {
  if (v === null || v === undefined) return 'none';
  if (Array.isArray(v)) return v.length ? v.map(String).join('; ') : 'empty';
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  return String(v);
}
