/// <reference types="vite/client" />
// A fake host for the Lessons slice and panel: answers `lessons` and `demos`, and `call` for the few
// calls the lessons here make, keeping a socket table by name so refusals, ports and closes behave
// as the engine's.
import type { ShippedScenario } from '../../../shared/contract';
import type { CallRecord, SocketSnapshot } from '../../../shared/record';
import type { Scenario, Step } from '../../../shared/steps';
import { cExpression } from '../../../shared/c-expression';
import { checkScenarioText } from '../../../shared/scenario-check';
import { record, REFUSED_CONNECT, snapshot, type FakeClient } from './fake-client';
import refusedConnectText from '../../../../resources/scenarios/refused-connect.json?raw';
import refusedConnectLessonText from '../../../../resources/lessons/refused-connect.json?raw';
import { refusals } from '../../../shared/refusals';

/** A shipped file as the host lists it: its name is the id, checked like any scenario file. */
function shippedDemo(id: string, text: string): ShippedScenario {
  const checked = checkScenarioText(text);
  if (!checked.ok) throw new Error(`${id}.json: ${checked.error.message}`);
  return { id, title: checked.scenario.title ?? id, description: checked.scenario.description ?? null, scenario: checked.scenario, error: null };
}

/** The shipped refused-connect demo, read from its file. */
export const REFUSED_CONNECT_DEMO: ShippedScenario = shippedDemo('refused-connect', refusedConnectText);

/** The shipped refused-connect lesson (captions, predictions), read from its file. */
export const REFUSED_CONNECT_LESSON: ShippedScenario = shippedDemo('refused-connect', refusedConnectLessonText);

export const INVALID_DEMO: ShippedScenario = {
  id: 'broken',
  title: 'broken',
  description: null,
  scenario: null,
  error: 'steps[1].call: expected "call" to be one of BIO_socket, BIO_bind',
};

export function demoOf(id: string, title: string, steps: Step[], description: string | null = null): ShippedScenario {
  const scenario: Scenario = { title, steps };
  return { id, title, description, scenario, error: null };
}

export interface FakeLessonHost {
  /** Open sockets by name, as the engine's table holds them. */
  sockets: Map<string, SocketSnapshot>;
  /** Calls the host was asked to make, as C. */
  calls: string[];
  /** Call ids of `call` requests not answered yet (steps held with `hold`). */
  held: Map<string, (rec: CallRecord) => void>;
  /** Calls of this name wait until released (or cancelled), like a blocking accept. */
  hold: Set<string>;
}

/** Answers `demos` with `demos` and `lessons` with `lessons`, and `call`/`sockets`/`cancel` from a small socket table. */
export function fakeLessonHost(client: FakeClient, demos: ShippedScenario[], own: SocketSnapshot[] = [], lessons: ShippedScenario[] = []): FakeLessonHost {
  const host: FakeLessonHost = { sockets: new Map(own.map((s) => [s.name!, s])), calls: [], held: new Map(), hold: new Set() };
  let nextFd = 20;
  let nextPort = 40001;
  const listening = new Set<string>();
  /** Sockets whose nonblocking connect was refused: BIO_sock_error reads ECONNREFUSED once. */
  const pendingError = new Set<string>();
  client.answer('scenarios', () => demos);
  client.answer('lessons', () => lessons);
  client.answer('sockets', () => [...host.sockets.values()]);
  client.answer('cancel', ({ callId }) => {
    const release = host.held.get(callId);
    if (!release) return { cancelled: false, how: null };
    host.held.delete(callId);
    release(record({ call: 'BIO_accept_ex', c: 'cancelled', ret: -1, cancelled: 'cancelled by shutdown(SHUT_RDWR)' }));
    return { cancelled: true, how: 'shutdown' };
  });
  const answerCall = ({ step, callId }: { step: Step; callId?: string }): CallRecord | Promise<CallRecord> => {
    const c = cExpression(step);
    host.calls.push(c);
    const base = record({ call: step.call, args: { ...step }, c, ret: 1 });
    const refuse = (why: string) => ({ ...base, ret: null, refused: why });
    if (host.hold.has(step.call) && callId) return new Promise<CallRecord>((resolve) => host.held.set(callId, resolve));
    if (step.call === 'BIO_socket') {
      const name = step.as!;
      const owner = host.sockets.get(name);
      if (owner) return refuse(refusals.nameInUse(name, owner.fd));
      const snap = snapshot({ fd: nextFd++, name, role: 'new', local: '0.0.0.0:0', state: 'CLOSE' });
      host.sockets.set(name, snap);
      return { ...base, ret: snap.fd, socket: snap };
    }
    const sock = typeof step.call === 'string' && 'sock' in step ? String(step.sock) : '';
    const snap = host.sockets.get(sock);
    if (!snap) return refuse(refusals.noSuchName(sock));
    switch (step.call) {
      case 'BIO_listen': {
        const port = /:0$/.test(step.addr) ? nextPort++ : Number(step.addr.split(':')[1]);
        const next = { ...snap, role: 'listener' as const, local: `127.0.0.1:${port}`, state: 'LISTEN' };
        host.sockets.set(sock, next);
        listening.add(String(port));
        return { ...base, socket: next };
      }
      case 'BIO_connect': {
        if (listening.has(step.addr.split(':')[1])) return { ...base, socket: { ...snap, role: 'client', state: 'ESTABLISHED' } };
        // A nonblocking connect learns of the refusal later, from SO_ERROR.
        if (Array.isArray(step.options) && step.options.includes('BIO_SOCK_NONBLOCK')) {
          pendingError.add(sock);
          return { ...base, ret: 0, errno: { code: 115, name: 'EINPROGRESS', message: 'Operation now in progress' }, socket: { ...snap, role: 'client', state: 'SYN_SENT' } };
        }
        return { ...base, ret: 0, errno: REFUSED_CONNECT.errno, errorQueue: REFUSED_CONNECT.errorQueue, socket: { ...snap, role: 'client' } };
      }
      case 'BIO_sock_error': {
        const refused = pendingError.delete(sock);
        return refused ? { ...base, ret: 111, result: { soError: REFUSED_CONNECT.errno }, socket: { ...snap, state: 'CLOSE' } } : { ...base, ret: 0, socket: snap };
      }
      case 'BIO_closesocket': {
        host.sockets.delete(sock);
        if (snap.role === 'listener') listening.delete(snap.local!.split(':')[1]);
        return { ...base, socket: { ...snap, role: 'closed', state: null } };
      }
      default:
        return { ...base, socket: snap };
    }
  };
  client.answer('call', answerCall);
  client.answer('callGroup', async ({ calls }) => {
    const records: CallRecord[] = [];
    for (const c of calls) records.push(await answerCall(c));
    return records;
  });
  return host;
}
