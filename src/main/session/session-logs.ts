// The session's own log (memory and disk) and the logs of earlier sessions under the same data
// directory, read back page by page.
import { statSync } from 'node:fs';
import { basename } from 'node:path';
import { RpcError } from '../../shared/rpc/error';
import type { LogSearchPage } from '../../shared/contract';
import type { SearchTerm } from '../../shared/log-search';
import type { CallRecord } from '../../shared/record';
import { scanLog } from './log-scan';
import { PreviousSessionLog, SessionLog, dataDirectory, listSessionLogPage, type SessionHost, type SessionLogInfo, type SessionLogPage } from '../session-log';

export interface SessionLogsOptions {
  /** The host's own data directory (Electron's userData); $BIO_WORKBENCH_DATA_DIR wins over it. */
  hostDataDir?: string;
  /** Keep the log in memory only (tests that must not write). */
  inMemory?: boolean;
  memoryEntries?: number;
  warn: (message: string) => void;
  /** The log stopped being written (a full or read-only disk): what pages are told. */
  onStopped?: (reason: string) => void;
  /** Which host writes this session's log (Earlier sessions says so). */
  host?: SessionHost;
}

/** Earlier sessions listed per page when a page does not say. */
const EARLIER_PAGE = 50;

/** Earlier logs opened lately, so paging through one does not re-index its file each time. */
const EARLIER_CACHE = 4;

export class SessionLogs {
  readonly log: SessionLog;
  /** Where this session's log and earlier sessions' logs live; null when kept in memory only. */
  readonly dataDir: string | null;
  private readonly earlierCache = new Map<string, PreviousSessionLog>();
  private readonly warn: (message: string) => void;

  constructor(opts: SessionLogsOptions) {
    this.warn = opts.warn;
    this.dataDir = opts.inMemory ? null : dataDirectory(opts.hostDataDir);
    // Records logged together (a group's, a burst's) go to disk in one write, in a microtask queued
    // before their answers and events are sent: a host killed after answering has them on disk.
    this.log = new SessionLog({ dir: this.dataDir, memoryEntries: opts.memoryEntries, warn: opts.warn, onStopped: opts.onStopped, host: opts.host, schedule: queueMicrotask });
  }

  /** A window onto this session's log (`log`). */
  read(offset: number, limit: number): { total: number; entries: CallRecord[] } {
    try {
      return this.log.read(offset, limit);
    } catch (e) {
      throw new RpcError('internal', 'offset', (e as Error).message);
    }
  }

  /** A page of earlier sessions' logs under the same data directory, newest first (this session's own left out). */
  earlier(before?: string, limit = EARLIER_PAGE): SessionLogPage {
    if (!this.dataDir) return { sessions: [], next: null, withoutCalls: 0 };
    const own = this.log.file ? basename(this.log.file, '.jsonl') : null;
    return listSessionLogPage(this.dataDir, { before, limit, except: own, warn: this.warn });
  }

  /** A window onto an earlier session's log (`openLog`). */
  readEarlier(id: string, offset: number, limit: number): { info: SessionLogInfo; total: number; entries: CallRecord[]; torn: boolean } {
    const log = this.earlierLog(id);
    try {
      return { info: log.info, ...log.read(offset, limit) };
    } catch (e) {
      throw new RpcError('invalid-request', 'id', (e as Error).message);
    }
  }

  /** Entries of this session's log, or an earlier one's, that match every term (`searchLog`). */
  search(terms: readonly SearchTerm[], session: string | undefined, before: number | undefined, limit: number): LogSearchPage {
    if (session === undefined) return scanLog((offset, n) => this.read(offset, n).entries, this.log.total, terms, before, limit);
    const log = this.earlierLog(session, 'session');
    return scanLog((offset, n) => log.read(offset, n).entries, log.total, terms, before, limit);
  }

  /** An earlier log, indexed once and kept while it is paged through; reindexed when the file grew. */
  private earlierLog(id: string, field = 'id'): PreviousSessionLog {
    if (!this.dataDir) throw new RpcError('invalid-request', field, `${field}: this session keeps no logs on disk`);
    let log = this.earlierCache.get(id);
    try {
      // Reindex when the file grew (a session still running in another host), else reuse.
      if (!log || statSync(log.file).size !== log.info.bytes) log = PreviousSessionLog.open(this.dataDir, id, this.warn);
    } catch (e) {
      throw new RpcError('invalid-request', field, (e as Error).message);
    }
    this.earlierCache.delete(id);
    this.earlierCache.set(id, log);
    while (this.earlierCache.size > EARLIER_CACHE) this.earlierCache.delete(this.earlierCache.keys().next().value!);
    return log;
  }

  close(): void {
    this.log.close();
  }
}
