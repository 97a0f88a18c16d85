// "Open lesson" with a file someone else wrote: the window asks "Run this lesson?" first, listing
// what the file will use and naming what reaches beyond loopback or the session's {tmp}; Cancel
// opens nothing, and a lesson opened after the question runs against the real engine.
import { test, expect } from './fixture';
import { expectNoViolations } from './axe';

const SHARED = {
  title: 'A shared lesson',
  steps: [
    { call: 'BIO_socket', as: 'u', domain: 'AF_UNIX', socktype: 'SOCK_STREAM' },
    { call: 'BIO_connect', sock: 'u', addr: 'unix:/run/dbus/system_bus_socket' },
    { call: 'BIO_socket', as: 'c', domain: 'AF_INET', socktype: 'SOCK_STREAM' },
    { call: 'BIO_connect', sock: 'c', addr: '192.0.2.7:25' },
  ],
};

const LOCAL = {
  title: 'A local lesson',
  steps: [
    { call: 'BIO_socket', as: 'l', domain: 'AF_UNIX', socktype: 'SOCK_STREAM' },
    { call: 'BIO_listen', sock: 'l', addr: 'unix:{tmp}/lesson.sock', expect: { ret: 1 } },
    { call: 'BIO_closesocket', sock: 'l' },
  ],
};

const file = (name: string, lesson: unknown) => ({ name, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(lesson)) });

test('Open lesson asks first, names what reaches beyond loopback or {tmp}, and opens only when told', async ({ workbench: page }) => {
  await page.getByRole('button', { name: 'Lessons', exact: true }).click();
  const lessons = page.getByRole('region', { name: 'Lessons' });
  const chooser = page.waitForEvent('filechooser');
  await lessons.getByRole('button', { name: 'Open lesson' }).click();
  await (await chooser).setFiles(file('shared.json', SHARED));

  const question = page.getByRole('dialog', { name: 'Run this lesson?' });
  await expect(question).toBeVisible();
  await expect(question).toContainText('unix:/run/dbus/system_bus_socket (step 2, BIO_connect) is outside {tmp}');
  await expect(question).toContainText('192.0.2.7:25 (step 4, BIO_connect) is outside loopback');
  await expect(question.getByRole('list', { name: 'Unix socket paths' }).getByRole('listitem')).toHaveCount(1);
  await expectNoViolations(page, 'the Run this lesson? question');
  await question.getByRole('button', { name: 'Cancel' }).click();
  await expect(question).toBeHidden();
  await expect(lessons.getByRole('heading', { name: 'A shared lesson' })).toHaveCount(0);
  await expect(lessons.getByRole('button', { name: 'Open lesson' })).toBeFocused();

  const again = page.waitForEvent('filechooser');
  await lessons.getByRole('button', { name: 'Open lesson' }).click();
  await (await again).setFiles(file('local.json', LOCAL));
  await expect(question).toContainText('on loopback and in the session’s own {tmp} directory only');
  await question.getByRole('button', { name: 'Open this lesson' }).click();
  await expect(lessons.getByRole('heading', { name: 'A local lesson' })).toBeFocused();
  await lessons.getByRole('button', { name: 'Run all' }).click();
  await expect(lessons.getByRole('status', { name: 'Lesson progress' })).toHaveText(/All done: 3 of 3 steps ran; 1 expectation held, 0 failed\./);
});
