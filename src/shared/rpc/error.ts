// The one error every hop of the message layer carries: which field, what was expected. It
// crosses a link as plain data (an Error would lose its code and field on the way).

export type ErrorCode = 'invalid-request' | 'unknown-method' | 'engine-unavailable' | 'cancelled' | 'internal';
const CODES: readonly string[] = ['invalid-request', 'unknown-method', 'engine-unavailable', 'cancelled', 'internal'] satisfies ErrorCode[];

/** A refused or failed request as data: what a page shows next to the field it names. */
export interface ContractError {
  code: ErrorCode;
  field: string | null;
  message: string;
}

function isContractError(value: unknown): value is ContractError {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.message === 'string' && CODES.includes(v.code as string) && (v.field === null || typeof v.field === 'string');
}

export class RpcError extends Error implements ContractError {
  readonly code: ErrorCode;
  readonly field: string | null;

  constructor(code: ErrorCode, field: string | null, message: string) {
    super(message);
    this.name = 'RpcError';
    this.code = code;
    this.field = field;
  }

  /** The form that crosses a link. */
  get data(): ContractError {
    return { code: this.code, field: this.field, message: this.message };
  }

  /** Whatever was thrown or received, as an RpcError: data that is one already keeps its code and field. */
  static from(reason: unknown): RpcError {
    if (reason instanceof RpcError) return reason;
    if (isContractError(reason)) return new RpcError(reason.code, reason.field, reason.message);
    return new RpcError('internal', null, reason instanceof Error ? reason.message : String(reason));
  }
}

/** Whatever was thrown, as the data a page shows. */
export function errorData(reason: unknown): ContractError {
  return RpcError.from(reason).data;
}
