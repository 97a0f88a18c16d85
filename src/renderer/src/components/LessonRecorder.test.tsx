// @vitest-environment jsdom
// Recording a lesson: the calls this page makes after "Record lesson" (the Composer's and the socket
// rows' go through the same runStep), each with the caption typed for it; "Stop recording", "Save
// lesson" downloads it, and "Open lesson" runs the saved file with the same results.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Lessons } from './Lessons';
import { Header } from './Header';
import { renderWithStore } from '../test/render';
import { createFakeClient } from '../test/fake-client';
import { fakeLessonHost } from '../test/fake-lesson-host';
import { checkScenarioText } from '../../../shared/scenario-check';

afterEach(cleanup);

describe('Record lesson', () => {
  it('records calls with captions, saves a valid lesson, and the saved file runs to the same results', async () => {
    const client = createFakeClient();
    fakeLessonHost(client, []);
    const saved: { name: string; text: string }[] = [];
    const { store, container } = renderWithStore(
      <>
        <Header />
        <Lessons />
      </>,
      client,
      { saveFile: (name, text) => saved.push({ name, text }) },
    );
    await userEvent.click(screen.getByRole('button', { name: 'Lessons' }));
    // A call before recording is not part of the lesson.
    await store.getState().runStep({ call: 'BIO_socket', as: 'before', domain: 'AF_INET', socktype: 'SOCK_STREAM' });
    await userEvent.click(screen.getByRole('button', { name: 'Record lesson' }));
    const caption = screen.getByRole('textbox', { name: /Caption for the next call/ });
    await userEvent.type(caption, 'A listener on a port the kernel picks.');
    await store.getState().runStep({ call: 'BIO_socket', as: 'l', domain: 'AF_INET', socktype: 'SOCK_STREAM' });
    await waitFor(() => expect((caption as HTMLInputElement).value).toBe(''));
    await store.getState().runStep({ call: 'BIO_listen', sock: 'l', addr: '127.0.0.1:0' });
    await store.getState().runStep({ call: 'BIO_socket', as: 'c', domain: 'AF_INET', socktype: 'SOCK_STREAM' });
    await store.getState().runStep({ call: 'BIO_connect', sock: 'c', addr: '127.0.0.1:40001' });
    await store.getState().runStep({ call: 'BIO_connect', sock: 'nobody', addr: '127.0.0.1:40001' });
    await userEvent.type(caption, 'Connected to the listener.');
    expect(screen.getByRole('status', { name: 'Recording' }).textContent).toContain('5 calls so far');
    await userEvent.click(screen.getByRole('button', { name: 'Stop recording' }));

    expect(screen.getByRole('status', { name: 'Recorded lesson' }).textContent).toMatch(/^Recorded 4 steps; left out BIO_connect\(nobody, addr, 0\): refused before the call/);
    await userEvent.click(screen.getByRole('button', { name: 'Save lesson' }));
    expect(saved).toHaveLength(1);
    expect(saved[0].name).toMatch(/^bio-workbench-lesson-.*\.json$/);
    const checked = checkScenarioText(saved[0].text);
    if (!checked.ok) throw new Error(`the saved lesson is invalid: ${checked.error.message}`);
    expect(checked.scenario.steps.map((s) => [s.call, s.caption])).toEqual([
      ['BIO_socket', 'A listener on a port the kernel picks.'],
      ['BIO_listen', 'BIO_listen(l, addr, 0)'],
      ['BIO_socket', 'c = BIO_socket(AF_INET, SOCK_STREAM, 0, 0)'],
      ['BIO_connect', 'Connected to the listener.'],
    ]);
    // The port the kernel picked became {l.port}; the expectations are what happened.
    expect(checked.scenario.steps[3]).toMatchObject({ addr: '127.0.0.1:{l.port}', expect: { ret: 1, errno: null } });
    const recorded = store.getState().lessons;
    expect(recorded.selectedId).toBeNull();

    // Open the saved file and run it: the same results, step by step.
    const input = container.querySelector<HTMLInputElement>('input[type="file"]')!;
    await userEvent.upload(input, new File([saved[0].text], saved[0].name, { type: 'application/json' }));
    await userEvent.click(within(await screen.findByRole('dialog', { name: 'Run this lesson?' })).getByRole('button', { name: 'Open this lesson' }));
    await waitFor(() => expect(screen.getByRole('article', { name: 'A recorded lesson' })).toBeTruthy());
    await userEvent.click(screen.getByRole('button', { name: 'Run all' }));
    await waitFor(() => expect(screen.getByRole('status', { name: 'Lesson progress' }).textContent).toBe('All done: 4 of 4 steps ran; 4 expectations held, 0 failed.'));
    const steps = within(screen.getByRole('list', { name: 'Steps' }));
    expect(steps.getByRole('listitem', { name: 'Step 4' }).textContent).toContain('addr 127.0.0.1:40002 (from 127.0.0.1:{l.port})');
  });

  it('saves the title typed, and "Edit recorded lesson" opens the editor on it', async () => {
    const client = createFakeClient();
    fakeLessonHost(client, []);
    const saved: { name: string; text: string }[] = [];
    const { store } = renderWithStore(<Lessons />, client, { saveFile: (name, text) => saved.push({ name, text }) });
    store.getState().showLessons();
    await userEvent.click(await screen.findByRole('button', { name: 'Record lesson' }));
    const recorder = screen.getByRole('group', { name: 'Recorder' });
    await userEvent.type(within(recorder).getByRole('textbox', { name: 'Lesson title' }), 'My first socket');
    await store.getState().runStep({ call: 'BIO_socket', as: 's', domain: 'AF_INET', socktype: 'SOCK_STREAM' });
    await userEvent.click(within(recorder).getByRole('button', { name: 'Stop recording' }));
    // Changed after Stop too.
    await userEvent.type(within(recorder).getByRole('textbox', { name: 'Lesson title' }), '!');
    await userEvent.click(within(recorder).getByRole('button', { name: 'Save lesson' }));
    expect(saved[0].name).toBe('my-first-socket.json');
    expect(JSON.parse(saved[0].text).title).toBe('My first socket!');
    await userEvent.click(within(recorder).getByRole('button', { name: 'Edit recorded lesson' }));
    const editor = screen.getByRole('region', { name: 'Lesson editor' });
    expect(within(editor).getByRole('textbox', { name: 'Title' })).toHaveProperty('value', 'My first socket!');
    expect(screen.queryByRole('group', { name: 'Recorder' })).toBeNull();
  });
});
