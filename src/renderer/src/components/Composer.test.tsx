// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Composer } from './Composer';
import { RefusalBanner } from './Banners';
import { renderWithStore } from '../test/render';
import { createFakeClient, INFO_35, record, session, snapshot } from '../test/fake-client';

afterEach(cleanup);

describe('Composer', () => {
  it('offers one button per C function, deprecated ones marked', async () => {
    renderWithStore(<Composer />);
    for (const name of ['BIO_socket', 'BIO_bind', 'BIO_connect', 'BIO_listen', 'BIO_accept_ex', 'BIO_closesocket', 'BIO_sock_error', 'BIO_write', 'BIO_read']) {
      expect(screen.getByRole('button', { name })).toBeTruthy();
    }
    const deprecated = screen.getByRole('group', { name: 'Deprecated calls' });
    expect(within(deprecated).getByRole('button', { name: /BIO_accept deprecated/ })).toBeTruthy();
  });

  it('disables BIO_SOCK_TFO with the reason on OpenSSL 3.0, and shows bit, honour and meaning per flag', async () => {
    renderWithStore(<Composer />);
    await userEvent.click(screen.getByRole('button', { name: 'BIO_listen' }));
    const tfo = await screen.findByRole('checkbox', { name: 'BIO_SOCK_TFO' });
    await waitFor(() => expect((tfo as HTMLInputElement).disabled).toBe(true));
    expect(tfo.getAttribute('aria-describedby')).toBeTruthy();
    expect(screen.getByText(/needs OpenSSL 3.2 or later; the loaded libcrypto is OpenSSL 3.0.19/)).toBeTruthy();
    const reuse = screen.getByRole('checkbox', { name: 'BIO_SOCK_REUSEADDR' });
    const description = reuse.getAttribute('aria-describedby')!.split(' ').map((id) => document.getElementById(id)!.textContent).join(' ');
    expect(description).toContain('bit 0x01');
    expect(description).toContain('honoured by BIO_listen');
    expect(description).toContain('recently closed port');
  });

  it('enables BIO_SOCK_TFO where libcrypto has it', async () => {
    renderWithStore(<Composer />, createFakeClient(session({ info: INFO_35 })));
    await userEvent.click(screen.getByRole('button', { name: 'BIO_connect' }));
    await waitFor(() => expect((screen.getByRole('checkbox', { name: 'BIO_SOCK_TFO' }) as HTMLInputElement).disabled).toBe(false));
  });

  it('shows the live C expression and options value, and Run sends that step', async () => {
    const client = createFakeClient(session({ sockets: [snapshot({ name: 'c', role: 'new', state: 'CLOSE', local: '0.0.0.0:0' })] }));
    client.answer('call', ({ step }) => record({ call: step.call, c: 'BIO_connect(c, addr, BIO_SOCK_KEEPALIVE | BIO_SOCK_NODELAY)', ret: 1 }));
    renderWithStore(<Composer />, client);
    await userEvent.click(screen.getByRole('button', { name: 'BIO_connect' }));
    await userEvent.clear(screen.getByRole('combobox', { name: 'Socket' }));
    await userEvent.type(screen.getByRole('combobox', { name: 'Socket' }), 'c');
    await userEvent.clear(screen.getByRole('textbox', { name: 'Address' }));
    await userEvent.type(screen.getByRole('textbox', { name: 'Address' }), '127.0.0.1:4433');
    await userEvent.click(screen.getByRole('checkbox', { name: 'BIO_SOCK_NODELAY' }));
    await userEvent.click(screen.getByRole('checkbox', { name: 'BIO_SOCK_KEEPALIVE' }));
    expect(screen.getByRole('status', { name: 'C expression' }).textContent).toBe('BIO_connect(c, addr, BIO_SOCK_KEEPALIVE | BIO_SOCK_NODELAY)');
    expect(screen.getByRole('status', { name: 'Options value' }).textContent).toBe('BIO_SOCK_KEEPALIVE | BIO_SOCK_NODELAY = 0x14 = 20');
    await userEvent.click(screen.getByRole('button', { name: 'Run' }));
    const call = client.requests.find((r) => r.method === 'call');
    expect(call?.input).toMatchObject({ step: { call: 'BIO_connect', sock: 'c', addr: '127.0.0.1:4433', options: ['BIO_SOCK_NODELAY', 'BIO_SOCK_KEEPALIVE'] } });
    expect(await screen.findByRole('status', { name: 'Last result' })).toBeTruthy();
  });

  it('lists lookup candidates and marks the one that will be used', async () => {
    const client = createFakeClient(session({ sockets: [snapshot({ name: 'c', fd: 5, role: 'new', family: 'AF_INET6' })] }));
    client.answer('call', () =>
      record({ call: 'BIO_lookup_ex', ret: 1, addresses: [{ family: 'AF_INET', address: '127.0.0.1:443', used: false }, { family: 'AF_INET6', address: '[::1]:443', used: false }] }),
    );
    renderWithStore(<Composer />, client);
    await userEvent.click(screen.getByRole('button', { name: 'BIO_connect' }));
    await userEvent.clear(screen.getByRole('combobox', { name: 'Socket' }));
    await userEvent.type(screen.getByRole('combobox', { name: 'Socket' }), 'c');
    await userEvent.click(screen.getByRole('button', { name: 'Look up candidates' }));
    const v6 = await screen.findByRole('radio', { name: /\[::1\]:443/ });
    expect((v6 as HTMLInputElement).checked).toBe(true);
    expect(screen.getByText('will be used')).toBeTruthy();
    await userEvent.click(screen.getByRole('radio', { name: /127\.0\.0\.1:443/ }));
    await userEvent.click(screen.getByRole('button', { name: 'Run' }));
    const calls = client.requests.filter((r) => r.method === 'call');
    expect(calls[0].input).toMatchObject({ step: { call: 'BIO_lookup_ex', lookupType: 'BIO_LOOKUP_CLIENT' } });
    expect(calls[1].input).toMatchObject({ step: { call: 'BIO_connect', addrIndex: 0 } });
  });

  it('shows a host refusal with its field and message', async () => {
    const client = createFakeClient();
    client.answer('call', () => {
      throw { code: 'invalid-request', field: 'step.addr', message: 'step.addr: expected host:service, [v6addr]:service or unix:/path' };
    });
    renderWithStore(
      <>
        <RefusalBanner />
        <Composer />
      </>,
      client,
    );
    await userEvent.click(screen.getByRole('button', { name: 'Run' }));
    const alert = await screen.findByRole('alert', { name: 'Request refused' });
    expect(alert.textContent).toContain('BIO_socket');
    expect(alert.textContent).toContain('step.addr');
    expect(alert.textContent).toContain('expected host:service');
  });
});
