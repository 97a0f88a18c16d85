// The connect/accept BIO and TLS lessons in a window's namespace, on a real session: every step runs
// (none refused), every expectation holds, and the BIOs and SSL objects live under the lesson's prefix.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Session } from './session/session';
import { startEngine } from './engine-host';
import { checkScenarioText } from '../shared/scenario-check';
import { ScenarioStepper } from '../shared/scenario-runner';
import { closeLessonSockets } from '../shared/lesson-run';

let session: Session;
beforeAll(async () => {
  session = await Session.start({ startEngine: () => startEngine(), inMemoryLog: true, warn: () => undefined });
});
afterAll(async () => {
  await session?.close();
});

describe('a BIO or TLS lesson in its own namespace', () => {
  for (const [file, ns] of [['connect-bio.json', 'lesson-b1-'], ['accept-bio.json', 'lesson-b2-'], ['tls-verify.json', 'lesson-b3-'], ['tls-versions.json', 'lesson-b4-']] as const) {
    it(file, async () => {
      const checked = checkScenarioText(readFileSync(join(resolve(process.cwd(), 'resources/lessons'), file), 'utf8'));
      if (!checked.ok) throw new Error(`${file} is not a valid lesson`);
      const stepper = new ScenarioStepper(session, checked.scenario, { namespace: ns, callIdPrefix: ns.slice(0, -1) });
      while (!stepper.done) await stepper.step();
      await stepper.finish();
      expect(stepper.records.filter((r) => r.refused).map((r) => [r.index, r.refused])).toEqual([]);
      expect(stepper.records.filter((r) => r.expect && !r.expect.ok).map((r) => [r.index, r.expect!.mismatches])).toEqual([]);
      const named = stepper.records.find((r) => r.bio ?? r.tls);
      expect((named!.bio ?? named!.tls)!.name.startsWith(ns)).toBe(true);
    }, 60_000);
  }
});

describe('Reset of a BIO or TLS lesson', () => {
  async function stillThere(step: Parameters<typeof session.request<'call'>>[1]['step']) {
    return session.request('call', { step, callId: `probe-${Math.random().toString(36).slice(2, 8)}` });
  }

  it('frees the contexts and SSL objects the lesson left (tls-verify frees none itself), then closes its sockets', async () => {
    const checked = checkScenarioText(readFileSync(join(resolve(process.cwd(), 'resources/lessons'), 'tls-verify.json'), 'utf8'));
    if (!checked.ok) throw new Error('tls-verify.json is not a valid lesson');
    const stepper = new ScenarioStepper(session, checked.scenario, { namespace: 'lesson-r1-', callIdPrefix: 'lesson-r1' });
    while (!stepper.done) await stepper.step();
    await stepper.finish();
    const reset = await closeLessonSockets(session, stepper.own!, 'lesson-r1-reset');
    expect(reset.failed).toEqual([]);
    expect(reset.freed).toEqual([
      ...['cs1', 'ss1', 'cs2', 'ss2', 'cs3', 'ss3'].map((name) => ({ name, call: 'SSL_free' })),
      ...['sctx', 'strict', 'trusting'].map((name) => ({ name, call: 'SSL_CTX_free' })),
    ]);
    expect(reset.closed.map((c) => c.name).sort()).toEqual(['a1', 'a2', 'a3', 'c1', 'c2', 'c3', 'l']);
    // Gone from the engine, not only from the lesson's books: a second free is refused.
    expect((await stillThere({ call: 'SSL_CTX_free', ctx: 'lesson-r1-sctx' })).refused).toMatch(/was freed \(SSL_CTX_free\)/);
    expect((await stillThere({ call: 'SSL_free', ssl: 'lesson-r1-cs2' })).refused).toMatch(/was freed \(SSL_free\)/);
  }, 60_000);

  it('frees an SSL object before its context, and the BIO given to SSL_set_bio with it (never twice)', async () => {
    const stepper = new ScenarioStepper(
      session,
      {
        steps: [
          { call: 'SSL_CTX_new', as: 'ctx', method: 'TLS_client_method' },
          { call: 'BIO_new_connect', as: 'cb', addr: '127.0.0.1:1' },
          { call: 'BIO_new_accept', as: 'ab', addr: '127.0.0.1:0' },
          { call: 'SSL_new', as: 'tls', ctx: 'ctx', bio: 'cb' },
        ],
      },
      { namespace: 'lesson-r2-', callIdPrefix: 'lesson-r2' },
    );
    while (!stepper.done) await stepper.step();
    await stepper.finish();
    expect(stepper.records.map((r) => r.ret)).toEqual([1, 1, 1, 1]);
    const reset = await closeLessonSockets(session, stepper.own!, 'lesson-r2-reset');
    expect(reset).toEqual({
      closed: [],
      freed: [
        { name: 'tls', call: 'SSL_free' },
        { name: 'cb', call: 'SSL_free' },
        { name: 'ab', call: 'BIO_free' },
        { name: 'ctx', call: 'SSL_CTX_free' },
      ],
      failed: [],
    });
    expect((await stillThere({ call: 'BIO_free', bio: 'lesson-r2-ab' })).refused).toMatch(/was freed \(BIO_free\)/);
  }, 60_000);
});

describe('the session state a page joins', () => {
  it('lists the BIOs, TLS connections and contexts the engine holds, and drops one once freed', async () => {
    const call = (step: Parameters<typeof session.request<'call'>>[1]['step']) => session.request('call', { step, callId: `state-${step.call}-${Math.random().toString(36).slice(2, 6)}` });
    await call({ call: 'SSL_CTX_new', as: 'state-ctx', method: 'TLS_client_method' });
    await call({ call: 'BIO_new_connect', as: 'state-cb', addr: '127.0.0.1:1' });
    await call({ call: 'SSL_new', as: 'state-tls', ctx: 'state-ctx', bio: 'state-cb', host: 'localhost' });
    const { objects } = await session.request('session', {});
    expect(objects.bios.filter((b) => b.name === 'state-cb')).toEqual([{ name: 'state-cb', type: 'BIO_s_connect', fd: -1, chain: ['BIO_s_connect'], ownedBy: 'state-tls' }]);
    expect(objects.ssls.filter((s) => s.name === 'state-tls')).toEqual([expect.objectContaining({ over: { kind: 'bio', name: 'state-cb' }, ctx: 'state-ctx', tls: expect.objectContaining({ handshakeDone: false }) })]);
    expect(objects.ctxs.filter((c) => c.name === 'state-ctx')).toEqual([{ name: 'state-ctx', server: false }]);
    await call({ call: 'SSL_free', ssl: 'state-tls' });
    const after = (await session.request('session', {})).objects;
    expect([...after.bios, ...after.ssls].filter((o) => o.name.startsWith('state-'))).toEqual([]);
  });
});
