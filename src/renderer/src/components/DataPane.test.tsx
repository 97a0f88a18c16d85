// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { DataPane, spacedHex } from './DataPane';
import { renderWithStore } from '../test/render';
import { createFakeClient, record, session, snapshot } from '../test/fake-client';
import type { CallRecord } from '../../../shared/record';

afterEach(cleanup);

const client = () => createFakeClient(session({ sockets: [snapshot({ fd: 21, name: 'c', role: 'client', state: 'ESTABLISHED' })] }));

describe('DataPane', () => {
  it('sends text as data and hex as dataHex', async () => {
    const fake = client();
    fake.answer('call', ({ step }) => record({ call: step.call, ret: 2, data: { hex: '6869' } }));
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
    fake.answer('call', () => (++calls === 1 ? record({ call: 'BIO_write', ret: 3, result: { sent: 3, unsent: { hex: '6c6f' } } }) : record({ call: 'BIO_write', ret: 2 })));
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
    act(() => fake.emit('log', { position: 3, record: record({ call: 'BIO_read', ret: 4, data: { hex: '706f6e67' }, socket: snapshot({ fd: 21, name: 'c', role: 'client' }) }) }));
    await waitFor(() => expect(screen.getByRole('status', { name: 'Received text' }).textContent).toBe('pong'));
    expect(screen.getByRole('status', { name: 'Received hex' }).textContent).toBe('70 6F 6E 67');
  });

  it('runs a loop: sends bytes and chunk, shows its progress with Cancel, then its summary', async () => {
    const fake = client();
    let finish!: (r: CallRecord) => void;
    fake.answer('call', () => new Promise<CallRecord>((r) => (finish = r)));
    fake.answer('cancel', () => ({ cancelled: true, how: 'cancelled by request' }));
    renderWithStore(<DataPane />, fake);
    await userEvent.type(screen.getByRole('combobox', { name: 'Socket' }), 'c');
    await userEvent.type(screen.getByRole('textbox', { name: 'Data to send' }), 'ab');
    await userEvent.clear(screen.getByRole('textbox', { name: 'Bytes' }));
    await userEvent.type(screen.getByRole('textbox', { name: 'Bytes' }), '1000000');
    await userEvent.clear(screen.getByRole('textbox', { name: 'Chunk' }));
    await userEvent.type(screen.getByRole('textbox', { name: 'Chunk' }), '4096');
    await userEvent.click(screen.getByRole('button', { name: 'Send bytes' }));
    await waitFor(() => expect(fake.requests.filter((r) => r.method === 'call')).toHaveLength(1));
    const { step, callId } = fake.requests.find((r) => r.method === 'call')!.input as { step: unknown; callId: string };
    expect(step).toEqual({ call: 'BIO_write', sock: 'c', data: 'ab', bytes: 1_000_000, chunk: 4096 });
    act(() => {
      fake.emit('callStarted', { callId, index: 7, call: 'BIO_write', c: 'BIO_write(bio_c, chunk, 4096)', sock: 'c', waiting: 'transfer', startedAt: Date.now() });
      fake.emit('callProgress', { callId, direction: 'write', bytes: 250_000, requested: 1_000_000, calls: 62 });
    });
    const running = await screen.findByRole('status', { name: 'Transfer on c' });
    expect(running.textContent).toContain('sent 250,000 of 1,000,000 bytes (25.0 %) in 62 call(s)');
    await userEvent.click(within(running).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(fake.requests.filter((r) => r.method === 'cancel').map((r) => r.input)).toEqual([{ callId }]));
    const summary = { direction: 'write' as const, bytes: 262_144, requested: 1_000_000, chunk: 4096, calls: 64, partial: 0, eagain: 0, durationUs: 900, sha256: 'ab'.repeat(32), first: '6162', last: '6162', eof: false };
    await act(async () => finish(record({ call: 'BIO_write', ret: 4096, bulk: summary, cancelled: 'cancelled by request: the loop stopped between calls after 262144 byte(s) in 64 BIO_write call(s); the socket stays usable' })));
    const done = await screen.findByRole('status', { name: 'Transfer summary' });
    expect(done.textContent).toContain('c: bulk: sent 262144 of 1000000 bytes');
    expect(done.textContent).toContain('cancelled: cancelled by request: the loop stopped between calls after 262144 byte(s)');
    await waitFor(() => expect(screen.queryByRole('status', { name: 'Transfer on c' })).toBeNull());
  });

  it('says a stalled loop is waiting on a peer that does not read, from the engine\'s progress', async () => {
    const fake = client();
    fake.answer('call', () => new Promise<CallRecord>(() => undefined));
    renderWithStore(<DataPane />, fake);
    await userEvent.type(screen.getByRole('combobox', { name: 'Socket' }), 'c');
    await userEvent.type(screen.getByRole('textbox', { name: 'Data to send' }), 'ab');
    await userEvent.click(screen.getByRole('button', { name: 'Send bytes' }));
    await waitFor(() => expect(fake.requests.filter((r) => r.method === 'call')).toHaveLength(1));
    const { callId } = fake.requests.find((r) => r.method === 'call')!.input as { callId: string };
    act(() => {
      fake.emit('callStarted', { callId, index: 3, call: 'BIO_write', c: 'BIO_write(bio_c, chunk, 65483)', sock: 'c', waiting: 'transfer', startedAt: Date.now() });
      fake.emit('callProgress', { callId, direction: 'write', bytes: 2_500_000, requested: 1_048_576 * 8, calls: 40 });
    });
    const running = await screen.findByRole('status', { name: 'Transfer on c' });
    expect(running.textContent).not.toContain('Stalled');
    act(() => fake.emit('callProgress', { callId, direction: 'write', bytes: 2_500_000, requested: 1_048_576 * 8, calls: 41, stalledMs: 3000 }));
    expect(running.textContent).toContain('Stalled: no byte has gone for 3 s. The peer is not reading');
    act(() => fake.emit('callProgress', { callId, direction: 'write', bytes: 2_600_000, requested: 1_048_576 * 8, calls: 42 }));
    expect(running.textContent).not.toContain('Stalled');
  });

  it('shows what a read loop read: its first and last bytes and how many between them', async () => {
    const fake = client();
    renderWithStore(<DataPane />, fake);
    await userEvent.type(screen.getByRole('combobox', { name: 'Socket' }), 'a1');
    expect(screen.getByText('Nothing read yet.')).toBeTruthy();
    const hexOf = (t: string) => [...new TextEncoder().encode(t)].map((b) => b.toString(16).padStart(2, '0')).join('');
    const first = hexOf('x'.repeat(63) + 'A');
    const last = hexOf('Z' + 'y'.repeat(63));
    const bulk = { direction: 'read' as const, bytes: 2_881_252, requested: 2_881_252, chunk: 65_536, calls: 80, partial: 79, eagain: 0, durationUs: 9000, sha256: 'ab'.repeat(32), first, last, eof: false };
    act(() => fake.emit('log', { position: 0, record: record({ call: 'BIO_read', c: 'BIO_read(bio_a1, buf, 65536)', ret: 37_164, bulk, socket: snapshot({ name: 'a1', fd: 21, role: 'accepted' }) }) }));
    const text = await screen.findByRole('status', { name: 'Received text' });
    expect(text.textContent).toBe(`${'x'.repeat(63)}A … 2,881,124 more bytes … Z${'y'.repeat(63)}`);
    expect(screen.getByRole('status', { name: 'Received hex' }).textContent).toMatch(/^78 78 .* 41 … 2,881,124 more bytes … 5A 79 .* 79$/);
    expect(screen.getByText('1 read(s), 2881252 byte(s)')).toBeTruthy();
  });

  it('stops hex that is not bytes beside its field, naming the field and what it takes; nothing is sent', async () => {
    const fake = client();
    renderWithStore(<DataPane />, fake);
    await userEvent.type(screen.getByRole('combobox', { name: 'Socket' }), 'c');
    await userEvent.click(screen.getByRole('radio', { name: 'Hex' }));
    const payload = screen.getByRole('textbox', { name: 'Data to send' });
    await userEvent.type(payload, '68 zz');
    await userEvent.click(screen.getByRole('button', { name: 'Send' }));
    const error = screen.getByRole('alert', { name: 'Data to send error' });
    expect(error.textContent).toBe('Data to send (hex): expected hex digits, 0-9 and a-f, two per byte (spaces between pairs are fine); character 4, "z", is not a hex digit. Choose Text to send it as text.');
    expect(payload.getAttribute('aria-invalid')).toBe('true');
    expect(payload.getAttribute('aria-describedby')).toBe(error.id);
    await userEvent.click(screen.getByRole('button', { name: 'Send bytes' }));
    expect(fake.requests.filter((r) => r.method === 'call')).toHaveLength(0);
    await userEvent.clear(payload);
    expect(screen.queryByRole('alert', { name: 'Data to send error' })).toBeNull();
    await userEvent.type(payload, '686');
    await userEvent.click(screen.getByRole('button', { name: 'Send' }));
    expect(screen.getByRole('alert', { name: 'Data to send error' }).textContent).toContain('3 digits leave the last byte half written');
    expect(fake.requests.filter((r) => r.method === 'call')).toHaveLength(0);
  });

  it('spaces hex in pairs', () => {
    expect(spacedHex('0a0b0c')).toBe('0A 0B 0C');
  });
});
