// The envelope checks on their own: what a server takes from a client (and the id it answers a
// refusal with), and what a client takes from a server (anything else is dropped, never thrown on).
import { describe, expect, it } from 'vitest';
import { readClientMessage, readServerMessage, UnreadableMessage } from './envelope';

describe('readClientMessage', () => {
  it('takes a request and a cancel as they are', () => {
    expect(readClientMessage({ type: 'request', id: 7, method: 'call', input: { a: 1 } })).toEqual({ ok: true, envelope: { type: 'request', id: 7, method: 'call', input: { a: 1 } } });
    expect(readClientMessage({ type: 'cancel', id: 0 })).toEqual({ ok: true, envelope: { type: 'cancel', id: 0 } });
  });

  it('refuses, naming the field, and answers with the id only when it is a non-negative integer', () => {
    expect(readClientMessage(new UnreadableMessage('not JSON'))).toEqual({ ok: false, id: null, field: 'frame', message: 'not JSON' });
    expect(readClientMessage([1])).toEqual({ ok: false, id: null, field: 'frame', message: 'the frame is not an object: expected {type, id, method, input}' });
    for (const id of ['7', -1, 1.5, 2 ** 53, undefined]) {
      expect(readClientMessage({ type: 'request', id, method: 'call' }), String(id)).toEqual({ ok: false, id: null, field: 'id', message: 'expected id, a non-negative integer' });
    }
    expect(readClientMessage({ type: 'event', id: 3 })).toEqual({ ok: false, id: 3, field: 'type', message: 'expected type "request" or "cancel"' });
    expect(readClientMessage({ type: 'request', id: 3, method: 5 })).toEqual({ ok: false, id: 3, field: 'method', message: 'expected method, a string' });
  });
});

describe('readServerMessage', () => {
  it('takes a response with a number id, a refusal with no id, and an event with a name', () => {
    const answer = { type: 'response', id: 3, ok: true, result: 1 };
    const unread = { type: 'response', id: null, ok: false, error: { code: 'INVALID_INPUT', message: 'm' } };
    const event = { type: 'event', event: 'socket', payload: {} };
    expect(readServerMessage(answer)).toBe(answer);
    expect(readServerMessage(unread)).toBe(unread);
    expect(readServerMessage(event)).toBe(event);
  });

  it('drops anything else without throwing', () => {
    for (const value of [null, undefined, 5, 'response', { type: 'event', event: 5 }, { type: 'nope', id: 1 }, { type: 'response', id: '3', ok: true }, { type: 'request', id: 1, method: 'call' }]) {
      expect(readServerMessage(value), JSON.stringify(value)).toBeNull();
    }
  });
});
