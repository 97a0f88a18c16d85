// The composer: the call being put together field by field, the address candidates a lookup
// found for it, and Run.
import type { StateCreator } from 'zustand/vanilla';
import type { FlagName } from '../../../shared/flags';
import type { AddressCandidate, CallRecord } from '../../../shared/record';
import type { Step } from '../../../shared/steps';
import type { CallsSlice } from './calls';
import { afterRun, madeSocket, switchCall } from './composer-defaults';
import { buildStep, DEFAULT_FIELDS, fieldsOf, findSocket, nextSocketName, type ComposerCall, type ComposerFields } from './composer-model';
import { objectNames, type TlsObjects, type TlsObjectsSlice } from './tls-objects';
import type { SocketsSlice } from './sockets';

export interface ComposerSlice {
  composer: ComposerFields;
  candidates: AddressCandidate[] | null;
  /** The address the candidates were looked up for. */
  candidatesFor: string | null;
  setComposer(patch: Partial<ComposerFields>): void;
  /** Switches the call, filling the socket, address and flags that fit it; `patch` then wins. */
  chooseCall(call: ComposerCall, patch?: Partial<ComposerFields>): void;
  toggleFlag(name: FlagName, on: boolean): void;
  runComposer(): Promise<CallRecord | null>;
  /** Runs BIO_lookup_ex for the composer's address, as the call itself would look it up. */
  lookup(): Promise<void>;
}

/** The newest object of the kind a call's field names, when the one named is gone or none is. */
function objectDefaults(c: ComposerFields, objects: TlsObjects): Partial<ComposerFields> {
  const lists = { bio: objects.bios, ssl: objects.ssls, ctx: objects.ctxs };
  const takes = fieldsOf(c.call, c.over);
  const patch: Partial<ComposerFields> = {};
  for (const field of ['bio', 'ssl', 'ctx'] as const) {
    const list = lists[field];
    if (takes.has(field) && list.length && !list.some((o) => o.name === c[field].trim())) patch[field] = list[list.length - 1].name;
  }
  return patch;
}

export const createComposerSlice: StateCreator<ComposerSlice & CallsSlice & SocketsSlice & TlsObjectsSlice, [], [], ComposerSlice> = (set, get) => ({
  composer: { ...DEFAULT_FIELDS },
  candidates: null,
  candidatesFor: null,

  setComposer(patch) {
    set((s) => {
      const composer = { ...s.composer, ...patch };
      // Candidates belong to the address they were looked up for.
      const stale = patch.addr !== undefined && patch.addr !== s.candidatesFor;
      return { composer: stale ? { ...composer, addrIndex: null } : composer, ...(stale ? { candidates: null, candidatesFor: null } : {}) };
    });
  },

  chooseCall(call, patch = {}) {
    set((s) => {
      const switched = switchCall(s.composer, call, s.sockets, madeSocket(s.lastOwnRecord));
      return { composer: { ...switched, ...objectDefaults(switched, s.tlsObjects), ...patch } };
    });
  },

  toggleFlag(name, on) {
    set((s) => {
      const flags = s.composer.flags.filter((f) => f !== name);
      if (on) flags.push(name);
      return { composer: { ...s.composer, flags } };
    });
  },

  async runComposer() {
    const s = get();
    const auto = s.composer.as.trim() === '' ? nextSocketName(s.composer.call, s.sockets, objectNames(s.tlsObjects)) : null;
    const step = buildStep(auto ? { ...s.composer, as: auto } : s.composer);
    const record = await s.runStep(step);
    if (!record) return record;
    const c = get().composer;
    const patch = afterRun(record);
    // The next BIO_socket gets a fresh default name; a name given by hand is kept for editing.
    if (record.ret !== null && record.ret >= 0 && 'as' in step && step.as && c.as === step.as) patch.as = '';
    if (Object.keys(patch).length) set({ composer: { ...c, ...patch } });
    return record;
  },

  async lookup() {
    const { composer, sockets } = get();
    const sock = composer.call === 'BIO_lookup_ex' ? undefined : findSocket(sockets, composer.sock);
    const server = composer.call === 'BIO_bind' || composer.call === 'BIO_listen';
    const step: Step =
      composer.call === 'BIO_lookup_ex'
        ? buildStep(composer)
        : {
            call: 'BIO_lookup_ex',
            addr: composer.addr,
            lookupType: server ? 'BIO_LOOKUP_SERVER' : 'BIO_LOOKUP_CLIENT',
            family: sock?.family === 'AF_UNIX' ? 'AF_UNIX' : 'AF_UNSPEC',
            socktype: sock?.type === 'SOCK_DGRAM' ? 'SOCK_DGRAM' : 'SOCK_STREAM',
          };
    const record = await get().runStep(step);
    if (record) set({ candidates: record.addresses ?? [], candidatesFor: step.call === 'BIO_lookup_ex' ? step.addr : composer.addr });
  },
});
