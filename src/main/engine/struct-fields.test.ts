import koffi from 'koffi';
import { describe, expect, it } from 'vitest';
import { numberField } from './struct-fields';
import { pollfd, tcp_info } from './platform/linux';

describe('numberField', () => {
  it('writes a member where koffi lays it out, and reads it back', () => {
    const buf = Buffer.alloc(koffi.sizeof(pollfd));
    numberField(pollfd, 'fd').write(buf, 77);
    numberField(pollfd, 'revents').write(buf, -2);
    expect(koffi.decode(buf, pollfd)).toEqual({ fd: 77, events: 0, revents: -2 });
    expect(numberField(pollfd, 'revents').read(buf)).toBe(-2);
  });

  it('names the member and the type it cannot write', () => {
    const buf = Buffer.alloc(koffi.sizeof(tcp_info));
    expect(() => numberField(tcp_info, 'tcpi_bytes_acked').write(buf, 1)).toThrow(/tcpi_bytes_acked: writing a UInt64 member is not supported/);
    expect(() => numberField(pollfd, 'nope')).toThrow(/nope: expected a member of struct pollfd/);
  });
});
