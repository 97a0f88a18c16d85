// Requests the host refused, as the person needs them: what was asked, the field, what was
// expected. The one place the store turns a rejection into the data a banner shows.
import type { StateCreator } from 'zustand/vanilla';
import type { ContractError } from '../../../shared/contract';
import { errorData } from '../../../shared/rpc/error';

export interface HostRefusal {
  /** What was asked (a call's name or a method). */
  what: string;
  error: ContractError;
}

export function hostRefusal(what: string, reason: unknown): HostRefusal {
  return { what, error: errorData(reason) };
}

/** The page-wide refusal banner: the last request of this page the host refused. */
export interface RefusalSlice {
  refusal: HostRefusal | null;
  refuse(what: string, reason: unknown): void;
  dismissRefusal(): void;
}

export const createRefusalSlice: StateCreator<RefusalSlice, [], [], RefusalSlice> = (set) => ({
  refusal: null,
  refuse(what, reason) {
    set({ refusal: hostRefusal(what, reason) });
  },
  dismissRefusal() {
    set({ refusal: null });
  },
});
