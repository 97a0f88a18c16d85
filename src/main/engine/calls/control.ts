// Steps that are not libcrypto calls: the scenario runner's own steps, refused here, and the
// test-only crash.
import { refuse, type Draft } from '../records';
import type { CallContext } from './context';
import type { StepOf } from '../../../shared/steps';

export function scenarioStepCall(step: StepOf<'await'> | StepOf<'cancel'>, ctx: CallContext): Draft {
  return refuse(ctx.rec, `"${step.call}" is a scenario step; the scenario runner handles it, not the engine`);
}

/** Dereferences NULL in native code, to prove a crash costs the host a restart, not its session. */
export function crashCall(_step: StepOf<'__crash'>, ctx: CallContext): Draft {
  if (process.env.BIO_WORKBENCH_TEST_CRASH !== '1') return refuse(ctx.rec, '__crash is a test-only call; the engine was not started with BIO_WORKBENCH_TEST_CRASH=1');
  ctx.b.crashForTest();
}
