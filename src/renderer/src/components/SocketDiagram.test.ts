// The diagram's text fitting: a name or address too long for its box is shortened, never shrunk.
import { describe, expect, it } from 'vitest';
import { fitText } from './SocketDiagram';

describe('fitText', () => {
  it('keeps what fits, and shortens a long name at its end and an address at its start (keeping the port)', () => {
    // 10 monospace characters of 0.6 em at 20 px fit in 120 px.
    expect(fitText('0123456789', 120, 20, 'start')).toBe('0123456789');
    expect(fitText('lesson-client-with-a-long-name', 120, 20, 'start')).toBe('lesson-cl…');
    expect(fitText('[2001:db8::1]:47801', 120, 20, 'end')).toBe('…:1]:47801');
    // A proportional line fits more.
    expect(fitText('closed by the lesson', 200, 20, 'start', 0.5)).toBe('closed by the lesson');
  });
});
