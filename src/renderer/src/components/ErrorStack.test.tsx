// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, screen, within } from '@testing-library/react';
import { ErrorStack } from './ErrorStack';
import { renderWithStore } from '../test/render';
import { createFakeClient, record, REFUSED_CONNECT, session } from '../test/fake-client';

afterEach(cleanup);

describe('ErrorStack', () => {
  it('shows the latest call\'s queue entry by entry, in queue order', async () => {
    const client = createFakeClient(session());
    renderWithStore(<ErrorStack />, client);
    act(() => client.emit('log', { position: 0, record: REFUSED_CONNECT }));
    const region = await screen.findByRole('region', { name: 'OpenSSL error stack' });
    const entries = await within(region).findAllByRole('listitem');
    expect(entries).toHaveLength(2);
    expect(entries[0].textContent).toContain('system library');
    expect(entries[0].textContent).toContain('Connection refused');
    expect(entries[0].textContent).toContain('../crypto/bio/bio_sock2.c:117');
    expect(entries[0].textContent).toContain('calling connect()');
    expect(entries[1].textContent).toContain('BIO routines');
    expect(entries[1].textContent).toContain('connect error');
  });

  it('explains an empty queue after a nonblocking connect returned 0 with EINPROGRESS', async () => {
    const client = createFakeClient(session());
    renderWithStore(<ErrorStack />, client);
    act(() =>
      client.emit('log', { position: 0, record: record({ call: 'BIO_connect', c: 'BIO_connect(n, addr, BIO_SOCK_NONBLOCK)', ret: 0, errno: { code: 115, name: 'EINPROGRESS', message: 'Operation now in progress' } }) }),
    );
    expect((await screen.findByRole('note')).textContent).toContain('EINPROGRESS is progress, not failure');
  });

  it('explains an empty queue after a nonblocking accept returned -1 with EAGAIN', async () => {
    const client = createFakeClient(session());
    renderWithStore(<ErrorStack />, client);
    act(() => client.emit('log', { position: 0, record: record({ call: 'BIO_accept_ex', c: 'a1 = BIO_accept_ex(l, peer, 0)', ret: -1, errno: { code: 11, name: 'EAGAIN', message: 'Resource temporarily unavailable' } }) }));
    expect((await screen.findByRole('note')).textContent).toContain('EAGAIN is progress, not failure');
  });

  it('says nothing about EINPROGRESS for a refused connect', async () => {
    const client = createFakeClient(session());
    renderWithStore(<ErrorStack />, client);
    act(() => client.emit('log', { position: 0, record: REFUSED_CONNECT }));
    await screen.findAllByRole('listitem');
    expect(screen.queryByRole('note')).toBeNull();
  });

  it("names BIO_sock_error's ret as the errno it is, and a read loop's ret as its last call beside the bytes it read", async () => {
    const client = createFakeClient(session());
    renderWithStore(<ErrorStack />, client);
    const after = async () => (await screen.findByRole('region', { name: 'OpenSSL error stack' })).querySelector('.after')!.textContent;
    act(() => client.emit('log', { position: 0, record: record({ call: 'BIO_sock_error', c: 'BIO_sock_error(c)', ret: 111, result: { soError: { code: 111, name: 'ECONNREFUSED', message: 'Connection refused' } } }) }));
    expect(await after()).toBe("After BIO_sock_error(c): ret 111 (SO_ERROR ECONNREFUSED: Connection refused)");
    const bulk = { direction: 'read' as const, bytes: 2_881_252, requested: null, chunk: 65_536, calls: 80, partial: 79, eagain: 0, durationUs: 9000, sha256: 'ab'.repeat(32), first: '78797a', last: '78797a', eof: true };
    act(() => client.emit('log', { position: 1, record: record({ call: 'BIO_read', c: 'BIO_read(bio_a1, buf, 65536)', ret: 37_164, bulk }) }));
    await screen.findByText(/BIO_read\(bio_a1/);
    expect(await after()).toBe("After BIO_read(bio_a1, buf, 65536): ret 37164 (the loop's last call; it read 2881252 bytes in 80 calls)");
  });
});
