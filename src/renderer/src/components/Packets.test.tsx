// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import type { PacketRecord } from '../../../shared/packets';
import { Packets } from './Packets';
import { renderWithStore } from '../test/render';
import { createFakeClient, REFUSED_CONNECT, session } from '../test/fake-client';

afterEach(cleanup);

const SYN: PacketRecord = { t: 185_349, proto: 'tcp', from: '127.0.0.1:48190', to: '127.0.0.1:43913', flags: 'SYN', seq: 2576201348, ack: 0, len: 0, note: null };
const RST: PacketRecord = { ...SYN, t: 185_359, from: SYN.to, to: SYN.from, flags: 'RST,ACK', seq: 0, ack: 2576201349 };
const UNAVAILABLE = "packet capture unavailable: tcpdump: lo: You don't have permission to perform this capture on that device; allow it with `sudo setcap cap_net_raw,cap_net_admin=eip /usr/bin/dumpcap` (or add yourself to the wireshark group); every call still works, without packets";

describe('Packets', () => {
  it('switches the session’s capture on, then draws the latest call’s packets as they come, as a ladder a screen reader reads', async () => {
    const client = createFakeClient(session());
    client.answer('capture', ({ on }) => ({ on, unavailable: null, packets: 0 }));
    renderWithStore(<Packets />, client);
    const region = await screen.findByRole('region', { name: 'Packets on the wire' });
    fireEvent.click(within(region).getByRole('checkbox', { name: 'Capture packets' }));
    expect(await within(region).findByRole('checkbox', { name: 'Capture packets', checked: true })).toBeTruthy();
    expect(client.requests.filter((r) => r.method === 'capture').map((r) => r.input)).toEqual([{ on: true }]);

    act(() => {
      client.emit('log', { position: 0, record: REFUSED_CONNECT });
      client.emit('callFinished', { callId: 'page-1', position: 0 });
    });
    expect(within(region).getByText(/No packets seen for/)).toBeTruthy();
    act(() => client.emit('packets', { callId: 'page-1', packets: [SYN] }));
    act(() => client.emit('packets', { callId: 'page-1', packets: [SYN, RST] }));
    const ladder = within(region).getByRole('img', { name: 'Packet ladder: the packets of BIO_connect(r, addr, 0)' });
    expect(ladder.querySelector('desc')!.textContent).toBe('Client 127.0.0.1:48190, server 127.0.0.1:43913. Packet 1 at +185.349 ms: client to server, SYN, len 0. Packet 2 at +185.359 ms: server to client, RST,ACK, len 0.');
    expect(ladder.querySelectorAll('.ladder-rung')).toHaveLength(2);
  });

  it('says in one line why capture cannot run and how to allow it', async () => {
    const client = createFakeClient(session({ capture: { on: false, unavailable: UNAVAILABLE, packets: 0 } }));
    renderWithStore(<Packets />, client);
    const line = await screen.findByRole('status');
    expect(line.textContent).toBe(UNAVAILABLE);
    expect(within(screen.getByRole('region', { name: 'Packets on the wire' })).getByRole('checkbox', { name: 'Capture packets', checked: false })).toBeTruthy();
  });

  it('saves the session’s packets as the pcap bytes the host gave', async () => {
    const client = createFakeClient(session({ capture: { on: true, unavailable: null, packets: 2 } }));
    const bytes = Uint8Array.from([0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0]);
    client.answer('savedCapture', () => ({ pcap: btoa(String.fromCharCode(...bytes)), packets: 2 }));
    const saved: { name: string; bytes: Uint8Array; type: string }[] = [];
    renderWithStore(<Packets />, client, { saveBytes: (name, b, type) => saved.push({ name, bytes: b, type }) });
    const button = await screen.findByRole('button', { name: 'Save capture (pcap)' });
    await act(async () => fireEvent.click(button));
    expect(saved).toHaveLength(1);
    expect([...saved[0].bytes]).toEqual([...bytes]);
    expect(saved[0].name).toMatch(/^bio-workbench-capture-.*\.pcap$/);
    expect((await screen.findByText(/^Saved 2 packets as bio-workbench-capture-/)).textContent).toContain('tshark -r');
  });
});
