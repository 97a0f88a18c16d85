// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Header } from './Header';
import { renderWithStore } from '../test/render';
import { createFakeClient, INFO_35, session } from '../test/fake-client';

afterEach(cleanup);

describe('Header', () => {
  it('names the loaded libcrypto and what it lacks', async () => {
    renderWithStore(<Header />);
    const lib = screen.getByRole('region', { name: 'Loaded libcrypto' });
    await waitFor(() => expect(lib.textContent).toContain('OpenSSL 3.0.19'));
    expect(screen.getByRole('list', { name: 'Capabilities' }).textContent).toContain('TCP Fast Open (BIO_SOCK_TFO): not available, needs OpenSSL 3.2');
  });

  it('says TFO is available on 3.5', async () => {
    renderWithStore(<Header />, createFakeClient(session({ info: INFO_35 })));
    await waitFor(() => expect(screen.getByRole('list', { name: 'Capabilities' }).textContent).toContain('TCP Fast Open (BIO_SOCK_TFO): available'));
  });

  it('says how the host runs when it has something to say (running as root, sandbox off)', async () => {
    renderWithStore(<Header />, createFakeClient(session({ notices: ["Running as root (--allow-root): Chromium's process sandbox is off."] })));
    await waitFor(() => expect(screen.getByRole('list', { name: 'How the workbench runs' }).textContent).toContain('sandbox is off'));
  });

  it('says nothing of the kind when it has nothing to say', async () => {
    renderWithStore(<Header />);
    await waitFor(() => expect(screen.getByRole('region', { name: 'Loaded libcrypto' }).textContent).toContain('OpenSSL'));
    expect(screen.queryByRole('list', { name: 'How the workbench runs' })).toBeNull();
  });

  it('toggles the dark theme', async () => {
    const { store } = renderWithStore(<Header />);
    const toggle = screen.getByRole('button', { name: 'Dark theme' });
    expect(toggle.getAttribute('aria-pressed')).toBe('false');
    await userEvent.click(toggle);
    expect(toggle.getAttribute('aria-pressed')).toBe('true');
    expect(store.getState().theme).toBe('dark');
  });
});
