// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { optionDiffs, Sockets } from './Sockets';
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

  it('compares requested and applied options by kernel name', () => {
    expect(optionDiffs({ requested: { O_NONBLOCK: true }, applied: { O_NONBLOCK: true, SO_KEEPALIVE: false } })).toEqual([{ name: 'O_NONBLOCK', requested: true, applied: true, differs: false }]);
  });
});
