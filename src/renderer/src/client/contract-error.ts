// Whatever a transport rejects with, the page shows a ContractError: which field, what was expected.
import type { ContractError } from '../../../shared/contract';

const CODES: readonly ContractError['code'][] = ['invalid-request', 'unknown-method', 'engine-unavailable', 'internal'];

function isContractError(value: unknown): value is ContractError {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.message === 'string' && CODES.includes(v.code as ContractError['code']) && (v.field === null || typeof v.field === 'string');
}

/** An Error that carries the host's ContractError, so `await` sites can show its field. */
export class ContractRequestError extends Error {
  constructor(readonly error: ContractError) {
    super(error.message);
    this.name = 'ContractRequestError';
  }
}

export function toContractError(reason: unknown): ContractError {
  if (isContractError(reason)) return reason;
  if (typeof reason === 'object' && reason !== null && 'error' in reason && isContractError((reason as { error: unknown }).error)) {
    return (reason as { error: ContractError }).error;
  }
  const message = reason instanceof Error ? reason.message : String(reason);
  return { code: 'internal', field: null, message };
}
