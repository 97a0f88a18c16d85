// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { SHOW_AFTER_MS, WaitingCalls } from './WaitingCalls';
import { renderWithStore } from '../test/render';
import { createFakeClient, session } from '../test/fake-client';

afterEach(cleanup);

describe('WaitingCalls', () => {
  it('shows a waiting call with its elapsed time, and Cancel asks the host to cancel it', async () => {
    const startedAt = Date.now() - 2_000;
    const fake = createFakeClient(session({ waiting: [{ callId: 's7', index: 3, call: 'BIO_accept_ex', c: 'w = BIO_accept_ex(l, peer, 0)', sock: 'l', waiting: 'readiness', startedAt }] }));
    fake.answer('cancel', () => ({ cancelled: true, how: 'cancelled by request' }));
    renderWithStore(<WaitingCalls />, fake);
    const region = await screen.findByRole('region', { name: 'Waiting calls' });
    expect(region.textContent).toContain('w = BIO_accept_ex(l, peer, 0)');
    expect(screen.getByRole('timer').textContent).toMatch(/^2\.\d s$/);
    await userEvent.click(screen.getByRole('button', { name: 'Cancel BIO_accept_ex on l' }));
    expect(fake.requests.find((r) => r.method === 'cancel')?.input).toEqual({ callId: 's7' });
    act(() => fake.emit('callFinished', { callId: 's7', position: 0 }));
    await waitFor(() => expect(screen.queryByRole('region', { name: 'Waiting calls' })).toBeNull());
  });

  it('does not flash a banner for a call that has only just started, and shows it once it has waited', async () => {
    const startedAt = 1_700_000_000_000;
    let clock = startedAt + SHOW_AFTER_MS / 2;
    const now = () => clock;
    const fake = createFakeClient(session({ waiting: [{ callId: 's8', index: 4, call: 'BIO_connect', c: 'BIO_connect(c, addr, 0)', sock: 'c', waiting: 'connect', startedAt }] }));
    const { store } = renderWithStore(<WaitingCalls now={now} />, fake);
    await waitFor(() => expect(store.getState().waiting.map((w) => w.callId)).toEqual(['s8']));
    expect(screen.queryByRole('region', { name: 'Waiting calls' })).toBeNull();
    clock = startedAt + SHOW_AFTER_MS;
    const region = await screen.findByRole('region', { name: 'Waiting calls' });
    expect(region.textContent).toContain('BIO_connect(c, addr, 0)');
    expect(screen.getByRole('timer').textContent).toBe(`${(SHOW_AFTER_MS / 1000).toFixed(1)} s`);
  });
});
