// @vitest-environment jsdom
// A lesson on the presentation stage against a fake host: the question before its step and never
// that step's caption, the result card after it (ret, errno by name and message, every queue
// entry, the prediction against the truth), and the keys whatever has focus: Space on the focused
// "Presentation mode" button runs a step, a number picks a choice, an arrow on a chosen radio
// runs the step instead of changing the answer, and Left goes back without running anything.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Header } from '../Header';
import { Lessons } from '../Lessons';
import { PresentationStage } from '../PresentationMode';
import { renderWithStore } from '../../test/render';
import { fakeLessonHost, REFUSED_CONNECT_LESSON } from '../../test/fake-lesson-host';
import { createFakeClient } from '../../test/fake-client';

afterEach(cleanup);

const stage = () => within(screen.getByRole('region', { name: 'Presentation' }));
const position = () => stage().getByRole('status', { name: 'Lesson position' }).textContent;
const press = (key: string) => fireEvent.keyDown(document.activeElement ?? document.body, { key });

describe('the lesson stage', () => {
  it('asks before it runs, shows the result card after, and takes the keys whatever has focus', async () => {
    const client = createFakeClient();
    fakeLessonHost(client, [], [], [REFUSED_CONNECT_LESSON]);
    renderWithStore(
      <>
        <Header />
        <PresentationStage />
        <Lessons />
      </>,
      client,
    );
    const calls = () => client.requests.filter((r) => r.method === 'call').length;
    await userEvent.click(screen.getByRole('button', { name: 'Lessons' }));
    await userEvent.click(await screen.findByRole('button', { name: REFUSED_CONNECT_LESSON.title }));
    const toggle = screen.getByRole('button', { name: 'Presentation mode' });
    await userEvent.click(toggle);
    expect(stage().getByRole('article', { name: 'Lesson start' })).toBeTruthy();

    // Space on the focused toggle is the lesson's: a step runs, presentation mode stays on.
    expect(document.activeElement).toBe(toggle);
    press(' ');
    await waitFor(() => expect(position()).toBe('Step 1 of 6 ran; step 2 runs next.'));
    expect(toggle.getAttribute('aria-pressed')).toBe('true');
    for (const next of ['Step 2 of 6 ran', 'Step 3 of 6 ran', 'Step 4 of 6 ran']) {
      press('PageDown');
      await waitFor(() => expect(position()).toContain(next));
    }
    press('ArrowRight');
    expect(position()).toBe('Step 5 of 6: the class answers its question first.');
    expect(calls()).toBe(4);
    const steps = REFUSED_CONNECT_LESSON.scenario!.steps;
    expect(screen.getByRole('region', { name: 'Presentation' }).textContent).not.toContain(steps[4].caption!);

    press('2');
    const radio = stage().getByRole('radio', { name: '-1, errno ECONNREFUSED' }) as HTMLInputElement;
    expect(radio.checked).toBe(true);
    radio.focus();
    press('ArrowDown');
    expect(radio.checked).toBe(true);
    press('ArrowRight');
    const card = within(await stage().findByRole('article', { name: 'Step 5 result' }));
    expect(card.getByRole('list', { name: 'What C returned' }).textContent).toContain('errno ECONNREFUSED (Connection refused)');
    expect(card.getByRole('list', { name: 'Error queue' }).querySelectorAll('li')).toHaveLength(2);
    expect(card.getByRole('group', { name: 'Step 5 prediction on the stage' }).textContent).toContain('✗ Predicted “-1, errno ECONNREFUSED”; the truth: “0, errno ECONNREFUSED”.');
    expect(screen.getByRole('region', { name: 'Presentation' }).textContent).toContain(steps[4].caption!);

    // Left goes back to the question, then forward to the same result: nothing runs.
    press('ArrowLeft');
    expect(stage().getByRole('article', { name: 'Step 5 question' })).toBeTruthy();
    press('PageUp');
    expect(stage().getByRole('article', { name: 'Step 4 result' })).toBeTruthy();
    press(' ');
    press(' ');
    expect(stage().getByRole('article', { name: 'Step 5 result' })).toBeTruthy();
    expect(calls()).toBe(5);
  });
});
