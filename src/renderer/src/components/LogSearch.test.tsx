// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { CallLog } from './CallLog';
import { renderWithStore } from '../test/render';
import { createFakeClient, REFUSED_CONNECT, session } from '../test/fake-client';
import type { InputOf, LogSearchPage } from '../../../shared/contract';

afterEach(cleanup);

describe('searching the call log', () => {
  it('asks the host, lists the matches newest first, selects one, and goes on further back on request', async () => {
    const client = createFakeClient(session({ logTotal: 50_000 }));
    const pages: Record<string, LogSearchPage> = {
      first: { total: 50_000, matches: [{ position: 49_990, record: REFUSED_CONNECT }], next: 30_000, scanned: 20_000 },
      more: { total: 50_000, matches: [{ position: 12, record: { ...REFUSED_CONNECT, c: 'BIO_connect(c, addr, 0)' } }], next: null, scanned: 30_000 },
    };
    client.answer('searchLog', (input: InputOf<'searchLog'>) => (input.before === undefined ? pages.first : pages.more));
    client.answer('log', ({ offset }) => ({ total: 50_000, entries: offset === 12 ? [REFUSED_CONNECT] : [] }));
    renderWithStore(<CallLog />, client);
    await userEvent.type(screen.getByRole('searchbox', { name: 'Search the call log' }), 'errno:ECONNREFUSED{Enter}');
    const status = screen.getByRole('status', { name: 'Search status' });
    await waitFor(() => expect(status.textContent).toBe('1 match in the newest 20,000 of 50,000 entries; older entries not searched yet.'));
    expect(client.requests.find((r) => r.method === 'searchLog')?.input).toEqual({ query: 'errno:ECONNREFUSED', limit: 50 });
    const results = screen.getByRole('list', { name: 'Search results' });
    expect(within(results).getByRole('button').textContent).toBe('#49990 BIO_connect(r, addr, 0) = 0 ECONNREFUSED');
    await userEvent.click(screen.getByRole('button', { name: 'More matches' }));
    await waitFor(() => expect(status.textContent).toBe('2 matches in the whole log (50,000 entries).'));
    expect(client.requests.filter((r) => r.method === 'searchLog').at(-1)?.input).toEqual({ query: 'errno:ECONNREFUSED', before: 30_000, limit: 50 });
    expect(screen.queryByRole('button', { name: 'More matches' })).toBeNull();
    await userEvent.click(within(results).getByRole('button', { name: '#12 BIO_connect(c, addr, 0) = 0 ECONNREFUSED' }));
    await waitFor(() => expect(screen.getByRole('region', { name: 'Call record' }).textContent).toContain('Entry #12'));
  });

  it('shows the host\'s refusal of a bad query, naming the field', async () => {
    const client = createFakeClient(session({ logTotal: 1 }));
    client.answer('searchLog', () => {
      throw { code: 'invalid-request', field: 'query', message: 'fd:x: expected an fd number, such as fd:5' };
    });
    renderWithStore(<CallLog />, client);
    await userEvent.type(screen.getByRole('searchbox', { name: 'Search the call log' }), 'fd:x{Enter}');
    const alert = await screen.findByRole('alert', { name: 'Search refused' });
    expect(alert.textContent).toContain('in field query');
    expect(alert.textContent).toContain('expected an fd number');
  });

  it('finds nothing for a misspelt errno, says so with the name likely meant, and searches that on request', async () => {
    const client = createFakeClient(session({ logTotal: 3 }));
    client.answer('searchLog', (input: InputOf<'searchLog'>) => ({ total: 3, matches: input.query.includes('EINPROGRESS ') || input.query.endsWith('EINPROGRESS') ? [{ position: 2, record: REFUSED_CONNECT }] : [], next: null, scanned: 3 }));
    renderWithStore(<CallLog />, client);
    await userEvent.type(screen.getByRole('searchbox', { name: 'Search the call log' }), 'errno:EINPROGRES{Enter}');
    const status = screen.getByRole('status', { name: 'Search status' });
    await waitFor(() => expect(status.textContent).toBe('0 matches in the whole log (3 entries). No errno is named EINPROGRES: did you mean errno:EINPROGRESS?'));
    await userEvent.click(screen.getByRole('button', { name: 'Search errno:EINPROGRESS' }));
    await waitFor(() => expect(status.textContent).toBe('1 match in the whole log (3 entries).'));
    expect(screen.getByRole('searchbox', { name: 'Search the call log' })).toHaveProperty('value', 'errno:EINPROGRESS');
    // A call misspelt too; a real errno, or one by number, gets no hint.
    await userEvent.clear(screen.getByRole('searchbox', { name: 'Search the call log' }));
    await userEvent.type(screen.getByRole('searchbox', { name: 'Search the call log' }), 'call:BIO_conect errno:111{Enter}');
    await waitFor(() => expect(status.textContent).toBe('0 matches in the whole log (3 entries). No call is named BIO_conect: did you mean call:BIO_connect?'));
    await userEvent.clear(screen.getByRole('searchbox', { name: 'Search the call log' }));
    await userEvent.type(screen.getByRole('searchbox', { name: 'Search the call log' }), 'errno:eagain{Enter}');
    await waitFor(() => expect(status.textContent).toBe('0 matches in the whole log (3 entries).'));
  });
});
