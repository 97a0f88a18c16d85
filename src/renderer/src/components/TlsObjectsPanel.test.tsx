// @vitest-environment jsdom
// The BIOs and TLS rows: the session's objects listed when the page joins it, each with its type,
// fd, chain, owner or handshake, and freed from its row; nothing shown while there are none.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { TlsObjectsPanel } from './TlsObjectsPanel';
import { renderWithStore } from '../test/render';
import { createFakeClient, record, session } from '../test/fake-client';

afterEach(cleanup);

const objects = {
  bios: [
    { name: 'ab', type: 'BIO_s_accept', fd: 21, chain: ['BIO_s_accept'], ownedBy: null },
    { name: 'cb', type: 'BIO_s_connect', fd: 22, chain: ['BIO_s_connect'], ownedBy: 'tls' },
  ],
  ssls: [
    {
      name: 'tls',
      over: { kind: 'bio' as const, name: 'cb' },
      ctx: 'ctx',
      tls: { name: 'tls', sslError: null, verify: { code: 18, text: 'self-signed certificate' }, version: null, cipher: null, alpn: null, peer: null, state: 'error', handshakeDone: false },
    },
  ],
  ctxs: [{ name: 'ctx', server: false }],
};

describe('TlsObjectsPanel', () => {
  it('shows nothing while the session holds no BIO, connection or context', () => {
    renderWithStore(<TlsObjectsPanel />);
    expect(screen.queryByRole('region', { name: /BIOs and TLS/ })).toBeNull();
  });

  it('lists what the session held when the page joined, and frees one from its row', async () => {
    const client = createFakeClient(session({ objects }));
    client.answer('call', ({ step }) => record({ call: step.call, args: { ...step }, ret: 1, bio: { ...objects.bios[0], freed: true } }));
    renderWithStore(<TlsObjectsPanel />, client);
    const list = await screen.findByRole('list', { name: 'BIOs and TLS objects' });
    expect(within(list).getByRole('listitem', { name: 'BIO ab' }).textContent).toContain('ab BIO_s_accept fd 21 chain BIO_s_accept');
    const cb = within(list).getByRole('listitem', { name: 'BIO cb' });
    expect(cb.textContent).toContain('owned by tls (SSL_free frees it)');
    // A BIO an SSL object owns is freed with it, never by itself.
    expect(within(cb).queryByRole('button')).toBeNull();
    expect(within(list).getByRole('listitem', { name: 'TLS connection tls' }).textContent).toContain('over BIO cb, context ctx: handshake not done (error), verify 18 (self-signed certificate)');
    expect(within(list).getByRole('listitem', { name: 'TLS context ctx' }).textContent).toContain('SSL_CTX, client');
    await userEvent.click(within(list).getByRole('button', { name: 'Free ab' }));
    expect(client.requests.find((r) => r.method === 'call')?.input).toMatchObject({ step: { call: 'BIO_free', bio: 'ab' } });
    await waitFor(() => expect(within(list).queryByRole('listitem', { name: 'BIO ab' })).toBeNull());
  });
});
