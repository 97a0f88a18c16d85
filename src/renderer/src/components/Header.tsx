// The loaded libcrypto, what it can do, the connection, the Demos opener and the theme switch.
import { useEffect, useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useWorkbench } from '../store/context';
import { flagByName } from '../../../shared/flags';
import { DEMOS_PANEL_ID } from './Demos';

function hexVersion(n: number): string {
  return `0x${n.toString(16).padStart(8, '0')}`;
}

export function Header() {
  const { info, notices, connection, theme, setTheme, demosShown, showDemos, hideDemos } = useWorkbench(
    useShallow((s) => ({
      info: s.info,
      notices: s.notices,
      connection: s.connection,
      theme: s.theme,
      setTheme: s.setTheme,
      demosShown: s.demos.shown,
      showDemos: s.showDemos,
      hideDemos: s.hideDemos,
    })),
  );
  const demosButton = useRef<HTMLButtonElement>(null);
  const wasDemosShown = useRef(demosShown);
  // Demos closed from inside the panel: focus returns to the button that opened it.
  useEffect(() => {
    if (wasDemosShown.current && !demosShown && document.activeElement === document.body) demosButton.current?.focus();
    wasDemosShown.current = demosShown;
  }, [demosShown]);
  const tfo = flagByName('BIO_SOCK_TFO')!;
  return (
    <header className="header">
      <h1>BIO Socket Workbench</h1>
      <section className="libcrypto" aria-label="Loaded libcrypto">
        {info ? (
          <>
            <span className="version" title={info.libcrypto.resolvedPath ?? info.libcrypto.path}>
              {info.libcrypto.version}
            </span>
            <span className="muted"> ({hexVersion(info.libcrypto.versionNumber)})</span>
            <ul className="capabilities" aria-label="Capabilities">
              <li className={info.libcrypto.supports.TFO ? 'cap-yes' : 'cap-no'}>
                {info.libcrypto.supports.TFO ? 'TCP Fast Open (BIO_SOCK_TFO): available' : `TCP Fast Open (BIO_SOCK_TFO): not available, needs OpenSSL ${tfo.sinceText}`}
              </li>
              <li>Up to {info.limits.maxSockets.toLocaleString('en')} sockets</li>
              <li>
                Engine pid {info.pid}, node {info.node}
              </li>
            </ul>
          </>
        ) : (
          <span className="muted">libcrypto: waiting for the engine</span>
        )}
      </section>
      {notices.length ? (
        <ul className="host-notices" aria-label="How the workbench runs">
          {notices.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      ) : null}
      <span className={`connection connection-${connection}`} role="status" aria-label="Connection">
        {connection === 'open' ? 'Connected' : connection === 'connecting' ? 'Connecting…' : 'Disconnected'}
      </span>
      <button type="button" ref={demosButton} aria-expanded={demosShown} aria-controls={demosShown ? DEMOS_PANEL_ID : undefined} onClick={demosShown ? hideDemos : showDemos}>
        Demos
      </button>
      <button type="button" className="theme-toggle" aria-pressed={theme === 'dark'} onClick={() => setTheme(theme === 'dark' ? 'light' : 'dark')}>
        Dark theme
      </button>
    </header>
  );
}
