// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { CallLog } from './CallLog';
import { renderWithStore } from '../test/render';
import { createFakeClient, record, session } from '../test/fake-client';

afterEach(cleanup);

describe('exporting the call log', () => {
  it('saves every entry as JSON lines, and as a lesson that replays it', async () => {
    const entries = [record(), record({ index: 1, call: 'BIO_closesocket', args: { call: 'BIO_closesocket', sock: 'l', fd: 20 }, c: 'BIO_closesocket(l)', ret: 1 })];
    const client = createFakeClient(session({ logTotal: 2 }));
    client.answer('log', ({ offset, limit }) => ({ total: 2, entries: entries.slice(offset, offset + limit) }));
    const saved: { name: string; text: string; type: string }[] = [];
    renderWithStore(<CallLog />, client, { saveFile: (name, text, type) => saved.push({ name, text, type }) });
    const group = screen.getByRole('group', { name: 'Export the call log' });
    await waitFor(() => expect(within(group).getByRole('button', { name: 'Export as JSON lines' }).getAttribute('aria-disabled')).toBe('false'));
    await userEvent.click(within(group).getByRole('button', { name: 'Export as JSON lines' }));
    await waitFor(() => expect(saved).toHaveLength(1));
    expect(saved[0].name).toMatch(/^bio-workbench-session-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d\.jsonl$/);
    expect(saved[0].text.split('\n').filter(Boolean).map((l) => JSON.parse(l))).toEqual(entries);
    expect(within(group).getByRole('status', { name: 'Export status' }).textContent).toBe(`Saved ${saved[0].name}: 2 entries as JSON lines.`);

    await userEvent.click(within(group).getByRole('button', { name: 'Export as lesson' }));
    await waitFor(() => expect(saved).toHaveLength(2));
    const lesson = JSON.parse(saved[1].text) as { steps: Record<string, unknown>[] };
    expect(lesson.steps).toEqual([
      { call: 'BIO_socket', as: 'l', domain: 'AF_INET', socktype: 'SOCK_STREAM', note: 'l = BIO_socket(AF_INET, SOCK_STREAM, 0, 0)', expect: { ret: 'fd', errno: null } },
      { call: 'BIO_closesocket', sock: 'l', note: 'BIO_closesocket(l)', expect: { ret: 1, errno: null } },
    ]);
  });
});
