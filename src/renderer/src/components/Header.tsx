// The loaded libcrypto, what it can do, the connection, the Lessons and Compare openers, presentation mode and the theme switch.
import { useEffect, useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useWorkbench } from '../store/context';
import { flagByName } from '../../../shared/flags';
import { LESSONS_PANEL_ID } from './Lessons';
import { COMPARE_PANEL_ID } from './Compare';
import { PresentationToggle } from './PresentationMode';

function hexVersion(n: number): string {
  return `0x${n.toString(16).padStart(8, '0')}`;
}

/** A panel closed from inside: focus returns to the header button that opened it. */
function useFocusBack(shown: boolean) {
  const button = useRef<HTMLButtonElement>(null);
  const wasShown = useRef(shown);
  useEffect(() => {
    if (wasShown.current && !shown && document.activeElement === document.body) button.current?.focus();
    wasShown.current = shown;
  }, [shown]);
  return button;
}

export function Header() {
  const { info, notices, connection, theme, setTheme, lessonsShown, showLessons, hideLessons, compareShown, showCompare, hideCompare } = useWorkbench(
    useShallow((s) => ({
      info: s.info,
      notices: s.notices,
      connection: s.connection,
      theme: s.theme,
      setTheme: s.setTheme,
      lessonsShown: s.lessons.shown,
      showLessons: s.showLessons,
      hideLessons: s.hideLessons,
      compareShown: s.compare.shown,
      showCompare: s.showCompare,
      hideCompare: s.hideCompare,
    })),
  );
  const lessonsButton = useFocusBack(lessonsShown);
  const compareButton = useFocusBack(compareShown);
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
      <button type="button" ref={lessonsButton} aria-expanded={lessonsShown} aria-controls={lessonsShown ? LESSONS_PANEL_ID : undefined} onClick={lessonsShown ? hideLessons : showLessons}>
        Lessons
      </button>
      <button type="button" ref={compareButton} aria-expanded={compareShown} aria-controls={compareShown ? COMPARE_PANEL_ID : undefined} onClick={compareShown ? hideCompare : showCompare}>
        Compare
      </button>
      <PresentationToggle />
      <button type="button" className="theme-toggle" aria-pressed={theme === 'dark'} onClick={() => setTheme(theme === 'dark' ? 'light' : 'dark')}>
        Dark theme
      </button>
    </header>
  );
}
