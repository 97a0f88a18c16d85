// The batched port between two processes on a link the test holds: a batch taken apart (and one
// that holds no list), and a close the link finishes later, which keeps the link's own reason.
import { describe, expect, it } from 'vitest';
import { BatchedPort, unbatch, type ProcessLink } from './batch';
import type { Envelope } from './envelope';

/** A link that stays connected until `gone` is called, and tells of its end only then. */
function handLink() {
  let connected = true;
  let hear: (m: unknown) => void = () => {};
  let ended: (reason: string) => void = () => {};
  const posted: unknown[] = [];
  const link: ProcessLink = {
    connected: () => connected,
    post: (m) => void posted.push(m),
    listen: (h, e) => ((hear = h), (ended = e)),
    end: () => undefined,
  };
  return { link, posted, hear: (m: unknown) => hear(m), gone: (reason: string) => ((connected = false), ended(reason)) };
}

describe('unbatch', () => {
  it('gives a batch\'s envelopes in order, nothing for a batch without a list, and any other message as it is', () => {
    const a: Envelope = { type: 'cancel', id: 1 };
    const b: Envelope = { type: 'cancel', id: 2 };
    expect(unbatch({ type: 'batch', messages: [a, b] })).toEqual([a, b]);
    expect(unbatch({ type: 'batch', messages: 'a, b' })).toEqual([]);
    expect(unbatch(a)).toEqual([a]);
    expect(unbatch(null)).toEqual([null]);
    expect([undefined, 5, 'batch'].map(unbatch)).toEqual([[undefined], [5], ['batch']]);
  });
});

describe('BatchedPort', () => {
  it('stays open after close when the link says it will tell of its end, then closes with the link\'s reason', () => {
    const hand = handLink();
    const port = new BatchedPort(hand.link, (flush) => flush());
    const states: [string, string][] = [];
    port.onState((state, reason) => states.push([state, reason]));
    port.close();
    expect(port.state).toBe('open');
    hand.gone('the engine exited (code 0)');
    expect(states).toEqual([['closed', 'the engine exited (code 0)']]);
  });

  it('hands each envelope of a received batch to its listeners in order', () => {
    const hand = handLink();
    const port = new BatchedPort(hand.link, (flush) => flush());
    const heard: unknown[] = [];
    port.onMessage((m) => heard.push(m));
    hand.hear({ type: 'batch', messages: [{ type: 'cancel', id: 1 }, { type: 'cancel', id: 2 }] });
    expect(heard).toEqual([{ type: 'cancel', id: 1 }, { type: 'cancel', id: 2 }]);
  });

  it('closes at once with the reason the link gives when ending it closes it', () => {
    const link: ProcessLink = { connected: () => true, post: () => undefined, listen: () => undefined, end: () => 'the channel is closed' };
    const port = new BatchedPort(link, (flush) => flush());
    const states: [string, string][] = [];
    port.onState((state, reason) => states.push([state, reason]));
    port.close();
    expect(states).toEqual([['closed', 'the channel is closed']]);
  });
});
