// The fixture's actions, as the package ships them to other projects' tests, against the real
// engine: a call made and its record read back as data, scenarios stepped through the Lessons panel,
// and errors that name the control or field that was not there.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect, type CallFields } from './fixture';

const REFUSED_CONNECT = 'A refused connect: two entries on the OpenSSL error queue';

let dir: string;
test.beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'bio-actions-'));
});
test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('call fills the Composer and runs; lastRecord reads the newest record back as data', async ({ workbench }) => {
  await expect(workbench.lastRecord()).rejects.toThrow('lastRecord(): the Call log has no entry yet');
  await workbench.call('BIO_socket', { as: 'c', domain: 'AF_INET', socktype: 'SOCK_STREAM' });
  const socket = await workbench.lastRecord();
  expect(socket).toMatchObject({ call: 'BIO_socket', errno: null, errorQueue: [], socket: { name: 'c', role: 'new', family: 'AF_INET' } });
  expect(socket.ret).toBeGreaterThanOrEqual(0);

  await workbench.call('BIO_connect', { sock: 'c', addr: '127.0.0.1:1', options: ['BIO_SOCK_KEEPALIVE'] });
  const refused = await workbench.lastRecord();
  expect(refused.c).toBe('BIO_connect(c, addr, BIO_SOCK_KEEPALIVE)');
  expect(refused.ret).toBe(0);
  expect(refused.errno?.name).toBe('ECONNREFUSED');
  expect(refused.errorQueue.map((e) => e.reason)).toEqual(['Connection refused', 'connect error']);
  expect(refused.socket?.applied.SO_KEEPALIVE).toBe(true);

  // The same call again is a new record (the newest), and options are exactly those given: none.
  await workbench.call('BIO_connect', { sock: 'c', addr: '127.0.0.1:1' });
  const again = await workbench.lastRecord();
  expect(again.c).toBe('BIO_connect(c, addr, 0)');
  expect(again.startedAt).toBeGreaterThan(refused.startedAt);
});

