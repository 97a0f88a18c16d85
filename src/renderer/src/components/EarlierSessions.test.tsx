// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { CallLog } from './CallLog';
import { EarlierSessions, formatSessionTime } from './EarlierSessions';
import { renderWithStore } from '../test/render';
import { createFakeClient, record, REFUSED_CONNECT, session, type FakeClient } from '../test/fake-client';
import type { CallRecord, SessionLogInfo } from '../../../shared/record';

afterEach(cleanup);

const STARTED = Date.UTC(2026, 2, 3, 10, 14, 2);

function earlierInfo(patch: Partial<SessionLogInfo> = {}): SessionLogInfo {
  return { id: '20260303T101402-4242-web', pid: 4242, host: 'web', startedAt: STARTED, modifiedAt: STARTED + 60_000, entries: 3, bytes: 3000, torn: false, ...patch };
}

/** A host with one earlier session holding `records`, and the live log holding one call. */
function hostWithEarlier(records: CallRecord[], info = earlierInfo({ entries: records.length })): FakeClient {
  const client = createFakeClient(session({ logTotal: 1 }));
  client.answer('log', () => ({ total: 1, entries: [record({ c: 'live = BIO_socket(AF_INET, SOCK_STREAM, 0, 0)' })] }));
  // The host lists sessions with calls only and counts the rest.
  client.answer('sessions', () => ({ sessions: [info], next: null, withoutCalls: 2 }));
  client.answer('openLog', ({ id, offset, limit }) => {
    if (id !== info.id) throw { code: 'invalid-request', field: 'id', message: `id: no session log ${JSON.stringify(id)}` };
    return { info, total: records.length, entries: records.slice(offset, offset + limit), torn: info.torn };
  });
  return client;
}

const EARLIER_CALLS = [
  record({ index: 0, c: 'r = BIO_socket(AF_INET, SOCK_STREAM, 0, 0)' }),
  record({ index: 1, c: 'BIO_bind(b, addr, 0)', call: 'BIO_bind', ret: 1 }),
  REFUSED_CONNECT,
];

function renderLogColumn(client: FakeClient) {
  return renderWithStore(
    <>
      <CallLog />
      <EarlierSessions />
    </>,
    client,
  );
}

