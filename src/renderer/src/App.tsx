// The window: header, banners, and the panels side by side.
import { useEffect } from 'react';
import { useWorkbench, useWorkbenchStore } from './store/context';
import { Header } from './components/Header';
import { ConnectionBanner, EngineBanner, LogStoppedBanner, RefusalBanner } from './components/Banners';
import { WaitingCalls } from './components/WaitingCalls';
import { Composer } from './components/Composer';
import { Sockets } from './components/Sockets';
import { DataPane } from './components/DataPane';
import { ErrorStack } from './components/ErrorStack';
import { CallLog } from './components/CallLog';
import { EarlierSessions } from './components/EarlierSessions';
import { Lessons } from './components/Lessons';
import { Compare } from './components/Compare';

export function App() {
  const store = useWorkbenchStore();
  const theme = useWorkbench((s) => s.theme);
  useEffect(() => store.getState().start(), [store]);
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
  return (
    <div className="app">
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
        <div className="column">
          <Lessons />
          <Composer />
        </div>
        <div className="column">
          <Sockets />
          <DataPane />
        </div>
        <div className="column">
          <ErrorStack />
          <CallLog />
          <EarlierSessions />
        </div>
      </main>
    </div>
  );
}
