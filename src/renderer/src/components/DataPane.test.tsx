// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { DataPane, spacedHex } from './DataPane';
import { renderWithStore } from '../test/render';
import { createFakeClient, record, session, snapshot } from '../test/fake-client';

afterEach(cleanup);

const client = () => createFakeClient(session({ sockets: [snapshot({ fd: 21, name: 'c', role: 'client', state: 'ESTABLISHED' })] }));

describe('DataPane', () => {
  it('sends text as data and hex as dataHex', async () => {
    const fake = client();
    fake.answer('call', ({ step }) => record({ call: step.call, ret: 2, data: { text: 'hi', hex: '6869' } }));
    renderWithStore(<DataPane />, fake);
    await userEvent.type(screen.getByRole('combobox', { name: 'Socket' }), 'c');
    await userEvent.type(screen.getByRole('textbox', { name: 'Data to send' }), 'hi');
    await userEvent.click(screen.getByRole('button', { name: 'Send' }));
    await userEvent.click(screen.getByRole('radio', { name: 'Hex' }));
    await userEvent.clear(screen.getByRole('textbox', { name: 'Data to send' }));
    await userEvent.type(screen.getByRole('textbox', { name: 'Data to send' }), '68 69');
    await userEvent.click(screen.getByRole('button', { name: 'Send' }));
    await waitFor(() => expect(fake.requests.filter((r) => r.method === 'call')).toHaveLength(2));
    const steps = fake.requests.filter((r) => r.method === 'call').map((r) => (r.input as { step: unknown }).step);
    expect(steps).toEqual([
      { call: 'BIO_write', sock: 'c', data: 'hi' },
      { call: 'BIO_write', sock: 'c', dataHex: '6869' },
    ]);
  });

  it('keeps the unsent rest of a partial write and sends it again', async () => {
    const fake = client();
    let calls = 0;
    fake.answer('call', () => (++calls === 1 ? record({ call: 'BIO_write', ret: 3, result: { sent: 3, unsent: { text: 'lo', hex: '6c6f' } } }) : record({ call: 'BIO_write', ret: 2 })));
    renderWithStore(<DataPane />, fake);
    await userEvent.type(screen.getByRole('combobox', { name: 'Socket' }), 'c');
    await userEvent.type(screen.getByRole('textbox', { name: 'Data to send' }), 'hello');
    await userEvent.click(screen.getByRole('button', { name: 'Send' }));
    const unsent = await screen.findByRole('status', { name: 'Unsent data' });
    expect(unsent.textContent).toContain('2 byte(s) were not sent on c (BIO_write took 3)');
    await userEvent.click(screen.getByRole('button', { name: 'Send the unsent rest' }));
    await waitFor(() => expect(screen.queryByRole('status', { name: 'Unsent data' })).toBeNull());
    expect((fake.requests.filter((r) => r.method === 'call')[1].input as { step: unknown }).step).toEqual({ call: 'BIO_write', sock: 'c', dataHex: '6c6f' });
  });

  it('shows bytes read on the chosen socket as text and hex, from any page\'s reads', async () => {
    const fake = client();
    renderWithStore(<DataPane />, fake);
    await userEvent.type(screen.getByRole('combobox', { name: 'Socket' }), 'c');
    act(() => fake.emit('log', { position: 3, record: record({ call: 'BIO_read', ret: 4, data: { text: 'pong', hex: '706f6e67' }, socket: snapshot({ fd: 21, name: 'c', role: 'client' }) }) }));
    await waitFor(() => expect(screen.getByRole('status', { name: 'Received text' }).textContent).toBe('pong'));
    expect(screen.getByRole('status', { name: 'Received hex' }).textContent).toBe('70 6F 6E 67');
  });

  it('spaces hex in pairs', () => {
    expect(spacedHex('0a0b0c')).toBe('0A 0B 0C');
  });
});
