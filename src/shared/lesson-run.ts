// What a window needs around a lesson's stepper: a namespace of its own for the lesson's socket
// names, a Reset that closes only what the lesson opened, and the summary a class reads at the end
// ("5 of 6 steps ran; 1 refused; 4 expectations held").
import type { Contract } from './contract';
import type { CallRecord } from './record';
import type { Client } from './rpc/types';
import type { LessonSockets, OwnObject } from './lesson-sockets';
import type { Step } from './steps';

/** What closing a lesson's sockets needs of a link. */
export type LessonResetClient = Client<Pick<Contract, 'sockets' | 'call'>, Record<never, never>>;

/** The session-name prefix for one run of a lesson in one page: `lesson-<page>-<run>-`. */
export function lessonNamespace(pageId: string, run: number): string {
  return `lesson-${pageId.replace(/[^A-Za-z0-9]/g, '').slice(0, 8)}${run.toString(36)}-`;
}

export interface LessonReset {
  closed: { name: string; fd: number }[];
  /** The BIOs, SSL objects and contexts freed, by the lesson's names, with the call that freed each. */
  freed: { name: string; call: string }[];
  failed: { name: string; message: string }[];
}

const FREE_ORDER: OwnObject['kind'][] = ['ssl', 'bio', 'ctx'];

function freeStep(o: OwnObject): Step {
  if (o.kind === 'ssl') return { call: 'SSL_free', ssl: o.sessionName };
  if (o.kind === 'bio') return { call: 'BIO_free', bio: o.sessionName };
  return { call: 'SSL_CTX_free', ctx: o.sessionName };
}

/**
 * Frees the BIOs, SSL objects and contexts the lesson made and did not free: SSL objects first
 * (SSL_free frees a BIO given to SSL_set_bio with it), then BIOs, then contexts, as C code would.
 */
async function freeLessonObjects(client: LessonResetClient, own: LessonSockets, callIdPrefix: string, out: LessonReset): Promise<void> {
  const made = own.made;
  const gone = new Set<string>();
  let n = 0;
  for (const kind of FREE_ORDER) {
    for (const o of made.filter((x) => x.kind === kind && !gone.has(x.sessionName))) {
      const step = freeStep(o);
      const rec = await client.request('call', { step, callId: `${callIdPrefix}-free${n++}` });
      if (rec.refused) {
        out.failed.push({ name: o.name, message: rec.refused });
        continue;
      }
      out.freed.push({ name: o.name, call: step.call });
      if (rec.bio?.freed && rec.bio.name !== o.sessionName) {
        gone.add(rec.bio.name);
        out.freed.push({ name: own.lessonName(rec.bio.name), call: step.call });
      }
    }
  }
}

/**
 * Frees what the lesson made (BIOs, SSL objects, contexts), then closes the sockets it opened and
 * still holds, each by its session name and only while that name still belongs to the same fd
 * (closed meanwhile by hand, it is not the lesson's to close).
 */
export async function closeLessonSockets(client: LessonResetClient, own: LessonSockets, callIdPrefix: string): Promise<LessonReset> {
  const out: LessonReset = { closed: [], freed: [], failed: [] };
  await freeLessonObjects(client, own, callIdPrefix, out);
  const opened = own.opened;
  if (opened.length === 0) return out;
  const live = await client.request('sockets', {});
  let n = 0;
  for (const s of opened) {
    if (!live.some((x) => x.name === s.sessionName && x.fd === s.fd)) continue;
    const rec = await client.request('call', { step: { call: 'BIO_closesocket', sock: s.sessionName }, callId: `${callIdPrefix}-close${n++}` });
    if (!rec.refused && rec.ret === 1) out.closed.push({ name: s.name, fd: s.fd });
    else out.failed.push({ name: s.name, message: rec.refused ?? `BIO_closesocket returned ${rec.ret}${rec.errno ? ` (${rec.errno.name})` : ''}` });
  }
  return out;
}

export interface LessonTally {
  steps: number;
  /** Steps that made their call (or waited for one): refused steps are not counted. */
  ran: number;
  refused: number;
  held: number;
  failed: number;
}

/** Counts what the records say: a refused step counts as not run, and its expectation (unless it expected the refusal) as failed. */
export function lessonTally(records: readonly (CallRecord | null | undefined)[], steps: number): LessonTally {
  const t: LessonTally = { steps, ran: 0, refused: 0, held: 0, failed: 0 };
  for (const r of records) {
    if (!r) continue;
    if (r.refused) t.refused++;
    else t.ran++;
    if (r.expect) r.expect.ok ? t.held++ : t.failed++;
  }
  return t;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** "5 of 6 steps ran; 1 refused; 4 expectations held, 0 failed". */
export function tallyText(t: LessonTally): string {
  const parts = [`${t.ran} of ${plural(t.steps, 'step')} ran`];
  if (t.refused) parts.push(`${t.refused} refused (not run)`);
  parts.push(`${plural(t.held, 'expectation')} held, ${t.failed} failed`);
  return parts.join('; ');
}
