// @vitest-environment jsdom
// Stepping a lesson in front of a class: the "Prediction" radio group before a step, the truth and
// the explanation after it, the score, the keys (Space/Right run, Left goes back, never in a text
// field), the measured chart, and the TFO gate on a libcrypto that predates the flag.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Lessons } from './Lessons';
import { Header } from './Header';
import { renderWithStore } from '../test/render';
import { createFakeClient, INFO_35, session } from '../test/fake-client';
import { demoOf, fakeLessonHost, REFUSED_CONNECT_LESSON } from '../test/fake-lesson-host';
import type { ShippedScenario } from '../../../shared/contract';

afterEach(cleanup);

function renderLessons(lessons: ShippedScenario[] = [REFUSED_CONNECT_LESSON], client = createFakeClient()) {
  const host = fakeLessonHost(client, [], [], lessons);
  return { ...renderWithStore(
    <>
      <Header />
      <Lessons />
    </>,
    client,
  ), host };
}

async function pick(title: string) {
  await userEvent.click(screen.getByRole('button', { name: 'Lessons' }));
  await userEvent.click(await within(screen.getByRole('region', { name: 'Lessons' })).findByRole('button', { name: title }));
}

/** Step i of the lesson (0-based, as its JSON counts), which the window numbers i + 1. */
const step = (i: number) => within(screen.getByRole('list', { name: 'Steps' })).getByRole('listitem', { name: `Step ${i + 1}` });
const progress = () => screen.getByRole('status', { name: 'Lesson progress' }).textContent;
const runNext = () => userEvent.click(screen.getByRole('button', { name: 'Run next step' }));

describe('stepping a lesson with predictions', () => {
  it('offers the Prediction choices before the step, then shows what happened, the explanation, whether it held, and the score', async () => {
    renderLessons();
    await pick(REFUSED_CONNECT_LESSON.title);
    expect(step(0).textContent).toContain(REFUSED_CONNECT_LESSON.scenario!.steps[0].caption);
    for (let i = 0; i < 4; i++) await runNext();
    const group = await within(step(4)).findByRole('radiogroup', { name: 'Prediction' });
    expect(within(group).getAllByRole('radio').map((r) => r.closest('label')?.textContent)).toEqual(['0, errno ECONNREFUSED', '-1, errno ECONNREFUSED', '0, errno ETIMEDOUT']);
    await userEvent.click(within(group).getByRole('radio', { name: '-1, errno ECONNREFUSED' }));
    await runNext();
    const truth = await within(step(4)).findByRole('group', { name: 'Step 5 prediction' });
    expect(truth.textContent).toContain('What happened: ret 0, errno ECONNREFUSED — “0, errno ECONNREFUSED”.');
    expect(truth.textContent).toContain('✗ Your prediction did not hold: you chose “-1, errno ECONNREFUSED”.');
    expect(truth.textContent).toContain('BIO_connect returns 0 on failure');
    expect(within(step(4)).queryByRole('radiogroup')).toBeNull();
    expect(progress()).toContain('Predictions: 0 of 1 held.');

    // The next one is skipped: the truth still shows, and the score says it was skipped.
    expect(within(step(5)).getByRole('radiogroup', { name: 'Prediction' })).toBeTruthy();
    await runNext();
    await waitFor(() => expect(progress()).toMatch(/^All done: 6 of 6 steps ran; 6 expectations held, 0 failed\. Predictions: 0 of 1 held \(1 skipped\)\.$/));
    expect(within(step(5)).getByRole('group', { name: 'Step 6 prediction' }).textContent).toContain('You ran it without predicting.');
  });

  it('a held prediction says so', async () => {
    renderLessons();
    await pick(REFUSED_CONNECT_LESSON.title);
    for (let i = 0; i < 4; i++) await runNext();
    await userEvent.click(await within(step(4)).findByRole('radio', { name: '0, errno ECONNREFUSED' }));
    await runNext();
    expect((await within(step(4)).findByRole('group', { name: 'Step 5 prediction' })).textContent).toContain('✓ Your prediction held: “0, errno ECONNREFUSED”.');
    expect(progress()).toContain('Predictions: 1 of 1 held.');
  });

  it('Space and Right run the next step, Left shows the previous record without undoing; keys typed in a text field are left alone', async () => {
    const { client } = renderLessons();
    await pick(REFUSED_CONNECT_LESSON.title);
    const calls = () => client.requests.filter((r) => r.method === 'call').length;
    (document.activeElement as HTMLElement).blur();
    fireEvent.keyDown(document.body, { key: ' ' });
    await waitFor(() => expect(calls()).toBe(1));
    fireEvent.keyDown(document.body, { key: 'ArrowRight' });
    await waitFor(() => expect(calls()).toBe(2));
    await waitFor(() => expect(progress()).toContain('Step 3 is next'));
    fireEvent.keyDown(document.body, { key: 'ArrowLeft' });
    expect(screen.getByRole('status', { name: 'Step shown' }).textContent).toBe('Looking back at step 1’s result (going back never undoes a call). Step 3 runs next.');
    expect(step(0).getAttribute('aria-current')).toBe('true');
    // Right comes forward again to the latest result before it runs anything.
    fireEvent.keyDown(document.body, { key: 'ArrowRight' });
    expect(screen.queryByRole('status', { name: 'Step shown' })).toBeNull();
    expect(calls()).toBe(2);

    await userEvent.click(screen.getByRole('button', { name: 'Record lesson' }));
    const caption = screen.getByRole('textbox', { name: /Caption for the next call/ });
    await userEvent.type(caption, 'a b');
    fireEvent.keyDown(caption, { key: 'ArrowRight' });
    expect(calls()).toBe(2);
    expect((caption as HTMLInputElement).value).toBe('a b');
  });
});

