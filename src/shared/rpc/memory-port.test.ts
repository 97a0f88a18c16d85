// The in-process link's ends on their own: nothing crosses once an end is closed, and an end that
// was never linked closes without reaching for a partner.
import { describe, expect, it } from 'vitest';
import { memoryLink, MemoryPort } from './memory-port';

/** Resolves after the microtasks queued so far (the link delivers in one). */
const turn = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

describe('MemoryPort', () => {
  it('sends nothing once this end is closed, and closes the other end with its reason', async () => {
    const [near, far] = memoryLink();
    const heard: unknown[] = [];
    const states: [string, string][] = [];
    far.onMessage((m) => heard.push(m));
    far.onState((s, why) => states.push([s, why]));
    near.send({ type: 'cancel', id: 1 });
    near.close();
    near.send({ type: 'cancel', id: 2 });
    await turn();
    expect(heard).toEqual([{ type: 'cancel', id: 1 }]);
    expect(states).toEqual([['closed', 'closed by the other end']]);
    expect(near.state).toBe('closed');
  });

  it('an open end never linked sends nothing, and does not throw', () => {
    const lone = new MemoryPort();
    expect(() => lone.send({ type: 'event', event: 'socket', payload: 1 })).not.toThrow();
    expect(lone.state).toBe('open');
  });

  it('an end never linked closes on its own', async () => {
    const lone = new MemoryPort();
    lone.close();
    lone.send({ type: 'cancel', id: 1 });
    await turn();
    expect(lone.state).toBe('closed');
  });
});
