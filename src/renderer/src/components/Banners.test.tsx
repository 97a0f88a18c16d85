// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, screen } from '@testing-library/react';
import { EngineBanner, LogStoppedBanner } from './Banners';
import { renderWithStore } from '../test/render';
import { createFakeClient, session } from '../test/fake-client';

afterEach(cleanup);

describe('EngineBanner', () => {
  it('says the engine crashed, how many sockets went with it, and that the log is kept', async () => {
    const fake = createFakeClient(session());
    renderWithStore(<EngineBanner />, fake);
    act(() => fake.emit('engine', { state: 'crashed', message: 'the engine process was killed by SIGSEGV', lostSockets: 3 }));
    const alert = await screen.findByRole('alert', { name: 'Engine crashed' });
    expect(alert.textContent).toContain('SIGSEGV');
    expect(alert.textContent).toContain('3 socket(s) were lost');
    expect(alert.textContent).toContain('The call log is kept');
  });
});

describe('LogStoppedBanner', () => {
  it('says the log stopped being written, from the session state and from the event', async () => {
    renderWithStore(<LogStoppedBanner />, createFakeClient(session({ logStopped: 'ENOSPC: no space left on device, write' })));
    expect((await screen.findByRole('alert', { name: 'Session log stopped' })).textContent).toContain('ENOSPC');
    cleanup();
    const fake = createFakeClient(session());
    renderWithStore(<LogStoppedBanner />, fake);
    expect(screen.queryByRole('alert', { name: 'Session log stopped' })).toBeNull();
    act(() => fake.emit('logStopped', { reason: 'EROFS: read-only file system, write' }));
    expect((await screen.findByRole('alert', { name: 'Session log stopped' })).textContent).toContain('not kept for Earlier sessions');
  });
});
