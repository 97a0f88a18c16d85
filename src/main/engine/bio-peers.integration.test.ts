// Connect and accept BIOs against real peers on loopback: a connect BIO reaches a socat echo
// server (blocking, then nonblocking step by step), and socat reaches an accept BIO whose first
// BIO_do_accept binds and listens and whose second accepts.
import { afterEach, describe, expect, it } from 'vitest';
import { engineForFile } from '../testing/engine-steps';
import type { CallRecord } from '../../shared/record';
import type { Step } from '../../shared/steps';
import { killPeers, missingTool, spawnPeer } from '../testing/peer-process';
import { dataText } from '../../shared/data-bytes';

const noSocat = missingTool('socat');

const engine = engineForFile();
let seq = 0;
const call = (step: Step): Promise<CallRecord> => engine().request('call', { step });
const nm = (base: string) => `${base}${++seq}`;

async function echoServer(): Promise<number> {
  const p = spawnPeer('socat', ['-d', '-d', 'TCP4-LISTEN:0,bind=127.0.0.1', 'PIPE']);
  return Number((await p.waitFor(/listening on AF=2 127\.0\.0\.1:(\d+)/))[1]);
}

afterEach(killPeers);

describe.skipIf(noSocat)('a connect BIO', () => {
  it('connects blocking on a pool thread, then writes and reads through the BIO', async () => {
    const port = await echoServer();
    const cb = nm('cb');
    const made = await call({ call: 'BIO_new_connect', as: cb, addr: `127.0.0.1:${port}` });
    expect(made.ret).toBe(1);
    expect(made.bio).toMatchObject({ name: cb, type: 'BIO_s_connect', fd: -1, chain: ['BIO_s_connect'] });
    expect(made.c).toBe(`${cb} = BIO_new_connect("127.0.0.1:${port}")`);
    const conn = await call({ call: 'BIO_do_connect', bio: cb });
    expect(conn.ret).toBe(1);
    expect(conn.blocked).toBe(true);
    expect(conn.ctrl).toEqual({ cmd: 101, name: 'BIO_C_DO_STATE_MACHINE', larg: 0, parg: null });
    expect(conn.bio!.fd).toBeGreaterThanOrEqual(0);
    expect(conn.socket).toMatchObject({ name: cb, peer: `127.0.0.1:${port}`, state: 'ESTABLISHED' });
    const fd = await call({ call: 'BIO_get_fd', bio: cb });
    expect(fd.ret).toBe(conn.bio!.fd);
    expect(fd.result).toEqual({ fd: conn.bio!.fd });
    const w = await call({ call: 'BIO_write', sock: cb, data: 'through a connect BIO' });
    expect(w.ret).toBe(21);
    expect(w.c).toBe(`BIO_write(${cb}, data, 21)`);
    const r = await call({ call: 'BIO_read', sock: cb, max: 64, timeoutMs: 10_000 });
    expect(dataText(r.data)).toBe('through a connect BIO');
    const freed = await call({ call: 'BIO_free', bio: cb });
    expect(freed.ret).toBe(1);
    expect(freed.bio).toMatchObject({ name: cb, freed: true });
    const after = await call({ call: 'BIO_get_fd', bio: cb });
    expect(after.refused).toMatch(/was freed/);
  });

  it('shows each nonblocking BIO_do_connect: its return, BIO_should_retry and what it waits for', async () => {
    const port = await echoServer();
    const cb = nm('cb');
    await call({ call: 'BIO_new_connect', as: cb, addr: '127.0.0.1:1' });
    const host = await call({ call: 'BIO_set_conn_hostname', bio: cb, name: '127.0.0.1' });
    expect(host.ctrl).toEqual({ cmd: 100, name: 'BIO_C_SET_CONNECT', larg: 0, parg: '127.0.0.1' });
    const portRec = await call({ call: 'BIO_set_conn_port', bio: cb, port: String(port) });
    expect(portRec.ctrl).toMatchObject({ cmd: 100, larg: 1, parg: String(port) });
    expect(portRec.ret).toBe(1);
    const fam = await call({ call: 'BIO_set_conn_ip_family', bio: cb, family: 'BIO_FAMILY_IPV4' });
    expect(fam.ctrl).toMatchObject({ cmd: 100, larg: 3, parg: 4 });
    const nb = await call({ call: 'BIO_set_nbio', bio: cb, on: true });
    expect(nb).toMatchObject({ ret: 1, c: `BIO_set_nbio(${cb}, 1)`, ctrl: { cmd: 102, name: 'BIO_C_SET_NBIO', larg: 1 } });
    const steps: CallRecord[] = [];
    for (let i = 0; i < 50; i++) {
      const rec = await call({ call: 'BIO_do_connect', bio: cb });
      steps.push(rec);
      expect(rec.blocked).toBe(false);
      if (rec.ret === 1) break;
      expect(rec.ret).toBeLessThanOrEqual(0);
      expect(rec.bio!.retry).toMatchObject({ shouldRetry: true, ioSpecial: true, reason: 'BIO_RR_CONNECT' });
      expect((await call({ call: 'wait', sock: cb, for: 'writable', timeoutMs: 10_000 })).ret).toBe(1);
    }
    // On loopback the first call may already finish; the last one must.
    expect(steps.at(-1)!.ret).toBe(1);
    // BIO_should_retry is read only after a call that did not succeed, as C code reads it.
    expect(steps.at(-1)!.bio!.retry).toBeUndefined();
    expect(steps.at(-1)!.socket?.applied.O_NONBLOCK).toBe(true);
  });

  it('refuses a BIO it did not make and a name that is a socket', async () => {
    const missing = await call({ call: 'BIO_do_connect', bio: 'nosuch' });
    expect(missing.refused).toMatch(/no BIO is named "nosuch"/);
    expect(missing.ret).toBeNull();
    const s = nm('s');
    await call({ call: 'BIO_socket', as: s, domain: 'AF_INET', socktype: 'SOCK_STREAM' });
    const clash = await call({ call: 'BIO_new_connect', as: s, addr: '127.0.0.1:1' });
    expect(clash.refused).toMatch(/already in use/);
    const cb = nm('cb');
    await call({ call: 'BIO_new_connect', as: cb, addr: '127.0.0.1:1' });
    expect((await call({ call: 'BIO_socket', as: cb, domain: 'AF_INET', socktype: 'SOCK_STREAM' })).refused).toMatch(/already in use by a BIO/);
  });
});

