// Scenario control in C, which runs one call at a time: the order main() makes the steps in,
// background steps (deferred until ready, or a blocking connect on a thread of its own), and
// await and cancel.
import type { Scenario } from '../../../shared/steps';
import { cExpression } from '../../../shared/c-expression';
import { cString, cComment } from '../../../shared/escape/c';
import { socketFields, type Plan } from './plan';
import { stepComment } from './step-function';
import { groupSpan } from '../../../shared/step-groups';

function sockVar(scenario: Scenario, p: Plan, k: number): string {
  return p.vars.get(socketFields(scenario.steps[k]).sock as string)!;
}

/** Makes a deferred step still pending, in `mode` (WB_WAIT at its await, WB_CANCEL to end it). */
function finishPending(k: number, mode: 'WB_WAIT' | 'WB_CANCEL', why: string): string[] {
  return [`    if (wb_pending[${k}]) {`, `        wb_step_${k}(${mode}); /* ${cComment(why)} */`, `        wb_pending[${k}] = 0;`, '    }'];
}

/** Ends a background step still waiting, as the engine's cancel does; its record says how. */
function cancelLines(scenario: Scenario, p: Plan, k: number, why: string): string[] {
  if (p.deferred.has(k)) return finishPending(k, 'WB_CANCEL', why);
  if (p.threaded.has(k)) return [`    wb_cancel_thread(${k}, ${sockVar(scenario, p, k)}); /* ${cComment(why)} */`];
  return [];
}

/** main()'s body between wb_start and the expectations: every step, in the scenario's order. */
export function schedule(scenario: Scenario, p: Plan): string[] {
  const out: string[] = [];
  scenario.steps.forEach((step, i) => {
    if (step.call === 'await' || step.call === 'cancel') {
      const k = step.step;
      out.push(stepComment(i, step, `${step.call} step ${k + 1}`, '    '));
      if (step.call === 'cancel') out.push(...cancelLines(scenario, p, k, `cancel step ${k + 1}`));
      else if (p.deferred.has(k)) out.push(...finishPending(k, 'WB_WAIT', 'the deferred step waits here for what it needs'));
      else if (p.threaded.has(k)) out.push(`    wb_join_thread(${k});`);
      out.push(`    wb_follow(${i}, ${cString(step.call)}, ${cString(cExpression(step))}, ${k});`);
      return;
    }
    // A step group: its calls follow each other with nothing between them, as the engine makes them.
    const span = groupSpan(scenario.steps, i);
    if (span.name !== null && span.first === i) out.push(`    /* group ${span.name}, steps ${span.first + 1} to ${span.last + 1}: made back to back, nothing between them */`);
    // Closing a socket ends what still waits on it first, as the engine does.
    const { sock } = socketFields(step);
    if (step.call === 'BIO_closesocket' && typeof sock === 'string') {
      scenario.steps.forEach((t, k) => {
        if (k < i && socketFields(t).sock === sock) out.push(...cancelLines(scenario, p, k, `BIO_closesocket(${sock}) ends the waiting step ${k + 1}`));
      });
    }
    if (p.deferred.has(i)) out.push(`    wb_pending[${i}] = !wb_step_${i}(WB_NOW); /* background: made now if ready, else later */`);
    else if (p.threaded.has(i)) out.push(`    wb_start_thread(${i}, wb_thread_${i}, ${sockVar(scenario, p, i)}); /* background ${step.call === 'BIO_connect' ? 'connect' : 'loop'}: its own thread, errno and queue stay there */`);
    else out.push(`    wb_step_${i}(WB_WAIT);${'background' in step && step.background ? ' /* background, but it never waits for readiness: made in place */' : ''}`);
    if (p.deferred.size > 0 && (span.name === null || span.last === i)) out.push('    wb_try_pending();');
  });
  for (const k of [...p.deferred, ...p.threaded]) out.push(...cancelLines(scenario, p, k, 'never awaited: cancelled at the end, as the runner does'));
  return out;
}

/** A thread per background connect, and wb_try_pending when steps are deferred. */
export function backgroundFunctions(p: Plan): string[] {
  const threads = [...p.threaded].map((k) => `static void *wb_thread_${k}(void *arg)\n{\n    (void)arg;\n    wb_step_${k}(WB_WAIT);\n    return NULL;\n}`);
  if (p.deferred.size === 0) return threads;
  const tryPending = [...p.deferred].map((k) => `    if (wb_pending[${k}] && wb_step_${k}(WB_NOW))\n        wb_pending[${k}] = 0;`);
  return [...threads, ['/* Background steps still waiting: made as soon as their socket is ready. */', 'static void wb_try_pending(void)', '{', ...tryPending, '}'].join('\n')];
}
