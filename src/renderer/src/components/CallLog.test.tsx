// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { CallLog } from './CallLog';
import { renderWithStore } from '../test/render';
import { createFakeClient, record, REFUSED_CONNECT, session } from '../test/fake-client';
import type { CallRecord } from '../../../shared/record';

afterEach(cleanup);

function logOf(total: number) {
  const client = createFakeClient(session({ logTotal: total }));
  client.answer('log', ({ offset, limit }) => ({
    total,
    entries: Array.from({ length: Math.max(0, Math.min(limit, total - offset)) }, (_, i): CallRecord => record({ index: offset + i, c: `c${offset + i} = BIO_socket(AF_INET, SOCK_STREAM, 0, 0)`, ret: offset + i })),
  }));
  return client;
}

describe('CallLog', () => {
  it('shows EINPROGRESS and EAGAIN that are progress as progress, not as failures', async () => {
    const client = createFakeClient(session());
    renderWithStore(<CallLog />, client);
    const inProgress = record({ call: 'BIO_connect', args: { call: 'BIO_connect', sock: 'n', addr: '127.0.0.1:4433' }, c: 'BIO_connect(n, addr, BIO_SOCK_NONBLOCK)', ret: 0, errno: { code: 115, name: 'EINPROGRESS', message: 'Operation now in progress' } });
    const wouldBlock = record({ call: 'BIO_accept_ex', c: 'a1 = BIO_accept_ex(l, peer, BIO_SOCK_NONBLOCK)', ret: -1, errno: { code: 11, name: 'EAGAIN', message: 'Resource temporarily unavailable' } });
    act(() => {
      client.emit('log', { position: 0, record: inProgress });
      client.emit('log', { position: 1, record: wouldBlock });
    });
    for (const name of [/^#0 BIO_connect/, /^#1 a1 = BIO_accept_ex/]) {
      const entry = await screen.findByRole('button', { name });
      expect(entry.className).toContain('progress');
      expect(entry.className).not.toContain('failed');
    }
  });

  it('names BIO_sock_error\'s ret as the errno it is, and logs a read loop by its bytes, not its last call\'s ret', async () => {
    const client = createFakeClient(session());
    renderWithStore(<CallLog />, client);
    const sockError = record({ call: 'BIO_sock_error', c: 'BIO_sock_error(c)', ret: 111, result: { soError: { code: 111, name: 'ECONNREFUSED', message: 'Connection refused' } } });
    const bulk = { direction: 'read' as const, bytes: 2_881_252, requested: null, chunk: 65_536, calls: 80, partial: 79, eagain: 0, durationUs: 9000, sha256: 'ab'.repeat(32), first: '78797a', last: '78797a', eof: true };
    const loop = record({ call: 'BIO_read', c: 'BIO_read(bio_a1, buf, 65536)', ret: 37_164, bulk });
    act(() => {
      client.emit('log', { position: 0, record: sockError });
      client.emit('log', { position: 1, record: loop });
    });
    await screen.findByRole('button', { name: /^#0 BIO_sock_error\(c\) = 111 \(ECONNREFUSED\),/ });
    const read = await screen.findByRole('button', { name: /^#1 BIO_read\(bio_a1, buf, 65536\) read 2881252 bytes in 80 calls, last = 37164,/ });
    await userEvent.click(screen.getByRole('button', { name: /^#0 BIO_sock_error/ }));
    const fields = screen.getByRole('region', { name: 'Call record' });
    expect(fields.textContent).toContain("111: the socket's pending error (SO_ERROR), ECONNREFUSED (111): Connection refused");
    await userEvent.click(read);
    expect(screen.getByRole('region', { name: 'Call record' }).textContent).toContain('37164 (the loop\'s last call; it read 2881252 bytes in 80 calls)');
  });

  it('is a log named "Call log" that keeps 100,000 entries virtualised', async () => {
    const { client } = renderWithStore(<CallLog />, logOf(100_000));
    const log = screen.getByRole('log', { name: 'Call log' });
    // The tail loads first; rows scrolled to (jsdom cannot scroll: the top) load on demand.
    await waitFor(() => expect(screen.getByRole('button', { name: /^#0 c0 = BIO_socket/ })).toBeTruthy());
    const pages = client.requests.filter((r) => r.method === 'log').map((r) => r.input);
    expect(pages).toContainEqual({ offset: 99_500, limit: 500 });
    expect(pages).toContainEqual({ offset: 0, limit: 500 });
    expect(log.querySelectorAll('button').length).toBeLessThan(80);
    expect(screen.getByRole('heading', { name: /Call log 100,000/ })).toBeTruthy();
  });

  it('shows C expression, ret, errno and duration, and the full record on selection', async () => {
    const client = createFakeClient(session());
    renderWithStore(<CallLog />, client);
    act(() => client.emit('log', { position: 0, record: REFUSED_CONNECT }));
    const entry = await screen.findByRole('button', { name: '#0 BIO_connect(r, addr, 0) = 0 ECONNREFUSED, 348 µs' });
    // The words shown are the name's words, kept apart, so the name contains what is read on screen.
    expect(entry.textContent).toBe('#0 BIO_connect(r, addr, 0) = 0 ECONNREFUSED 348 µs');
    // The address it used stands beside the entry.
    expect(entry.nextElementSibling?.textContent).toBe('127.0.0.1:1');
    expect(entry.className).toContain('failed');
    await userEvent.click(entry);
    const details = screen.getByRole('region', { name: 'Call record' });
    expect(details.textContent).toContain('address used127.0.0.1:1');
    expect(details.textContent).toContain('ECONNREFUSED (111): Connection refused');
    expect(details.textContent).toContain('error:10000067:BIO routines::connect error');
  });

  it('shows the selected record as JSON in a region named for it, and keeps it shown as the selection moves', async () => {
    const client = createFakeClient(session());
    renderWithStore(<CallLog />, client);
    act(() => {
      client.emit('log', { position: 0, record: REFUSED_CONNECT });
      client.emit('log', { position: 1, record: record({ c: 'second()' }) });
    });
    await userEvent.click(await screen.findByRole('button', { name: /^#0 BIO_connect/ }));
    const details = screen.getByRole('region', { name: 'Call record' });
    const toggle = within(details).getByRole('button', { name: 'Full record (JSON)' });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(within(details).queryByRole('region', { name: 'Full record (JSON)' })).toBeNull();
    await userEvent.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    expect(JSON.parse(within(details).getByRole('region', { name: 'Full record (JSON)' }).textContent!)).toEqual(REFUSED_CONNECT);
    await userEvent.click(screen.getByRole('button', { name: /^#1 second\(\)/ }));
    await waitFor(() => expect(JSON.parse(screen.getByRole('region', { name: 'Full record (JSON)' }).textContent!)).toMatchObject({ c: 'second()' }));
  });

  it('moves the selection with the arrow keys', async () => {
    const client = createFakeClient(session());
    renderWithStore(<CallLog />, client);
    act(() => {
      client.emit('log', { position: 0, record: record({ c: 'first()' }) });
      client.emit('log', { position: 1, record: record({ c: 'second()' }) });
    });
    await userEvent.click(await screen.findByRole('button', { name: /#1 second\(\)/ }));
    await userEvent.keyboard('{ArrowUp}');
    await waitFor(() => expect(screen.getByRole('button', { name: /#0 first\(\)/ }).getAttribute('aria-pressed')).toBe('true'));
    expect(screen.getByRole('region', { name: 'Call record' }).textContent).toContain('first()');
  });
});
