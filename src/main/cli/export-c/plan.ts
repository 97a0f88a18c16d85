// What the program needs before any step is written: a C variable per socket name, and which
// background steps are deferred to their await or run on a thread of their own.
import type { Scenario, Step } from '../../../shared/steps';
import { cVar } from './c-text';
import { madeKind } from '../../../shared/tls-facts';

/** Calls that wait for readiness first: as background steps they can be deferred to their await. */
const DEFERRABLE = new Set<Step['call']>(['BIO_accept_ex', 'BIO_accept', 'BIO_read', 'BIO_write', 'wait']);
/** Calls that make a socket: without an `as`, the program keeps it in an anonymous variable. */
const CREATING = new Set<Step['call']>(['BIO_socket', 'BIO_accept_ex', 'BIO_accept', 'BIO_get_accept_socket']);

/** A BIO_write of bytes or a file, or a BIO_read of bytes or until end of file: a loop of calls. */
export function isLoop(step: Step): boolean {
  return (step.call === 'BIO_write' && (step.bytes !== undefined || step.file !== undefined)) || (step.call === 'BIO_read' && step.max === undefined);
}

export interface Plan {
  /** Socket names (the scenario's) to their C variables. */
  vars: Map<string, string>;
  /** Steps making a socket without an `as`: an anonymous variable each. */
  anon: Set<number>;
  /** Background steps that wait for readiness: made when ready, at the latest at their await. */
  deferred: Set<number>;
  /** Background BIO_connects and read or write loops: each runs in its own thread, as the engine's pool runs it. */
  threaded: Set<number>;
  /** Names `as` gives a connect or accept BIO (BIO_new_connect, BIO_new_accept, BIO_pop). */
  bios: Set<string>;
  /** Each SSL object's name to what SSL_new put under it: a socket (SSL_set_fd) or a BIO (SSL_set_bio). */
  sslUnder: Map<string, { sock?: string; bio?: string }>;
}

/** A step's `as` and `sock` fields, where its call has them. */
export function socketFields(step: Step): { as?: string; sock?: string | number } {
  return { as: 'as' in step ? step.as : undefined, sock: 'sock' in step ? step.sock : undefined };
}

export function plan(scenario: Scenario): Plan {
  const vars = new Map<string, string>();
  const used = new Set<string>();
  const anon = new Set<number>();
  const deferred = new Set<number>();
  const threaded = new Set<number>();
  const sslUnder = new Map<string, { sock?: string; bio?: string }>();
  const bios = new Set<string>();
  scenario.steps.forEach((step, i) => {
    if ('as' in step && step.as !== undefined && madeKind(step.call) === 'bio') bios.add(step.as);
    if (step.call === 'SSL_new') sslUnder.set(step.as, { sock: typeof step.sock === 'string' ? step.sock : undefined, bio: step.bio });
    const { as, sock } = socketFields(step);
    if (as !== undefined && !vars.has(as)) {
      let v = cVar(as);
      while (used.has(v)) v += '_';
      used.add(v);
      vars.set(as, v);
    } else if (as === undefined && CREATING.has(step.call)) {
      anon.add(i);
    }
    const background = 'background' in step && step.background === true;
    const threads = (step.call === 'BIO_connect' || isLoop(step)) && typeof sock === 'string';
    if (background && threads) threaded.add(i);
    else if (background && DEFERRABLE.has(step.call)) deferred.add(i);
  });
  return { vars, anon, deferred, threaded, sslUnder, bios };
}

/** The step with its socket names replaced by C variables, so cExpression gives the code's text. */
export function withVars(step: Step, p: Plan): Step {
  const s = { ...step };
  if ('sock' in s && typeof s.sock === 'string') s.sock = p.vars.get(s.sock) ?? s.sock;
  if ('as' in s && s.as !== undefined) s.as = p.vars.get(s.as) ?? s.as;
  return s;
}