describe('EarlierSessions', () => {
  it('lists earlier sessions in place of the live log, opens one read-only, and goes back', async () => {
    const client = hostWithEarlier(EARLIER_CALLS, earlierInfo({ torn: true }));
    renderLogColumn(client);
    await screen.findByRole('button', { name: /#0 live = BIO_socket/ });

    await userEvent.click(screen.getByRole('button', { name: 'Earlier sessions' }));
    expect(screen.queryByRole('log', { name: 'Call log' })).toBeNull();
    const list = await screen.findByRole('list', { name: 'Earlier sessions' });
    const items = within(list).getAllByRole('button');
    expect(items.map((b) => b.textContent)).toEqual([`Web host session, started ${formatSessionTime(STARTED)}, 3 calls, cut short`]);
    expect(list.textContent).toContain('pid 4242');
    expect(screen.getByText('2 sessions with no calls are not listed.')).toBeTruthy();

    await userEvent.click(items[0]);
    const view = screen.getByRole('region', { name: 'Earlier session log' });
    await waitFor(() => expect(within(view).getByRole('button', { name: '#2 BIO_connect(r, addr, 0) = 0 ECONNREFUSED, 348 µs' })).toBeTruthy());
    expect(screen.getByRole('region', { name: 'Earlier session log' }).getAttribute('aria-describedby')).toBeTruthy();
    expect(view.textContent).toContain(`Web host session, started ${formatSessionTime(STARTED)}, 3 calls, cut short`);
    expect(view.textContent).toContain('left out');
    expect(client.requests.filter((r) => r.method === 'openLog').map((r) => r.input)).toEqual([{ id: '20260303T101402-4242-web', offset: 0, limit: 500 }]);

    // The same rows and record view as the live log, under their own names.
    await userEvent.click(within(view).getByRole('button', { name: /^#2 BIO_connect/ }));
    const details = within(view).getByRole('region', { name: 'Earlier call record' });
    expect(details.textContent).toContain('ECONNREFUSED (111): Connection refused');

    await userEvent.click(within(view).getByRole('button', { name: 'Back to the live log' }));
    expect(screen.queryByRole('region', { name: 'Earlier session log' })).toBeNull();
    expect(screen.getByRole('log', { name: 'Call log' })).toBeTruthy();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Earlier sessions' }));
  });

  it('pages a long earlier session in as it is scrolled, and fetches a selected entry not held', async () => {
    const total = 100_000;
    const records = Array.from({ length: total }, (_, i) => record({ index: i, c: `c${i} = BIO_socket(AF_INET, SOCK_STREAM, 0, 0)`, ret: i }));
    const client = hostWithEarlier(records);
    const { store } = renderLogColumn(client);
    act(() => store.getState().showEarlier());
    await userEvent.click(await screen.findByRole('button', { name: /^Web host session, started/ }));
    const entries = await screen.findByRole('group', { name: 'Earlier session entries' });
    await waitFor(() => expect(within(entries).getByRole('button', { name: /^#0 c0 = / })).toBeTruthy());
    expect(entries.querySelectorAll('button').length).toBeLessThan(80);
    expect(screen.getByRole('region', { name: 'Earlier session log' }).textContent).toContain('100,000 calls');

    // jsdom lays nothing out: the scroll offset is given, then the virtualiser reads it.
    Object.defineProperty(entries, 'scrollTop', { configurable: true, get: () => 28 * 50_000 });
    fireEvent.scroll(entries);
    await waitFor(() => expect(within(entries).getByRole('button', { name: /^#50000 c50000 = / })).toBeTruthy());
    const pages = client.requests.filter((r) => r.method === 'openLog').map((r) => r.input);
    expect(pages).toContainEqual({ id: '20260303T101402-4242-web', offset: 50_000, limit: 500 });
    expect(pages).not.toContainEqual(expect.objectContaining({ offset: 99_500 }));

    act(() => store.getState().selectEarlier(99_999));
    await waitFor(() => expect(screen.getByRole('region', { name: 'Earlier call record' }).textContent).toContain('c99999 = BIO_socket'));
    expect(client.requests.at(-1)).toEqual({ method: 'openLog', input: { id: '20260303T101402-4242-web', offset: 99_999, limit: 1 } });
  });

  it('shows a refused openLog with its field and message', async () => {
    const client = hostWithEarlier(EARLIER_CALLS);
    const { store } = renderLogColumn(client);
    act(() => store.getState().showEarlier());
    await act(() => store.getState().openEarlier('20260301T090000-17'));
    const alert = screen.getByRole('alert', { name: 'Earlier session error' });
    expect(alert.textContent).toContain('The host refused openLog (invalid-request) in field id');
    expect(within(alert).getByText('id', { selector: 'code' })).toBeTruthy();
    expect(alert.textContent).toContain('no session log "20260301T090000-17"');
  });

  it('shows a refused sessions list and asks again on Try again', async () => {
    const client = hostWithEarlier(EARLIER_CALLS);
    let refuse = true;
    client.answer('sessions', () => {
      if (refuse) throw { code: 'engine-unavailable', field: null, message: 'the session has ended' };
      return { sessions: [earlierInfo()], next: null, withoutCalls: 0 };
    });
    renderLogColumn(client);
    await userEvent.click(screen.getByRole('button', { name: 'Earlier sessions' }));
    expect((await screen.findByRole('alert', { name: 'Earlier sessions error' })).textContent).toContain('the session has ended');
    refuse = false;
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('button', { name: /^Web host session, started/ })).toBeTruthy();
    expect(screen.queryByRole('alert', { name: 'Earlier sessions error' })).toBeNull();
  });

  it('names the host that wrote each session, and pages on to older ones', async () => {
    const client = hostWithEarlier(EARLIER_CALLS);
    const older = [
      earlierInfo({ id: '20260302T080000-99-window', pid: 99, host: 'window', entries: 1 }),
      earlierInfo({ id: '20260301T080000-98-cli', pid: 98, host: 'cli', entries: 12 }),
      earlierInfo({ id: '20260228T080000-97', pid: 97, host: null, entries: 2 }),
    ];
    client.answer('sessions', ({ before }) =>
      before === undefined ? { sessions: [earlierInfo()], next: '20260303T101402-4242-web', withoutCalls: 1 } : { sessions: older, next: null, withoutCalls: 3 },
    );
    renderLogColumn(client);
    await userEvent.click(screen.getByRole('button', { name: 'Earlier sessions' }));
    const list = await screen.findByRole('list', { name: 'Earlier sessions' });
    expect(within(list).getAllByRole('button')).toHaveLength(1);
    expect(screen.getByText('1 session with no calls is not listed.')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Show older sessions' }));
    await waitFor(() => expect(within(list).getAllByRole('button')).toHaveLength(4));
    expect(within(list).getAllByRole('button').map((b) => b.textContent?.split(',')[0])).toEqual(['Web host session', 'Window session', 'CLI session', 'Session']);
    expect(within(list).getAllByRole('button')[1].textContent).toMatch(/, 1 call$/);
    expect(screen.getByText('4 sessions with no calls are not listed.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Show older sessions' })).toBeNull();
    expect(client.requests.filter((r) => r.method === 'sessions').map((r) => r.input)).toEqual([{}, { before: '20260303T101402-4242-web' }]);
  });

  it('says so when there is no earlier session', async () => {
    const client = hostWithEarlier(EARLIER_CALLS);
    client.answer('sessions', () => ({ sessions: [], next: null, withoutCalls: 0 }));
    renderLogColumn(client);
    await userEvent.click(screen.getByRole('button', { name: 'Earlier sessions' }));
    expect(await screen.findByText(/No earlier sessions/)).toBeTruthy();
    expect(screen.queryByRole('list', { name: 'Earlier sessions' })).toBeNull();
  });

  it('is reachable and browsable with the keyboard alone', async () => {
    renderLogColumn(hostWithEarlier(EARLIER_CALLS));
    const opener = screen.getByRole('button', { name: 'Earlier sessions' });
    opener.focus();
    await userEvent.keyboard('{Enter}');
    await screen.findByRole('list', { name: 'Earlier sessions' });
    expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Earlier sessions' }));
    await userEvent.tab(); // Back to the live log
    await userEvent.tab(); // the first session
    expect(document.activeElement?.textContent).toMatch(/^Web host session, started/);
    await userEvent.keyboard('{Enter}');
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Earlier session log' })));
    const entries = screen.getByRole('group', { name: 'Earlier session entries' });
    await waitFor(() => expect(within(entries).getByRole('button', { name: /^#0 / })).toBeTruthy());
    await userEvent.tab(); // Back to earlier sessions
    await userEvent.tab(); // Back to the live log
    await userEvent.tab(); // the search box
    expect(document.activeElement).toBe(screen.getByRole('searchbox', { name: 'Search this earlier session' }));
    await userEvent.tab(); // Search
    await userEvent.tab(); // the entries
    expect(document.activeElement).toBe(entries);
    await userEvent.keyboard('{ArrowDown}');
    await waitFor(() => expect(within(entries).getByRole('button', { name: /^#1 BIO_bind/ }).getAttribute('aria-pressed')).toBe('true'));
    expect(screen.getByRole('region', { name: 'Earlier call record' }).textContent).toContain('BIO_bind(b, addr, 0)');
    await userEvent.keyboard('{End}');
    await waitFor(() => expect(within(entries).getByRole('button', { name: /^#2 BIO_connect/ }).getAttribute('aria-pressed')).toBe('true'));
  });
});
