// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Compare } from './Compare';
import { Header } from './Header';
import { renderWithStore } from '../test/render';
import { createFakeClient, INFO_30, INFO_35, record, snapshot } from '../test/fake-client';
import { demoOf } from '../test/fake-lesson-host';
import { compareRuns, type SideBySide } from '../../../shared/compare';
import type { CallRecord } from '../../../shared/record';
import type { CompareTargets, InputOf } from '../../../shared/contract';

afterEach(cleanup);

const TFO_DEMO = demoOf('tfo-listen', 'BIO_SOCK_TFO on a listener', [
  { call: 'BIO_socket', as: 'l', domain: 'AF_INET', socktype: 'SOCK_STREAM' },
  { call: 'BIO_listen', sock: 'l', addr: '127.0.0.1:0', options: ['BIO_SOCK_TFO'] },
]);

/** The TFO demo's two runs as each engine reports them: only the applied TCP_FASTOPEN differs. */
function tfoResult(): SideBySide {
  const run = (tfo: number, fd: number, port: number): CallRecord[] => [
    record({ index: 0, ret: fd, c: 'l = BIO_socket(AF_INET, SOCK_STREAM, 0, 0)', socket: snapshot({ fd, role: 'new', local: '0.0.0.0:0' }) }),
    record({ index: 1, call: 'BIO_listen', args: { call: 'BIO_listen', sock: 'l' }, c: 'BIO_listen(l, addr, BIO_SOCK_TFO)', ret: 1, socket: snapshot({ fd, local: `127.0.0.1:${port}`, applied: { SO_REUSEADDR: false, TCP_FASTOPEN: tfo } }) }),
  ];
  const a = run(0, 19, 40001);
  const b = run(4096, 23, 40002);
  return {
    title: 'BIO_SOCK_TFO on a listener',
    runs: [
      { ok: true, title: null, libcrypto: INFO_30.libcrypto, steps: a, failures: [] },
      { ok: true, title: null, libcrypto: INFO_35.libcrypto, steps: b, failures: [] },
    ],
    comparison: compareRuns(a, b),
  };
}

function renderCompare(targets: CompareTargets, answer: (input: InputOf<'compare'>) => SideBySide | Promise<SideBySide>) {
  const client = createFakeClient();
  client.answer('scenarios', () => [TFO_DEMO]);
  client.answer('compareTargets', () => targets);
  client.answer('compare', answer);
  const rendered = renderWithStore(
    <>
      <Header />
      <Compare />
    </>,
    client,
  );
  return rendered;
}

const LIB35 = '/opt/openssl-3.5/libcrypto.so.3';

describe('Compare', () => {
  it('opens from the header, offers the host\'s allowed libraries and its demos, and shows the two runs with the difference marked', async () => {
    const { client } = renderCompare({ own: INFO_30.libcrypto, allowed: [{ libcrypto: LIB35, engineNode: '/opt/node35' }] }, () => tfoResult());
    await userEvent.click(screen.getByRole('button', { name: 'Compare' }));
    const panel = screen.getByRole('region', { name: 'Compare' });
    expect(document.activeElement).toBe(within(panel).getByRole('heading', { name: 'Compare' }));
    await waitFor(() => expect(within(panel).getByRole('combobox', { name: 'libcrypto to compare with' })).toHaveProperty('value', LIB35));
    expect(panel.textContent).toContain(`This host allows: ${LIB35}.`);
    // The node comes from the host's list: a page is not asked for one.
    expect(within(panel).queryByRole('textbox', { name: 'Engine node (optional)' })).toBeNull();
    await waitFor(() => expect(within(panel).getByRole('option', { name: 'BIO_SOCK_TFO on a listener' })).toBeTruthy());
    await userEvent.click(within(panel).getByRole('button', { name: 'Run on both' }));
    await waitFor(() => expect(within(panel).getByRole('status', { name: 'Compare progress' }).textContent).toBe('They differ at 1 of 2 steps: step 2.'));
    expect(client.requests.find((r) => r.method === 'compare')?.input).toEqual({ libcrypto: LIB35, shipped: 'tfo-listen' });
    const table = within(panel).getByRole('table', { name: 'Side by side' });
    expect(within(table).getByRole('columnheader', { name: 'A: OpenSSL 3.0.19 27 Jan 2026' })).toBeTruthy();
    expect(within(table).getByRole('columnheader', { name: `B: OpenSSL 3.5.1 1 Jul 2025 (${LIB35})` })).toBeTruthy();
    const rows = within(table).getAllByRole('row');
    expect(rows[1].textContent).toContain('same');
    expect(rows[2].textContent).toContain('differs');
    const marks = rows[2].querySelectorAll('mark');
    expect([...marks].map((m) => m.textContent)).toEqual(['applied.TCP_FASTOPEN 0', 'applied.TCP_FASTOPEN 4096']);
    expect(rows[1].querySelectorAll('mark')).toHaveLength(0);
  });

  it('says what the host allows when it allows nothing, and shows the host\'s refusal naming the field', async () => {
    renderCompare({ own: INFO_30.libcrypto, allowed: [] }, () => {
      throw { code: 'invalid-request', field: 'libcrypto', message: '"/x/libcrypto.so.3" is not a library this host lets a page load' };
    });
    await userEvent.click(screen.getByRole('button', { name: 'Compare' }));
    const panel = screen.getByRole('region', { name: 'Compare' });
    await waitFor(() => expect(panel.textContent).toContain('This host allows no other library: start it with --allow-libcrypto PATH[=NODE].'));
    await userEvent.type(within(panel).getByRole('combobox', { name: 'libcrypto to compare with' }), '/x/libcrypto.so.3');
    await userEvent.click(within(panel).getByRole('button', { name: 'Run on both' }));
    const alert = await within(panel).findByRole('alert', { name: 'Compare error' });
    expect(alert.textContent).toContain('in field libcrypto');
    expect(alert.textContent).toContain('is not a library this host lets a page load');
  });

  it('on a desktop host takes any path and a node, and a scenario of the person\'s own, checked as JSON in the page first', async () => {
    const { client } = renderCompare({ own: INFO_30.libcrypto, allowed: null }, () => tfoResult());
    await userEvent.click(screen.getByRole('button', { name: 'Compare' }));
    const panel = screen.getByRole('region', { name: 'Compare' });
    await userEvent.type(within(panel).getByRole('combobox', { name: 'libcrypto to compare with' }), LIB35);
    await userEvent.type(within(panel).getByRole('textbox', { name: 'Engine node (optional)' }), '/opt/node35');
    await userEvent.selectOptions(within(panel).getByRole('combobox', { name: 'Scenario' }), 'Your own scenario (JSON)');
    const json = within(panel).getByRole('textbox', { name: 'Scenario JSON' });
    await userEvent.type(json, '{{ not json');
    await userEvent.click(within(panel).getByRole('button', { name: 'Run on both' }));
    expect((await within(panel).findByRole('alert', { name: 'Compare error' })).textContent).toMatch(/in field scenario.*not valid JSON/);
    expect(client.requests.some((r) => r.method === 'compare')).toBe(false);
    await userEvent.clear(json);
    const scenario = { steps: [{ call: 'BIO_get_port', service: 'http' }] };
    await userEvent.type(json, JSON.stringify(scenario).replace(/[{[]/g, (c) => c + c));
    await userEvent.click(within(panel).getByRole('button', { name: 'Run on both' }));
    await waitFor(() => expect(client.requests.find((r) => r.method === 'compare')?.input).toEqual({ libcrypto: LIB35, engineNode: '/opt/node35', scenario }));
  });
});
