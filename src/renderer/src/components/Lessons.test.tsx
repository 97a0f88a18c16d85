// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Lessons } from './Lessons';
import { Header } from './Header';
import { ErrorStack } from './ErrorStack';
import { renderWithStore } from '../test/render';
import { createFakeClient, snapshot, type FakeClient } from '../test/fake-client';
import { demoOf, fakeLessonHost, INVALID_DEMO, REFUSED_CONNECT_DEMO, REFUSED_CONNECT_LESSON } from '../test/fake-lesson-host';
import type { ShippedScenario } from '../../../shared/contract';

afterEach(cleanup);

function renderLessons(demos: ShippedScenario[] = [REFUSED_CONNECT_DEMO, INVALID_DEMO], own = [] as ReturnType<typeof snapshot>[], lessons: ShippedScenario[] = []) {
  const client: FakeClient = createFakeClient();
  const host = fakeLessonHost(client, demos, own, lessons);
  const saved: { name: string; text: string }[] = [];
  const rendered = renderWithStore(
    <>
      <Header />
      <Lessons />
      <ErrorStack />
    </>,
    client,
    { saveFile: (name, text) => saved.push({ name, text }) },
  );
  return { ...rendered, host, saved };
}

async function openAndPick(title: string) {
  await userEvent.click(screen.getByRole('button', { name: 'Lessons' }));
  const panel = screen.getByRole('region', { name: 'Lessons' });
  await userEvent.click(await within(panel).findByRole('button', { name: title }));
  return panel;
}

/** Step i of the lesson (0-based, as its JSON counts), which the window numbers i + 1. */
const step = (i: number) => within(screen.getByRole('list', { name: 'Steps' })).getByRole('listitem', { name: `Step ${i + 1}` });
const runNext = () => userEvent.click(screen.getByRole('button', { name: 'Run next step' }));

