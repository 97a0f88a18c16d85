// Telling the connect/accept BIO and TLS steps from the socket calls, by type (apart from
// tls-facts.ts, which the step schemas import: a type import of the steps there would be a cycle).
import { isBioTlsCall, type BioCallName, type TlsCallName } from './tls-facts';
import type { Step } from './steps';

/** A step of a connect/accept BIO or of TLS. */
export type BioTlsStep = Extract<Step, { call: BioCallName | TlsCallName }>;

export function isBioTlsStep(step: Step): step is BioTlsStep {
  return isBioTlsCall(step.call);
}