test('an action that cannot find a control, or is refused, says which', async ({ workbench }) => {
  await expect(workbench.call('BIO_nonesuch')).rejects.toThrow(`call('BIO_nonesuch'): the Composer has no button "BIO_nonesuch"`);
  await expect(workbench.call('BIO_socket', { addr: '127.0.0.1:1' })).rejects.toThrow(`call('BIO_socket'): the Composer shows no "Address" field (addr) for BIO_socket`);
  await expect(workbench.call('BIO_socket', { adr: '127.0.0.1:1' } as CallFields)).rejects.toThrow(/call\('BIO_socket'\): unknown field "adr"; the Composer's fields are as, sock, /);
  await expect(workbench.call('BIO_socket', { options: ['BIO_SOCK_TFO'] })).rejects.toThrow(/the "BIO_SOCK_TFO" checkbox is disabled \(.*OpenSSL 3\.2/);
  await workbench.call('BIO_socket', { as: 'r' });
  await expect(workbench.call('BIO_read', { sock: 'r', max: 'lots' })).rejects.toThrow(/^call\('BIO_read'\): The host refused BIO_read .*max/);
  await expect(workbench.runScenario({ shipped: 'No such demo' })).rejects.toThrow(new RegExp(`the Lesson list has no lesson or scenario "No such demo"; it lists .*"${REFUSED_CONNECT}"`));
});

test('call reaches the BIO and TLS calls: their set shown first, their fields filled, and the socket calls found again after', async ({ workbench }) => {
  await workbench.call('BIO_new_accept', { as: 'ab', addr: '127.0.0.1:0' });
  await workbench.call('BIO_set_nbio_accept', { bio: 'ab', on: true });
  expect(await workbench.lastRecord()).toMatchObject({ c: 'BIO_set_nbio_accept(ab, 1)', ret: 1, ctrl: { name: 'BIO_C_SET_ACCEPT', larg: 2, parg: '"a"' } });
  await workbench.call('BIO_do_accept', { bio: 'ab' });
  const listening = await workbench.lastRecord();
  expect(listening).toMatchObject({ ret: 1, bio: { name: 'ab', type: 'BIO_s_accept' }, result: { made: 'bound and listening (the next BIO_do_accept accepts)' } });
  // Nothing to accept yet on a nonblocking accept BIO: -1, and BIO_should_retry says what it waits for.
  await workbench.call('BIO_do_accept', { bio: 'ab' });
  expect(await workbench.lastRecord()).toMatchObject({ ret: -1, bio: { retry: { shouldRetry: true } } });

  await workbench.call('SSL_CTX_new', { as: 'ctx', method: 'TLS_client_method', verify: 'SSL_VERIFY_PEER', caFile: 'demo', minVersion: 'TLS1_2_VERSION', maxVersion: 'TLS1_3_VERSION', alpn: ['h2', 'http/1.1'] });
  const ctx = await workbench.lastRecord();
  expect(ctx.ret).toBe(1);
  expect(ctx.args).toEqual({ call: 'SSL_CTX_new', as: 'ctx', method: 'TLS_client_method', verify: 'SSL_VERIFY_PEER', caFile: 'demo', minVersion: 'TLS1_2_VERSION', maxVersion: 'TLS1_3_VERSION', alpn: ['h2', 'http/1.1'] });
  await workbench.call('BIO_new_connect', { as: 'cb', addr: '127.0.0.1:1' });
  await workbench.call('SSL_new', { as: 'tls', ctx: 'ctx', bio: 'cb', host: 'localhost' });
  expect((await workbench.lastRecord()).args).toEqual({ call: 'SSL_new', as: 'tls', ctx: 'ctx', bio: 'cb', host: 'localhost' });
  await workbench.call('SSL_free', { ssl: 'tls' });
  expect(await workbench.lastRecord()).toMatchObject({ ret: null, tls: { freed: true }, bio: { name: 'cb', freed: true } });

  // Back to a socket call: its set is shown again.
  await workbench.call('BIO_socket', { as: 's' });
  expect((await workbench.lastRecord()).call).toBe('BIO_socket');
  await expect(workbench.call('SSL_connect', { bio: 'x' })).rejects.toThrow(`call('SSL_connect'): the Composer shows no "BIO" field (bio) for SSL_connect`);
  // A BIO the engine does not hold is refused by the engine, before native code: a record, not an action error.
  await workbench.call('BIO_set_nbio', { on: true, bio: 'gone' });
  expect((await workbench.lastRecord()).refused).toMatch(/no BIO is named "gone"/);
});

test('runScenario steps a lesson file, then a shipped scenario, through the Lessons panel', async ({ workbench }) => {
  const lesson = join(dir, 'lesson.json');
  writeFileSync(
    lesson,
    JSON.stringify({
      title: 'A lesson: connect where nobody listens',
      steps: [
        { call: 'BIO_socket', as: 'c', domain: 'AF_INET', socktype: 'SOCK_STREAM', expect: { ret: 'fd' } },
        // A step group: one click runs both, and the action still sees every step run.
        { call: 'BIO_connect', sock: 'c', addr: '127.0.0.1:1', group: 'refused', expect: { errno: 'ECONNREFUSED', errorQueue: ['Connection refused', 'connect error'] } },
        { call: 'BIO_closesocket', sock: 'c', group: 'refused' },
      ],
    }),
  );
  expect(await workbench.runScenario(lesson)).toEqual({
    title: 'A lesson: connect where nobody listens',
    steps: 3,
    held: 2,
    failed: 0,
    refused: 0,
    progress: 'All done: 3 of 3 steps ran; 2 expectations held, 0 failed.',
  });
  expect(await workbench.lastRecord()).toMatchObject({ call: 'BIO_closesocket', ret: 1 });

  const demo = await workbench.runScenario({ shipped: REFUSED_CONNECT });
  expect(demo).toMatchObject({ title: REFUSED_CONNECT, steps: 6, held: 4, failed: 0 });
  // Picked again after it ran: it starts over and runs every step once more.
  expect(await workbench.runScenario({ shipped: REFUSED_CONNECT })).toMatchObject({ steps: 6, held: 4, failed: 0 });

  const broken = join(dir, 'broken.json');
  writeFileSync(broken, JSON.stringify({ steps: [{ call: 'BIO_socket', as: 'c', domain: 'AF_INET', socktype: 'SOCK_STREAM' }, { call: 'BIO_connect', sock: 'c' }] }));
  await expect(workbench.runScenario(broken)).rejects.toThrow(`broken.json cannot be run: step 2, addr: missing; BIO_connect needs addr`);
});
