// Name resolution: BIO_lookup_ex, listing every candidate it gives (none is used).
import { candidateList, lookup } from '../lookup';
import type { Draft } from '../records';
import type { CallContext } from './context';
import { AF, SOCK } from '../platform/linux';
import type { StepOf } from '../../../shared/steps';

export function lookupCall(step: StepOf<'BIO_lookup_ex'>, ctx: CallContext): Draft {
  const { rec } = ctx;
  const res = lookup(ctx.b, step.addr, { server: step.lookupType === 'BIO_LOOKUP_SERVER', family: AF[step.family ?? 'AF_UNSPEC'], socktype: SOCK[step.socktype ?? 'SOCK_STREAM'] });
  try {
    rec.ret = res.call.ret;
    rec.errorQueue = res.call.errorQueue;
    rec.durationUs = res.call.durationUs;
    rec.addresses = candidateList(res.candidates, -1);
    return rec;
  } finally {
    res.free();
  }
}
