// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { optionDiffs, Sockets } from './Sockets';
import { withSocketChanges } from '../store/sockets';
import { renderWithStore } from '../test/render';
import { createFakeClient, record, session, snapshot } from '../test/fake-client';

afterEach(cleanup);

describe('Sockets', () => {
  it('lists each socket with addresses and state, and highlights requested options the kernel did not apply', async () => {
    const client = createFakeClient(
      session({
        sockets: [
          snapshot(),
          snapshot({ fd: 21, name: 'c', role: 'client', local: '127.0.0.1:50000', peer: '127.0.0.1:46083', state: 'ESTABLISHED', requested: { TCP_NODELAY: true }, applied: { TCP_NODELAY: false } }),
        ],
      }),
    );
    renderWithStore(<Sockets />, client);
    const c = await screen.findByRole('listitem', { name: 'Socket c' });
    expect(c.textContent).toContain('fd 21');
    expect(c.textContent).toContain('127.0.0.1:50000');
    expect(c.textContent).toContain('ESTABLISHED');
    expect(within(c).getByText('TCP_NODELAY: requested on, applied off').tagName).toBe('MARK');
    expect(screen.getByRole('listitem', { name: 'Socket l' }).textContent).toContain('LISTEN');
  });

  it('is a list named "Sockets" only while it holds sockets', async () => {
    const client = createFakeClient(session());
    renderWithStore(<Sockets />, client);
    await screen.findByText('No sockets yet: run BIO_socket.');
    expect(screen.queryByRole('list')).toBeNull();
    client.emit('socket', snapshot());
    expect((await screen.findByRole('list', { name: 'Sockets' })).textContent).toContain('LISTEN');
  });

  it('offers accept on a listener and runs BIO_accept_ex with a fresh name', async () => {
    const client = createFakeClient(session({ sockets: [snapshot()] }));
    client.answer('call', () => record({ call: 'BIO_accept_ex', ret: 30 }));
    renderWithStore(<Sockets />, client);
    await userEvent.click(await screen.findByRole('button', { name: 'Accept on l' }));
    await waitFor(() => expect(client.requests.find((r) => r.method === 'call')?.input).toEqual({ step: { call: 'BIO_accept_ex', sock: 'l', as: 'a1' }, callId: expect.any(String) }));
    expect(screen.queryByRole('button', { name: 'Read from l' })).toBeNull();
  });

  it('drops a socket when the host says it closed', async () => {
    const client = createFakeClient(session({ sockets: [snapshot()] }));
    renderWithStore(<Sockets />, client);
    await screen.findByRole('listitem', { name: 'Socket l' });
    client.emit('socketClosed', { fd: 20, name: 'l' });
    await waitFor(() => expect(screen.queryByRole('listitem', { name: 'Socket l' })).toBeNull());
  });

  it('renders only the visible rows of 10,000 sockets', async () => {
    const many = Array.from({ length: 10_000 }, (_, i) => snapshot({ fd: 100 + i, name: `s${i}` }));
    renderWithStore(<Sockets />, createFakeClient(session({ sockets: many })));
    await screen.findByRole('listitem', { name: 'Socket s0' });
    expect(screen.getAllByRole('listitem').length).toBeLessThan(60);
  });

  it('at 10,000 sockets, a socket event changes one entry of the list and that row alone', async () => {
    const many = Array.from({ length: 10_000 }, (_, i) => snapshot({ fd: 100 + i, name: `s${i}`, role: 'client', state: 'ESTABLISHED', local: `127.0.0.1:${20000 + i}` }));
    const { client, store } = renderWithStore(<Sockets />, createFakeClient(session({ sockets: many })));
    const row3 = await screen.findByRole('listitem', { name: 'Socket s3' });
    const row2 = screen.getByRole('listitem', { name: 'Socket s2' });
    const before = store.getState().sockets;
    act(() => client.emit('socket', snapshot({ fd: 103, name: 's3', role: 'client', state: 'CLOSE_WAIT', local: '127.0.0.1:20003' })));
    const after = store.getState().sockets;
    // Every other entry is the same object: the memoised rows for them do not render again.
    expect(after.filter((s, i) => s !== before[i]).map((s) => s.name)).toEqual(['s3']);
    await waitFor(() => expect(screen.getByRole('listitem', { name: 'Socket s3' }).textContent).toContain('CLOSE_WAIT'));
    expect(screen.getByRole('listitem', { name: 'Socket s2' })).toBe(row2);
    expect(row3.isConnected).toBe(true);
    expect(screen.getAllByRole('listitem').length).toBeLessThan(60);
    act(() => client.emit('socketClosed', { fd: 102, name: 's2' }));
    await waitFor(() => expect(screen.queryByRole('listitem', { name: 'Socket s2' })).toBeNull());
    expect(store.getState().sockets).toHaveLength(9_999);
  });

  it('keeps the list sorted by fd as sockets come and go', () => {
    const list = [snapshot({ fd: 3 }), snapshot({ fd: 9 })];
    const added = withSocketChanges(list, new Map([[5, snapshot({ fd: 5, name: 'm' })]]));
    expect(added.map((s) => s.fd)).toEqual([3, 5, 9]);
    expect(added[0]).toBe(list[0]);
    expect(withSocketChanges(added, new Map([[4, null]]))).toBe(added);
    expect(withSocketChanges(added, new Map([[5, null]])).map((s) => s.fd)).toEqual([3, 9]);
    expect(withSocketChanges(added, new Map([[5, snapshot({ fd: 5, role: 'closed' })]])).map((s) => s.fd)).toEqual([3, 9]);
  });

  it('shows a connected socket\'s TCP_INFO as a table with a caption, updated by the next snapshot', async () => {
    const tcpInfo = { state: 'ESTABLISHED', retransmits: 0, rtoUs: 204000, rttUs: 52, rttVarUs: 26, sndMss: 32768, rcvMss: 536, unacked: 0, lost: 0, sndCwnd: 10, totalRetrans: 0, bytesAcked: 1 };
    const c = snapshot({ fd: 21, name: 'c', role: 'client', state: 'ESTABLISHED', peer: '127.0.0.1:4433', tcpInfo });
    const { client } = renderWithStore(<Sockets />, createFakeClient(session({ sockets: [c] })));
    const toggle = await screen.findByRole('button', { name: 'TCP_INFO of c' });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    await userEvent.click(toggle);
    const table = screen.getByRole('table', { name: 'TCP_INFO of c' });
    expect(within(table).getByRole('row', { name: /rtt 0\.052 ms/ })).toBeTruthy();
    expect(within(table).getByRole('row', { name: /cwnd 10 segments/ })).toBeTruthy();
    act(() => client.emit('socket', { ...c, tcpInfo: { ...tcpInfo, bytesAcked: 65484, sndCwnd: 12 } }));
    await waitFor(() => expect(within(screen.getByRole('table', { name: 'TCP_INFO of c' })).getByRole('row', { name: /bytes acked 65,484/ })).toBeTruthy());
    expect(screen.getByRole('table', { name: 'TCP_INFO of c' }).textContent).toContain('12 segments');
  });

  it('colours a fresh socket\'s CLOSE as neutral, and CLOSE_WAIT as a warning', async () => {
    renderWithStore(<Sockets />, createFakeClient(session({ sockets: [snapshot({ fd: 5, name: 'n', role: 'new', state: 'CLOSE' }), snapshot({ fd: 6, name: 'w', role: 'accepted', state: 'CLOSE_WAIT' })] })));
    expect(within(await screen.findByRole('listitem', { name: 'Socket n' })).getByText('CLOSE').className).toBe('state state-fresh');
    expect(within(screen.getByRole('listitem', { name: 'Socket w' })).getByText('CLOSE_WAIT').className).toBe('state state-CLOSE_WAIT');
  });

  it('compares requested and applied options by kernel name', () => {
    expect(optionDiffs({ requested: { O_NONBLOCK: true }, applied: { O_NONBLOCK: true, SO_KEEPALIVE: false } })).toEqual([{ name: 'O_NONBLOCK', requested: true, applied: true, differs: false }]);
  });
});
