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

  it('folds the flag notes until asked for, keeping them as each checkbox\'s description', async () => {
    renderWithStore(<Composer />);
    await userEvent.click(screen.getByRole('button', { name: 'BIO_listen' }));
    const reuse = screen.getByRole('checkbox', { name: 'BIO_SOCK_REUSEADDR' });
    const meaning = document.getElementById(reuse.getAttribute('aria-describedby')!.split(' ')[2])!;
    expect(meaning.hidden).toBe(true);
    const toggle = screen.getByRole('button', { name: 'Show flag notes' });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    await userEvent.click(toggle);
    expect(meaning.hidden).toBe(false);
    expect(screen.getByRole('button', { name: 'Hide flag notes' }).getAttribute('aria-expanded')).toBe('true');
  });

  it('runs with Ctrl+Enter from anywhere in the composer, as the Run button says', async () => {
    const client = createFakeClient(session());
    client.answer('call', () => record({ call: 'BIO_socket', ret: 20, socket: snapshot({ fd: 20, name: 's1', role: 'new', state: 'CLOSE' }) }));
    renderWithStore(<Composer />, client);
    const run = screen.getByRole('button', { name: 'Run' });
    expect(run.getAttribute('aria-keyshortcuts')).toBe('Control+Enter');
    expect(screen.getByText(/Enter in a field runs it/)).toBeTruthy();
    screen.getByRole('combobox', { name: 'Domain' }).focus();
    await userEvent.keyboard('{Control>}{Enter}{/Control}');
    await waitFor(() => expect(client.requests.filter((r) => r.method === 'call')).toHaveLength(1));
    // The socket it made is the one the next call on a socket takes, with no address to a listener that does not exist.
    await userEvent.click(screen.getByRole('button', { name: 'BIO_connect' }));
    await waitFor(() => expect((screen.getByRole('combobox', { name: 'Socket' }) as HTMLInputElement).value).toBe('s1'));
    expect((screen.getByRole('textbox', { name: 'Address' }) as HTMLInputElement).value).toBe('');
    expect(screen.getByRole('list', { name: 'Not set yet' }).textContent).toContain('addr: type the address');
  });

  it('shows `sock` in italics, not an empty argument, while no socket is chosen', async () => {
    renderWithStore(<Composer />);
    await userEvent.click(screen.getByRole('button', { name: 'BIO_connect' }));
    const c = screen.getByRole('status', { name: 'C expression' });
    expect(c.textContent).toBe('BIO_connect(sock, addr, 0)');
    expect(within(c).getByText('sock').tagName).toBe('EM');
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

  it('shows the BIO and TLS calls in place of the socket calls, and runs one with its fields', async () => {
    const client = createFakeClient();
    client.answer('call', ({ step }) => record({ call: step.call, args: { ...step }, c: `${step.call}(…)`, ret: 1 }));
    renderWithStore(<Composer />, client);
    const sets = screen.getByRole('group', { name: 'Call sets' });
    expect(within(sets).getByRole('button', { name: 'Socket calls' }).getAttribute('aria-pressed')).toBe('true');
    expect(screen.queryByRole('group', { name: 'TLS calls' })).toBeNull();
    await userEvent.click(within(sets).getByRole('button', { name: 'BIO and TLS calls' }));
    expect(screen.queryByRole('group', { name: 'Deprecated calls' })).toBeNull();
    for (const group of ['Connect BIO calls', 'Accept BIO calls', 'TLS calls']) expect(screen.getByRole('group', { name: group })).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'SSL_CTX_new' }));
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Method' }), 'TLS_server_method');
    expect((screen.getByRole('textbox', { name: 'Certificate file' }) as HTMLInputElement).value).toBe('demo');
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Minimum version' }), 'TLS1_3_VERSION');
    await userEvent.type(screen.getByRole('textbox', { name: 'ALPN' }), 'h2');
    await userEvent.click(screen.getByRole('button', { name: 'Run' }));
    await waitFor(() => expect(client.requests.filter((r) => r.method === 'call')).toHaveLength(1));
    expect(client.requests.find((r) => r.method === 'call')?.input).toMatchObject({
      step: { call: 'SSL_CTX_new', as: 'ctx1', method: 'TLS_server_method', certFile: 'demo', keyFile: 'demo', minVersion: 'TLS1_3_VERSION', alpn: ['h2'] },
    });
    // The context it made is the one SSL_new takes; over a BIO, the BIO field replaces the socket's.
    await userEvent.click(screen.getByRole('button', { name: 'SSL_new' }));
    await waitFor(() => expect((screen.getByRole('combobox', { name: 'TLS context (ctx)' }) as HTMLInputElement).value).toBe('ctx1'));
    expect(screen.getByRole('combobox', { name: 'Socket' })).toBeTruthy();
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Over' }), 'bio');
    expect(screen.queryByRole('combobox', { name: 'Socket' })).toBeNull();
    expect(screen.getByRole('combobox', { name: 'BIO' })).toBeTruthy();
  });

  it('offers BIO_set_conn_mode the flags BIO_connect honours, TFO disabled on OpenSSL 3.0', async () => {
    renderWithStore(<Composer />);
    await userEvent.click(screen.getByRole('button', { name: 'BIO and TLS calls' }));
    await userEvent.click(screen.getByRole('button', { name: 'BIO_set_conn_mode' }));
    const nodelay = screen.getByRole('checkbox', { name: 'BIO_SOCK_NODELAY' });
    const described = (el: HTMLElement) => el.getAttribute('aria-describedby')!.split(' ').map((id) => document.getElementById(id)!.textContent).join(' ');
    expect(described(nodelay)).toContain('honoured by BIO_set_conn_mode');
    expect(described(screen.getByRole('checkbox', { name: 'BIO_SOCK_REUSEADDR' }))).toContain('ignored by BIO_set_conn_mode');
    await waitFor(() => expect((screen.getByRole('checkbox', { name: 'BIO_SOCK_TFO' }) as HTMLInputElement).disabled).toBe(true));
    await userEvent.click(screen.getByRole('checkbox', { name: 'BIO_SOCK_REUSEADDR' }));
    expect(screen.getByRole('list', { name: 'Warnings' }).textContent).toContain('BIO_set_conn_mode ignores BIO_SOCK_REUSEADDR');
    expect(screen.getByRole('status', { name: 'C expression' }).textContent).toBe('BIO_set_conn_mode(bio, BIO_SOCK_REUSEADDR)');
  });
});
