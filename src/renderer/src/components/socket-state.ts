// How a socket's TCP state is coloured: a socket that never connected sits in CLOSE, and that is
// where it should be (neutral); CLOSE after a connection, or CLOSE_WAIT, wants attention.
import type { SocketSnapshot } from '../../../shared/record';

const FRESH_ROLES: ReadonlySet<string> = new Set(['new', 'bound']);

export function stateClass(s: Pick<SocketSnapshot, 'state' | 'role'>): string {
  if (s.state === 'CLOSE' && FRESH_ROLES.has(s.role)) return 'state state-fresh';
  return `state state-${s.state ?? 'none'}`;
}