describe('Lessons', () => {
  it('lists the lessons and scenarios, shows an invalid one disabled with its error, and shows a picked one’s steps', async () => {
    renderLessons();
    const opener = screen.getByRole('button', { name: 'Lessons' });
    expect(opener.getAttribute('aria-expanded')).toBe('false');
    await userEvent.click(opener);
    expect(opener.getAttribute('aria-expanded')).toBe('true');
    const list = await screen.findByRole('group', { name: 'Lesson list' });
    const invalid = within(list).getByRole('button', { name: 'broken' }) as HTMLButtonElement;
    expect(invalid.disabled).toBe(true);
    expect(screen.getByRole('button', { name: 'broken', description: /invalid: steps\[1\]\.call: expected "call"/ })).toBe(invalid);

    await userEvent.click(within(list).getByRole('button', { name: REFUSED_CONNECT_DEMO.title }));
    const demo = screen.getByRole('article', { name: REFUSED_CONNECT_DEMO.title });
    expect(demo.textContent).toContain('BIO_connect to a loopback port nobody listens on.');
    const steps = within(demo).getAllByRole('listitem').filter((li) => li.getAttribute('aria-label')?.startsWith('Step '));
    expect(steps.map((li) => li.querySelector('code')?.textContent)).toEqual([
      'l = BIO_socket(AF_INET, SOCK_STREAM, 0, 0)',
      'BIO_listen(l, addr, 0)',
      'BIO_closesocket(l)',
      'c = BIO_socket(AF_INET, SOCK_STREAM, 0, 0)',
      'BIO_connect(c, addr, 0)',
      'BIO_closesocket(c)',
    ]);
    expect(step(2).textContent).toContain('the port is now free again, and nobody listens on it');
    expect(step(4).textContent).toContain('addr 127.0.0.1:{l.port}');
    expect(step(0).getAttribute('aria-current')).toBe('step');
    expect(screen.getByRole('status', { name: 'Lesson progress' }).textContent).toBe('6 steps, none run yet. Step 1 is next.');
  });

  it('runs one step at a time, moving the highlight and showing ret, errno and the expectation', async () => {
    renderLessons();
    await openAndPick(REFUSED_CONNECT_DEMO.title);
    await runNext();
    await waitFor(() => expect(step(0).textContent).toContain('✓ Expectation held'));
    expect(step(0).textContent).toMatch(/ret 20, errno not set/);
    expect(step(0).getAttribute('aria-current')).toBeNull();
    expect(step(1).getAttribute('aria-current')).toBe('step');
    for (let i = 1; i < 5; i++) await runNext();
    await waitFor(() => expect(step(5).getAttribute('aria-current')).toBe('step'));
    expect(step(4).textContent).toContain('ret 0, errno ECONNREFUSED, 2 error-queue entries');
    expect(step(4).textContent).toContain('✓ Expectation held');
    expect(step(4).textContent).toContain('addr 127.0.0.1:40001 (from 127.0.0.1:{l.port})');
    // No expectation, no verdict.
    expect(step(3).textContent).not.toContain('Expectation');
    // The session's own error stack shows the lesson's call.
    expect(screen.getByRole('list', { name: 'Error queue entries' }).children).toHaveLength(2);
    expect(screen.getByRole('status', { name: 'Lesson progress' }).textContent).toBe('5 of 6 steps ran; 3 expectations held, 0 failed. Step 6 is next.');

    await userEvent.click(screen.getByRole('button', { name: 'Run all' }));
    await waitFor(() => expect(screen.getByRole('status', { name: 'Lesson progress' }).textContent).toBe('All done: 6 of 6 steps ran; 4 expectations held, 0 failed.'));
    expect(screen.getByRole('button', { name: 'Run next step' }).getAttribute('aria-disabled')).toBe('true');
  });

  it('shows a failed expectation with its field, what was expected and what happened', async () => {
    renderLessons([
      demoOf('wrong', 'Expecting a connect to succeed', [
        { call: 'BIO_socket', as: 'c', domain: 'AF_INET', socktype: 'SOCK_STREAM' },
        { call: 'BIO_connect', sock: 'c', addr: '127.0.0.1:9', expect: { ret: 1, errno: null } },
      ]),
    ]);
    await openAndPick('Expecting a connect to succeed');
    await userEvent.click(screen.getByRole('button', { name: 'Run all' }));
    const mismatches = await screen.findByRole('list', { name: 'Step 2 mismatches' });
    expect(step(1).textContent).toContain('✗ Expectation failed');
    expect(within(mismatches).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['ret: expected 1, actual 0', 'errno: expected null, actual "ECONNREFUSED"']);
    expect(screen.getByRole('status', { name: 'Lesson progress' }).textContent).toBe('All done: 2 of 2 steps ran; 0 expectations held, 1 failed.');
  });

  it('Reset closes the sockets the lesson left open, says so, and the lesson runs again', async () => {
    const { client, host } = renderLessons();
    await openAndPick(REFUSED_CONNECT_DEMO.title);
    for (let i = 0; i < 4; i++) await runNext();
    await waitFor(() => expect(step(4).getAttribute('aria-current')).toBe('step'));
    expect([...host.sockets.keys()]).toEqual([expect.stringMatching(/^lesson-\w+-c$/)]);

    await userEvent.click(screen.getByRole('button', { name: 'Reset' }));
    const said = await screen.findByRole('status', { name: 'Reset result' });
    expect(said.textContent).toBe(`Reset "${REFUSED_CONNECT_DEMO.title}": closed its c (fd 21).`);
    expect(host.sockets.size).toBe(0);
    expect(client.requests.filter((r) => r.method === 'call').at(-1)?.input).toMatchObject({ step: { call: 'BIO_closesocket', sock: expect.stringMatching(/^lesson-\w+-c$/) } });
    expect(step(0).getAttribute('aria-current')).toBe('step');
    expect(step(0).textContent).not.toContain('Expectation');

    await userEvent.click(screen.getByRole('button', { name: 'Run all' }));
    await waitFor(() => expect(screen.getByRole('status', { name: 'Lesson progress' }).textContent).toBe('All done: 6 of 6 steps ran; 4 expectations held, 0 failed.'));
    expect(screen.queryByRole('status', { name: 'Reset result' })).toBeNull();
  });

  it("runs whole beside the person's own socket named c, and Reset leaves that socket open with the same fd", async () => {
    const { host } = renderLessons([REFUSED_CONNECT_DEMO], [snapshot({ fd: 30, name: 'c', role: 'new' })]);
    await openAndPick(REFUSED_CONNECT_DEMO.title);
    for (let i = 0; i < 5; i++) await runNext();
    await waitFor(() => expect(step(4).textContent).toContain('ret 0, errno ECONNREFUSED'));
    expect(screen.queryByText(/Refused before the call/)).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Reset' }));
    expect((await screen.findByRole('status', { name: 'Reset result' })).textContent).toBe(`Reset "${REFUSED_CONNECT_DEMO.title}": closed its c (fd 21).`);
    expect(host.sockets.get('c')?.fd).toBe(30);
    expect(host.sockets.get('c')?.role).toBe('new');
  });

  it('counts a step refused because its socket was never made as not run, and says so', async () => {
    const { host } = renderLessons([REFUSED_CONNECT_DEMO]);
    await openAndPick(REFUSED_CONNECT_DEMO.title);
    await runNext();
    await waitFor(() => expect(step(1).getAttribute('aria-current')).toBe('step'));
    // A socket of someone else's already has the session name the lesson's c would take.
    const taken = [...host.sockets.keys()][0].replace(/-l$/, '-c');
    host.sockets.set(taken, snapshot({ fd: 40, name: taken, role: 'new' }));
    await userEvent.click(screen.getByRole('button', { name: 'Run all' }));
    await waitFor(() => expect(screen.getByRole('status', { name: 'Lesson progress' }).textContent).toMatch(/^All done/));
    expect(screen.getByRole('status', { name: 'Lesson progress' }).textContent).toBe('All done: 3 of 6 steps ran; 3 refused (not run); 2 expectations held, 3 failed.');
    expect(step(4).textContent).toContain('Refused before the call was made (not run): socket "c" is not a socket this lesson opened');
    expect(host.sockets.get(taken)?.fd).toBe(40);
  });

  it('works from the keyboard alone, and Close lessons returns focus to the header button', async () => {
    renderLessons();
    screen.getByRole('button', { name: 'Lessons' }).focus();
    await userEvent.keyboard('{Enter}');
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Lessons' })));
    await userEvent.tab(); // Close lessons
    await userEvent.tab(); // the first lesson
    expect(document.activeElement?.textContent).toBe(REFUSED_CONNECT_DEMO.title);
    await userEvent.keyboard('{Enter}');
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('heading', { name: REFUSED_CONNECT_DEMO.title })));
    await userEvent.tab(); // Choose another lesson
    await userEvent.tab();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Run next step' }));
    await userEvent.keyboard('{Enter}');
    await waitFor(() => expect(step(0).textContent).toContain('✓ Expectation held'));
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Run next step' }));

    await userEvent.click(screen.getByRole('button', { name: 'Choose another lesson' }));
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('button', { name: REFUSED_CONNECT_DEMO.title })));
    await userEvent.click(screen.getByRole('button', { name: 'Close lessons' }));
    expect(screen.queryByRole('region', { name: 'Lessons' })).toBeNull();
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Lessons' })));
  });

  it('opens a file with Open lesson: checked, selected, stepped through, and listed after the host’s lessons and scenarios', async () => {
    const { container } = renderLessons();
    await userEvent.click(screen.getByRole('button', { name: 'Lessons' }));
    const panel = screen.getByRole('region', { name: 'Lessons' });
    expect(within(panel).getByRole('button', { name: 'Open lesson' })).toBeTruthy();
    const input = container.querySelector<HTMLInputElement>('input[type="file"]')!;
    const lesson = {
      title: 'My lesson',
      steps: [
        { call: 'BIO_socket', as: 'c', domain: 'AF_INET', socktype: 'SOCK_STREAM' },
        { call: 'BIO_connect', sock: 'c', addr: '127.0.0.1:9', expect: { errno: 'ECONNREFUSED' } },
      ],
    };
    await userEvent.upload(input, new File([JSON.stringify(lesson)], 'lesson.json', { type: 'application/json' }));
    // Asked first: what the file will use.
    const question = await screen.findByRole('dialog', { name: 'Run this lesson?' });
    expect(within(question).getByRole('list', { name: 'Addresses' }).textContent).toBe('127.0.0.1:9 (step 2, BIO_connect)');
    await userEvent.click(within(question).getByRole('button', { name: 'Open this lesson' }));
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'My lesson' })));
    await userEvent.click(screen.getByRole('button', { name: 'Run all' }));
    await waitFor(() => expect(screen.getByRole('status', { name: 'Lesson progress' }).textContent).toBe('All done: 2 of 2 steps ran; 1 expectation held, 0 failed.'));

    await userEvent.click(screen.getByRole('button', { name: 'Choose another lesson' }));
    const list = screen.getByRole('group', { name: 'Lesson list' });
    expect(within(list).getAllByRole('button').map((b) => b.textContent)).toEqual([REFUSED_CONNECT_DEMO.title, 'broken', 'My lesson from lesson.json']);
  });

  it('an invalid file is not opened, and the alert names the file, the step and the field', async () => {
    const { container } = renderLessons();
    await openAndPick(REFUSED_CONNECT_DEMO.title);
    const input = container.querySelector<HTMLInputElement>('input[type="file"]')!;
    const broken = { steps: [{ call: 'BIO_socket', as: 'c', domain: 'AF_INET', socktype: 'SOCK_STREAM' }, { call: 'BIO_connect', sock: 'c' }] };
    await userEvent.upload(input, new File([JSON.stringify(broken)], 'broken.json', { type: 'application/json' }));
    const alert = await screen.findByRole('alert', { name: 'Lesson file error' });
    expect(alert.textContent).toBe('broken.json cannot be run: step 2, addr: missing; BIO_connect needs addr: host:service, [v6addr]:service or unix:/path');
    expect(screen.getByRole('article', { name: REFUSED_CONNECT_DEMO.title })).toBeTruthy();
  });

  it('shows a refused lessons list and asks again on Try again', async () => {
    const client = createFakeClient();
    let refuse = true;
    fakeLessonHost(client, [REFUSED_CONNECT_DEMO]);
    const lessons = () => {
      if (refuse) throw { code: 'engine-unavailable', field: null, message: 'the session has ended' };
      return [REFUSED_CONNECT_LESSON];
    };
    client.answer('lessons', lessons);
    renderWithStore(
      <>
        <Header />
        <Lessons />
      </>,
      client,
    );
    await userEvent.click(screen.getByRole('button', { name: 'Lessons' }));
    expect((await screen.findByRole('alert', { name: 'Lessons error' })).textContent).toContain('The host refused lessons (engine-unavailable): the session has ended');
    refuse = false;
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('button', { name: REFUSED_CONNECT_LESSON.title })).toBeTruthy();
  });
});
