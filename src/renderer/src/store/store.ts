// The page's state, one slice per concern, each with its actions beside its state: connection and
// events, sockets, BIOs and TLS objects, the live log, earlier sessions, this page's calls, composer, data pane, lessons, recording and editing them,
// compare, log search, log export, what was copied, theme, presentation mode, packet capture. It calls the contract's client and never knows which transport carries it.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { WorkbenchClient } from '../client';
import { createCallsSlice, type CallsSlice } from './calls';
import { createCaptureSlice, type CaptureSlice, type SaveBytes } from './capture';
import { createClipboardSlice, type ClipboardSlice, type WriteClipboard } from './clipboard';
import { createCompareSlice, type CompareSlice } from './compare';
import { createComposerSlice, type ComposerSlice } from './composer';
import { createConnectionSlice, type ConnectionSlice } from './connection';
import { createDataSlice, type DataSlice } from './data';
import { createLessonsSlice, type LessonsSlice } from './lessons';
import { createRecordingSlice, type RecordingSlice } from './lesson-recording';
import { createLessonEditorSlice, type LessonEditorSlice } from './lesson-editor';
import { createEarlierSlice, type EarlierSlice } from './earlier';
import { createEventBatch } from './event-batch';
import { createLiveLogSlice, type LiveLogSlice } from './live-log';
import { createLogExportSlice, type LogExportSlice, type SaveFile } from './log-export';
import { createLogSearchSlice, type LogSearchSlice } from './log-search';
import { createPresentationSlice, type PresentationSlice } from './presentation';
import { createRefusalSlice, type RefusalSlice } from './refusal';
import { SessionEvents } from './session-events';
import { createSocketsSlice, type SocketsSlice } from './sockets';
import { createThemeSlice, type Theme, type ThemeSlice } from './theme';
import { createTlsObjectsSlice, type TlsObjectsSlice } from './tls-objects';

export type WorkbenchState = ConnectionSlice &
  SocketsSlice &
  TlsObjectsSlice &
  LiveLogSlice &
  EarlierSlice &
  CallsSlice &
  RefusalSlice &
  ComposerSlice &
  DataSlice &
  LessonsSlice &
  RecordingSlice &
  LessonEditorSlice &
  CompareSlice &
  LogSearchSlice &
  LogExportSlice &
  ClipboardSlice &
  ThemeSlice &
  PresentationSlice &
  CaptureSlice;

export type WorkbenchStore = StoreApi<WorkbenchState>;

export interface StoreOptions {
  theme?: Theme;
  /** Persist the theme (localStorage in the page; absent in tests). */
  saveTheme?: (theme: Theme) => void;
  /** Milliseconds between event flushes; events arriving meanwhile render once. 0 applies each at once. */
  flushMs?: number;
  /** Milliseconds between socket refreshes; 0 never refreshes. */
  refreshMs?: number;
  /** Writes the system clipboard (navigator.clipboard in the page; absent in tests unless given). */
  writeClipboard?: WriteClipboard;
  /** Hands an exported file to the person (a download in the page; absent in tests unless given). */
  saveFile?: SaveFile;
  /** Hands a file of bytes (a saved capture) to the person. */
  saveBytes?: SaveBytes;
}

const SOCKET_REFRESH_MS = 1000;

export function createWorkbenchStore(client: WorkbenchClient, options: StoreOptions = {}): WorkbenchStore {
  const pageId = Math.random().toString(36).slice(2, 8);
  const saveFile = options.saveFile ?? (() => undefined);
  const store = createStore<WorkbenchState>()((set, get, api) => {
    const batch = createEventBatch(get, set, options.flushMs ?? 16);
    // Each slice takes the session's events that change it; the connection subscribes them.
    const events = new SessionEvents();
    const a = [set, get, api] as const;
    return {
      ...createConnectionSlice(client, batch, events, options.refreshMs ?? SOCKET_REFRESH_MS)(...a),
      ...createSocketsSlice(client, batch.apply, events)(...a),
      ...createTlsObjectsSlice(batch.apply, events)(...a),
      ...createLiveLogSlice(client, batch.apply, events)(...a),
      ...createEarlierSlice(client)(...a),
      ...createCallsSlice(client, pageId, batch.apply, events)(...a),
      ...createRefusalSlice(...a),
      ...createComposerSlice(...a),
      ...createDataSlice(batch.apply, events)(...a),
      ...createLessonsSlice(client, pageId)(...a),
      ...createRecordingSlice(saveFile)(...a),
      ...createLessonEditorSlice(saveFile)(...a),
      ...createCompareSlice(client)(...a),
      ...createLogSearchSlice(client)(...a),
      ...createLogExportSlice(client, saveFile)(...a),
      ...createClipboardSlice(options.writeClipboard ?? null)(...a),
      ...createThemeSlice(options.theme ?? 'light', options.saveTheme)(...a),
      ...createPresentationSlice()(...a),
      ...createCaptureSlice(client, batch.apply, events, options.saveBytes ?? (() => undefined))(...a),
    };
  });
  // Each call this page makes (composer, socket rows, data pane) reaches a recording lesson once.
  store.subscribe((s, prev) => {
    if (s.lastOwnRecord && s.lastOwnRecord !== prev.lastOwnRecord) s.recordOwnCall(s.lastOwnRecord);
  });
  return store;
}
