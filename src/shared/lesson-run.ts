// What a window needs around a lesson's stepper: a namespace of its own for the lesson's socket
// names, a Reset that closes only what the lesson opened, and the summary a class reads at the end
// ("5 of 6 steps ran; 1 refused; 4 expectations held").
import type { Contract } from './contract';
import type { CallRecord } from './record';
import type { Client } from './rpc/types';
import type { LessonSockets } from './lesson-sockets';

/** What closing a lesson's sockets needs of a link. */
export type LessonResetClient = Client<Pick<Contract, 'sockets' | 'call'>, Record<never, never>>;

/** The session-name prefix for one run of a lesson in one page: `lesson-<page>-<run>-`. */
export function lessonNamespace(pageId: string, run: number): string {
  return `lesson-${pageId.replace(/[^A-Za-z0-9]/g, '').slice(0, 8)}${run.toString(36)}-`;
}

export interface LessonReset {
  closed: { name: string; fd: number }[];
  failed: { name: string; message: string }[];
}

/**
 * Closes the sockets the lesson opened and still holds, each by its session name and only while
 * that name still belongs to the same fd (closed meanwhile by hand, it is not the lesson's to close).
 */
export async function closeLessonSockets(client: LessonResetClient, own: LessonSockets, callIdPrefix: string): Promise<LessonReset> {
  const out: LessonReset = { closed: [], failed: [] };
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
