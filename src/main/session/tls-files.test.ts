// A page (the session serves browsers and the window) cannot name a file of the host's machine for
// libssl to read: only the shipped demonstration pair. The command line, running a person's own
// scenario, may name any file.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEngine } from '../engine-host';
import { Session } from './session';
import type { ContractError } from '../../shared/rpc/error';
import type { Step } from '../../shared/steps';

let session: Session;

beforeAll(async () => {
  session = await Session.start({ startEngine: () => startEngine(), inMemoryLog: true, warn: () => undefined });
});
afterAll(async () => {
  await session?.close();
});

describe('certificate, key and CA files from a page', () => {
  it('refuses a path, naming the field, and makes no call', async () => {
    const step: Step = { call: 'SSL_CTX_new', as: 'ctx', method: 'TLS_client_method', verify: 'SSL_VERIFY_PEER', caFile: '/etc/shadow' };
    const err = (await session.request('call', { step }).catch((e: unknown) => e)) as ContractError;
    expect(err).toMatchObject({ code: 'invalid-request', field: 'step.caFile', message: expect.stringMatching(/^step\.caFile: a page cannot name a file of the host's machine for libssl to read/) });
  });

  it('accepts the demonstration pair', async () => {
    const step: Step = { call: 'SSL_CTX_new', as: 'srv', method: 'TLS_server_method', certFile: 'demo', keyFile: 'demo', caFile: 'demo' };
    const rec = await session.request('call', { step });
    expect(rec.ret).toBe(1);
    expect(rec.refused).toBeNull();
  });
});
