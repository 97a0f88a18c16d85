// The `addr` field as BIO_lookup_ex takes it: host and service, the wildcard as NULL, a unix path.
import { describe, expect, it } from 'vitest';
import { parseAddress } from './address';

describe('parseAddress', () => {
  it('splits host:service, [v6]:service and unix:/path; an empty or * host is the wildcard', () => {
    expect(parseAddress('127.0.0.1:4433')).toEqual({ host: '127.0.0.1', service: '4433', unix: false });
    expect(parseAddress('[::1]:http')).toEqual({ host: '::1', service: 'http', unix: false });
    expect(parseAddress('unix:/tmp/a:b')).toEqual({ host: '/tmp/a:b', service: null, unix: true });
    expect(parseAddress('*:80')).toEqual({ host: null, service: '80', unix: false });
    expect(parseAddress(':80')).toEqual({ host: null, service: '80', unix: false });
    expect(parseAddress('a*:80')).toEqual({ host: 'a*', service: '80', unix: false });
  });
});