describe.skipIf(noSocat)('an accept BIO', () => {
  it('binds and listens on the first BIO_do_accept, accepts on the second, and BIO_pop hands over the connection', async () => {
    const ab = nm('ab');
    await call({ call: 'BIO_new_accept', as: ab, addr: '127.0.0.1:0' });
    const mode = await call({ call: 'BIO_set_bind_mode', bio: ab, mode: 'BIO_BIND_REUSEADDR' });
    expect(mode.ctrl).toEqual({ cmd: 131, name: 'BIO_C_SET_BIND_MODE', larg: 1, parg: null });
    const first = await call({ call: 'BIO_do_accept', bio: ab });
    expect(first.ret).toBe(1);
    expect(first.socket).toMatchObject({ role: 'listener', state: 'LISTEN' });
    expect(first.socket!.applied.SO_REUSEADDR).toBe(true);
    const port = Number(first.socket!.local!.split(':').pop());
    const peer = spawnPeer('socat', ['-', `TCP4:127.0.0.1:${port}`]);
    const second = await call({ call: 'BIO_do_accept', bio: ab, timeoutMs: 15_000 });
    expect(second.ret).toBe(1);
    expect(second.bio!.chain).toEqual(['BIO_s_accept', 'BIO_s_socket']);
    const conn = nm('conn');
    const popped = await call({ call: 'BIO_pop', bio: ab, as: conn });
    expect(popped.ret).toBe(1);
    expect(popped.bio).toMatchObject({ name: conn, type: 'BIO_s_socket', chain: ['BIO_s_socket'] });
    expect(popped.socket).toMatchObject({ role: 'accepted', state: 'ESTABLISHED' });
    peer.child.stdin!.write('to the accepted BIO\n');
    const r = await call({ call: 'BIO_read', sock: conn, max: 64, timeoutMs: 15_000 });
    expect(dataText(r.data)).toBe('to the accepted BIO\n');
    expect((await call({ call: 'BIO_write', sock: conn, data: 'back\n' })).ret).toBe(5);
    await peer.waitFor(/back/);
  });

  it('a nonblocking accept BIO with nothing to accept asks to be retried', async () => {
    const ab = nm('ab');
    await call({ call: 'BIO_new_accept', as: ab, addr: '127.0.0.1:0' });
    await call({ call: 'BIO_set_nbio_accept', bio: ab, on: true });
    expect((await call({ call: 'BIO_do_accept', bio: ab })).ret).toBe(1);
    const empty = await call({ call: 'BIO_do_accept', bio: ab });
    expect(empty.ret).toBeLessThanOrEqual(0);
    expect(empty.blocked).toBe(false);
    expect(empty.bio!.retry).toMatchObject({ shouldRetry: true });
  });
});

describe('the sockets list', () => {
  it('includes a BIO\'s socket once it has one, as the kernel sees it, until the BIO is freed', async () => {
    const ab = nm('ab');
    await call({ call: 'BIO_new_accept', as: ab, addr: '127.0.0.1:0' });
    expect((await engine().request('sockets', {})).filter((s) => s.name === ab)).toEqual([]);
    const bound = await call({ call: 'BIO_do_accept', bio: ab });
    expect(bound.ret).toBe(1);
    const listed = (await engine().request('sockets', {})).filter((s) => s.name === ab);
    expect(listed.map((s) => [s.fd, s.role, s.state])).toEqual([[bound.bio!.fd, 'listener', 'LISTEN']]);
    await call({ call: 'BIO_free', bio: ab });
    expect((await engine().request('sockets', {})).filter((s) => s.name === ab)).toEqual([]);
  });
});
