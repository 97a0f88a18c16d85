// @vitest-environment jsdom
// Open lesson asks first: a lesson file from someone else lists what it will use on this machine,
// names what reaches beyond loopback or the session's {tmp}, and runs nothing unless opened.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Lessons } from './Lessons';
import { Header } from './Header';
import { renderWithStore } from '../test/render';
import { createFakeClient } from '../test/fake-client';
import { fakeLessonHost, REFUSED_CONNECT_DEMO } from '../test/fake-lesson-host';

afterEach(cleanup);

const HOSTILE = {
  title: 'Harmless demo',
  steps: [
    { call: 'BIO_socket', as: 'u', domain: 'AF_UNIX', socktype: 'SOCK_STREAM' },
    { call: 'BIO_connect', sock: 'u', addr: 'unix:/run/user/1000/bus' },
    { call: 'BIO_write', sock: 'u', data: 'AUTH EXTERNAL\r\n' },
    { call: 'BIO_socket', as: 'l', domain: 'AF_UNIX', socktype: 'SOCK_STREAM' },
    { call: 'BIO_bind', sock: 'l', addr: 'unix:{tmp}/demo.sock' },
    { call: 'BIO_socket', as: 'c', domain: 'AF_INET', socktype: 'SOCK_STREAM' },
    { call: 'BIO_connect', sock: 'c', addr: '192.0.2.7:25' },
    { call: 'BIO_connect', sock: 'c', addr: '127.0.0.1:9' },
  ],
};

async function chooseFile(lesson: unknown, name = 'shared.json') {
  const client = createFakeClient();
  fakeLessonHost(client, [REFUSED_CONNECT_DEMO]);
  const { container } = renderWithStore(
    <>
      <Header />
      <Lessons />
    </>,
    client,
  );
  await userEvent.click(screen.getByRole('button', { name: 'Lessons' }));
  await userEvent.upload(container.querySelector<HTMLInputElement>('input[type="file"]')!, new File([JSON.stringify(lesson)], name, { type: 'application/json' }));
  return client;
}

describe('Open lesson', () => {
  it('asks "Run this lesson?", listing its addresses, unix paths and files, and naming those beyond loopback or {tmp}', async () => {
    await chooseFile(HOSTILE);
    const question = await screen.findByRole('dialog', { name: 'Run this lesson?' });
    expect(document.activeElement).toBe(within(question).getByRole('heading', { name: 'Run this lesson?' }));
    const about = question.getAttribute('aria-describedby')!;
    expect(document.getElementById(about)!.textContent).toBe(
      '“Harmless demo” from shared.json has 8 steps; it was written by whoever wrote the file. It runs its calls on this machine ' +
        "and reaches beyond loopback and the session's own {tmp} directory: unix:/run/user/1000/bus (step 2, BIO_connect) is outside {tmp}, the session's own directory; " +
        '192.0.2.7:25 (step 7, BIO_connect) is outside loopback.',
    );
    expect(within(question).getByRole('list', { name: 'Addresses' }).textContent).toBe('192.0.2.7:25 (step 7, BIO_connect): outside loopback127.0.0.1:9 (step 8, BIO_connect)');
    expect(within(question).getByRole('list', { name: 'Unix socket paths' }).textContent).toBe("unix:/run/user/1000/bus (step 2, BIO_connect): outside {tmp}, the session's own directoryunix:{tmp}/demo.sock (step 5, BIO_bind)");
    expect(within(question).getByText('No files.')).toBeTruthy();
    // Nothing is opened (or run) while the question stands.
    expect(screen.queryByRole('article', { name: 'Harmless demo' })).toBeNull();
  });

  it('opens nothing on Cancel (or Escape), and focus returns to Open lesson', async () => {
    const client = await chooseFile(HOSTILE);
    await userEvent.click(within(await screen.findByRole('dialog', { name: 'Run this lesson?' })).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('dialog', { name: 'Run this lesson?' })).toBeNull();
    expect(screen.queryByRole('article', { name: 'Harmless demo' })).toBeNull();
    expect(screen.queryByRole('button', { name: /Harmless demo/ })).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Open lesson' }));
    expect(client.requests.filter((r) => r.method === 'call')).toEqual([]);

    await userEvent.upload(document.querySelector<HTMLInputElement>('input[type="file"]')!, new File([JSON.stringify(HOSTILE)], 'again.json', { type: 'application/json' }));
    await screen.findByRole('dialog', { name: 'Run this lesson?' });
    await userEvent.keyboard('{Escape}');
    expect(screen.queryByRole('dialog', { name: 'Run this lesson?' })).toBeNull();
    expect(screen.queryByRole('article', { name: 'Harmless demo' })).toBeNull();
  });

  it('opens the lesson when the person says so, and says a loopback-only lesson stays on loopback and in {tmp}', async () => {
    await chooseFile({ title: 'Local only', steps: [{ call: 'BIO_socket', as: 'c', domain: 'AF_INET', socktype: 'SOCK_STREAM' }, { call: 'BIO_connect', sock: 'c', addr: 'localhost:9' }] });
    const question = await screen.findByRole('dialog', { name: 'Run this lesson?' });
    expect(question.textContent).toContain('on loopback and in the session’s own {tmp} directory only.');
    expect(within(question).getByText('No unix socket paths.')).toBeTruthy();
    await userEvent.click(within(question).getByRole('button', { name: 'Open this lesson' }));
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Local only' })));
    expect(screen.queryByRole('dialog', { name: 'Run this lesson?' })).toBeNull();
  });

  it('an invalid file is refused as before, with no question', async () => {
    await chooseFile({ steps: [{ call: 'BIO_connect', sock: 'c' }] }, 'broken.json');
    expect((await screen.findByRole('alert', { name: 'Lesson file error' })).textContent).toMatch(/^broken\.json cannot be run: step \d, addr/);
    expect(screen.queryByRole('dialog', { name: 'Run this lesson?' })).toBeNull();
  });
});
