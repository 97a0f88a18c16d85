// The window: header, banners, and the panels side by side; in presentation mode the stage comes
// first and the rest stays mounted (a lesson presented has the stage to itself).
import { useEffect } from 'react';
import { useWorkbench, useWorkbenchStore } from './store/context';
import { Header } from './components/Header';
import { ConnectionBanner, EngineBanner, LogStoppedBanner, RefusalBanner } from './components/Banners';
import { WaitingCalls } from './components/WaitingCalls';
import { Composer } from './components/Composer';
import { Sockets } from './components/Sockets';
import { DataPane } from './components/DataPane';
import { TlsObjectsPanel } from './components/TlsObjectsPanel';
import { ErrorStack } from './components/ErrorStack';
import { Packets } from './components/Packets';
import { CallLog } from './components/CallLog';
import { EarlierSessions } from './components/EarlierSessions';
import { Lessons } from './components/Lessons';
import { Compare } from './components/Compare';
import { PresentationStage } from './components/PresentationMode';
import { presentedLesson } from './store/presentation';

export function App() {
  const store = useWorkbenchStore();
  const theme = useWorkbench((s) => s.theme);
  const presenting = useWorkbench((s) => s.presenting);
  const lessonPresented = useWorkbench((s) => presentedLesson(s) !== null);
  useEffect(() => store.getState().start(), [store]);
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
  useEffect(() => {
    document.documentElement.dataset.presenting = String(presenting);
  }, [presenting]);
  return (
    <div className={`app${presenting ? ' presenting' : ''}${lessonPresented ? ' lesson-presented' : ''}`}>
      <Header />
      <div className="banners">
        <ConnectionBanner />
        <EngineBanner />
        <LogStoppedBanner />
        <RefusalBanner />
        <WaitingCalls />
      </div>
      <main className="panels">
        <Compare />
        <PresentationStage />
        <div className="column column-compose">
          <Lessons />
          <Composer />
        </div>
        <div className="column column-sockets">
          <Sockets />
          <TlsObjectsPanel />
          <DataPane />
        </div>
        <div className="column column-results">
          <ErrorStack />
          <Packets />
          <CallLog />
          <EarlierSessions />
        </div>
      </main>
    </div>
  );
}
