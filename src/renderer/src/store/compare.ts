// The Compare slice: a shipped scenario or the person's own scenario run on two fresh engines (the
// host's libcrypto, A, and one the person names, B), and what differs. The host decides which
// libraries may be named; nothing here touches the session's own engine or sockets.
import type { StateCreator } from 'zustand/vanilla';
import type { SideBySide } from '../../../shared/compare';
import type { CompareTargets } from '../../../shared/contract';
import type { WorkbenchClient } from '../client';
import type { LessonsSlice } from './lessons';
import { hostRefusal, type HostRefusal } from './refusal';

/** The scenario choice that means "the JSON typed in the box", not a shipped one. */
export const OWN_SCENARIO = '';

export interface CompareState {
  shown: boolean;
  /** What the host lets a page compare with; null until it answered. */
  targets: CompareTargets | null;
  libcrypto: string;
  engineNode: string;
  /** A shipped scenario's id, or OWN_SCENARIO for the JSON in `json`. */
  scenarioId: string;
  json: string;
  running: boolean;
  result: SideBySide | null;
  /** The library B was when `result` was made. */
  resultLibcrypto: string | null;
  error: HostRefusal | null;
}

export interface CompareSlice {
  compare: CompareState;
  showCompare(): void;
  hideCompare(): void;
  setCompare(change: Partial<Pick<CompareState, 'libcrypto' | 'engineNode' | 'scenarioId' | 'json'>>): void;
  runCompare(): Promise<void>;
}

function initialCompare(): CompareState {
  return { shown: false, targets: null, libcrypto: '', engineNode: '', scenarioId: 'tfo-listen', json: '', running: false, result: null, resultLibcrypto: null, error: null };
}

/** A refusal made in the page, for a field the host never saw. */
function pageRefusal(field: string, message: string): HostRefusal {
  return { what: 'compare', error: { code: 'invalid-request', field, message } };
}

export function createCompareSlice(client: WorkbenchClient): StateCreator<CompareSlice & LessonsSlice, [], [], CompareSlice> {
  return (set, get) => {
    const setCompare = (change: Partial<CompareState>) => set((s) => ({ compare: { ...s.compare, ...change } }));
    return {
      compare: initialCompare(),

      showCompare() {
        setCompare({ shown: true });
        if (get().lessons.scenarios === null && !get().lessons.listing) void get().listLessons();
        client.request('compareTargets', {}).then(
          (targets) => {
            const first = targets.allowed?.[0];
            setCompare({ targets, ...(first && !get().compare.libcrypto ? { libcrypto: first.libcrypto } : {}) });
          },
          (e: unknown) => setCompare({ error: hostRefusal('compareTargets', e) }),
        );
      },

      hideCompare() {
        setCompare({ shown: false });
      },

      setCompare(change) {
        setCompare(change);
      },

      async runCompare() {
        const c = get().compare;
        if (c.running) return;
        const libcrypto = c.libcrypto.trim();
        if (!libcrypto) return setCompare({ error: pageRefusal('libcrypto', 'expected the path of a libcrypto to compare with') });
        let source: { shipped: string } | { scenario: never };
        if (c.scenarioId === OWN_SCENARIO) {
          try {
            source = { scenario: JSON.parse(c.json) as never };
          } catch (e) {
            return setCompare({ error: pageRefusal('scenario', `the scenario is not valid JSON: ${(e as Error).message}`) });
          }
        } else source = { shipped: c.scenarioId };
        const engineNode = c.engineNode.trim();
        setCompare({ running: true, error: null });
        try {
          const result = await client.request('compare', { libcrypto, ...(engineNode ? { engineNode } : {}), ...source });
          setCompare({ result, resultLibcrypto: libcrypto });
        } catch (e) {
          setCompare({ error: hostRefusal('compare', e) });
        } finally {
          setCompare({ running: false });
        }
      },
    };
  };
}
