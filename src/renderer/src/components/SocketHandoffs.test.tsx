// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Sockets } from './Sockets';
import { renderWithStore } from '../test/render';
import { createFakeClient, session, snapshot } from '../test/fake-client';

afterEach(cleanup);

const CLIENT = snapshot({ fd: 21, name: 'c', role: 'client', local: '127.0.0.1:50000', peer: '127.0.0.1:46083', state: 'ESTABLISHED', requested: { TCP_NODELAY: true } });

function renderSockets(write: (text: string) => Promise<void>) {
  return renderWithStore(<Sockets />, createFakeClient(session({ sockets: [snapshot(), CLIENT, snapshot({ fd: 22, name: 'n', role: 'new', local: '0.0.0.0:0' })] })), { writeClipboard: write });
}

describe('a socket row\'s hand-offs', () => {
  it('copies a connection\'s commands and capture filters to the clipboard, and shows what it copied', async () => {
    const written: string[] = [];
    renderSockets(async (t) => void written.push(t));
    const row = await screen.findByRole('listitem', { name: 'Socket c' });
    await userEvent.click(within(row).getByRole('button', { name: 'Copy as command: c' }));
    await waitFor(() => expect(written).toHaveLength(1));
    expect(written[0]).toContain('socat STDIO TCP4:127.0.0.1:46083,nodelay\n');
    expect(written[0]).toContain('ncat -4 -- 127.0.0.1 46083');
    const copied = screen.getByRole('region', { name: 'Copied text' });
    expect(within(copied).getByRole('status').textContent).toBe('Copied to the clipboard: socat, ncat and openssl commands for c');
    expect(copied.querySelector('pre')?.textContent).toBe(written[0]);

    await userEvent.click(within(row).getByRole('button', { name: 'Copy Wireshark filter: c' }));
    await waitFor(() => expect(written[1]).toBe('(ip.src == 127.0.0.1 && tcp.srcport == 50000 && ip.dst == 127.0.0.1 && tcp.dstport == 46083) || (ip.src == 127.0.0.1 && tcp.srcport == 46083 && ip.dst == 127.0.0.1 && tcp.dstport == 50000)'));
    await userEvent.click(within(row).getByRole('button', { name: 'Copy tcpdump command: c' }));
    await waitFor(() => expect(written[2]).toMatch(/^tcpdump -i lo -n 'tcp and \(\(src host 127\.0\.0\.1 and src port 50000 /));
    expect(screen.getByRole('region', { name: 'Copied text' }).querySelector('pre')?.textContent).toBe(written[2]);
  });

  it('shows the text to copy by hand when the clipboard refuses', async () => {
    renderSockets(() => Promise.reject(new Error('Write permission denied.')));
    const row = await screen.findByRole('listitem', { name: 'Socket l' });
    await userEvent.click(within(row).getByRole('button', { name: 'Copy as command: l' }));
    const copied = await screen.findByRole('region', { name: 'Copied text' });
    expect(within(copied).getByRole('status').textContent).toBe('Not copied (the clipboard refused: Write permission denied.); select it here: socat, ncat and openssl commands for l');
    expect(copied.querySelector('pre')?.textContent).toContain('socat TCP4-LISTEN:46083,bind=127.0.0.1,reuseaddr STDIO');
    await userEvent.click(within(copied).getByRole('button', { name: 'Hide copied text' }));
    expect(screen.queryByRole('region', { name: 'Copied text' })).toBeNull();
  });

  it('offers no copy on a socket that neither listens nor connects', async () => {
    renderSockets(async () => undefined);
    const row = await screen.findByRole('listitem', { name: 'Socket n' });
    expect(within(row).queryByRole('button', { name: /^Copy/ })).toBeNull();
  });
});