describe('the measured chart and the TFO gate', () => {
  const measured = demoOf('m', 'Measured', [
    { call: 'BIO_socket', as: 'a', domain: 'AF_INET', socktype: 'SOCK_STREAM', caption: 'one', measure: 'default (Nagle)' },
    { call: 'BIO_socket', as: 'b', domain: 'AF_INET', socktype: 'SOCK_STREAM', caption: 'two', measure: 'BIO_SOCK_NODELAY' },
  ]);

  it('draws a bar per measured step on a millisecond axis beside the last step, each bar named with its time in ms', async () => {
    renderLessons([measured]);
    await pick('Measured');
    const figure = within(step(1)).getByRole('figure', { name: 'Measured: how long each marked step took, in milliseconds' });
    const chart = within(figure).getByRole('img');
    expect(chart.getAttribute('aria-label')).toBe('Bars in milliseconds, a line at 40 ms: default (Nagle) #1: not run yet; BIO_SOCK_NODELAY #1: not run yet');
    await runNext();
    await runNext();
    await waitFor(() => expect(chart.getAttribute('aria-label')).toMatch(/^Bars in milliseconds, a line at 40 ms: default \(Nagle\) #1: \d+\.\d\d ms; BIO_SOCK_NODELAY #1: \d+\.\d\d ms$/));
    expect(chart.querySelectorAll('rect')).toHaveLength(2);
    // The axis reads 0 to 50 ms and the 40 ms line is drawn and labelled.
    expect([...chart.querySelectorAll('text')].map((t) => t.textContent)).toEqual(expect.arrayContaining(['0', '10', '40', '50', 'milliseconds', '40 ms: the delayed-ACK timer']));
  });

  it('says why a TFO lesson shows nothing on a libcrypto older than 3.2, and not on one that has it', async () => {
    const tfo: ShippedScenario = { ...measured, id: 'tfo', title: 'TFO', scenario: { ...measured.scenario!, needs: ['TFO'] } };
    renderLessons([tfo]);
    await pick('TFO');
    expect(screen.getByRole('note').textContent).toContain('The loaded libcrypto (OpenSSL 3.0.19 27 Jan 2026) predates BIO_SOCK_TFO');
    cleanup();
    renderLessons([tfo], createFakeClient(session({ info: INFO_35 })));
    await pick('TFO');
    expect(screen.queryByRole('note')).toBeNull();
  });
});

describe('a step group in the window', () => {
  const tcp = { domain: 'AF_INET', socktype: 'SOCK_STREAM' } as const;
  const prediction = { question: 'Does the second socket open?', choices: [{ ret: 'fd' as const, label: 'yes' }, { ret: -1, label: 'no' }], explanation: 'It does.' };
  const grouped = demoOf('lesson:grouped', 'Grouped', [
    { call: 'BIO_socket', as: 'a', ...tcp, caption: 'One alone.' },
    { call: 'BIO_socket', as: 'b', ...tcp, group: 'pair', caption: 'The pair, first.' },
    { call: 'BIO_socket', as: 'c', ...tcp, group: 'pair', caption: 'The pair, second.', prediction },
    { call: 'BIO_closesocket', sock: 'a', caption: 'After the pair.' },
  ]);

  it('asks the group’s prediction before it runs, then runs its steps as one request with a record each', async () => {
    const { client } = renderLessons([grouped]);
    await pick('Grouped');
    await runNext();
    // The window numbers steps from 1: the group is steps 2 and 3, its prediction on step 3.
    // Step 3's prediction is asked while step 2, the group's first, is next: the class answers before the group runs.
    expect(within(step(1)).getByText('group pair')).toBeTruthy();
    expect([1, 2].map((i) => step(i).getAttribute('aria-current'))).toEqual(['step', 'step']);
    await userEvent.click(await within(step(2)).findByRole('radio', { name: 'yes' }));
    const before = client.requests.length;
    await runNext();
    await waitFor(() => expect(progress()).toContain('Step 4 is next.'));
    expect(client.requests.slice(before).map((r) => r.method)).toEqual(['callGroup']);
    expect(step(1).querySelector('.lesson-result')?.textContent).toMatch(/^ret \d+, errno not set/);
    expect(within(step(2)).getByRole('group', { name: 'Step 3 prediction' }).textContent).toContain('✓ Your prediction held: “yes”.');
    expect(step(3).getAttribute('aria-current')).toBe('step');
  });
});

describe('a lesson step result', () => {
  it('names BIO_sock_error\'s ret as the errno it is: 111 is ECONNREFUSED', async () => {
    const lesson = demoOf('lesson:so-error', 'SO_ERROR', [
      { call: 'BIO_socket', as: 'c', domain: 'AF_INET', socktype: 'SOCK_STREAM', caption: 'A client.' },
      { call: 'BIO_connect', sock: 'c', addr: '127.0.0.1:1', options: ['BIO_SOCK_NONBLOCK'], caption: 'Connect without waiting.' },
      { call: 'BIO_sock_error', sock: 'c', caption: 'How did it end?' },
    ]);
    renderLessons([lesson]);
    await pick('SO_ERROR');
    for (let i = 0; i < 3; i++) await runNext();
    await waitFor(() => expect(step(2).textContent).toContain('ret 111 (SO_ERROR ECONNREFUSED: Connection refused)'));
  });
});

