// A search box over a log the host keeps (the live call log or an earlier session's): matches
// newest first, each one selecting its entry; the host looks a bounded stretch further back on
// each "More matches".
import { useState, type FormEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { queryHints, SEARCH_SYNTAX } from '../../../shared/log-search';
import { listedCalls } from '../../../shared/steps';
import { useWorkbench } from '../store/context';
import type { LogSearch as LogSearchState } from '../store/log-search';
import { RefusalNote } from './Banners';

export interface LogSearchProps {
  where: 'live' | 'earlier';
  /** The earlier session searched, or null for the live log. */
  session: string | null;
  /** The search box's accessible name. */
  label: string;
  onSelect: (position: number) => void;
}

function statusText(s: LogSearchState): string {
  if (s.searching && s.scanned === 0) return `Searching for ${s.query}…`;
  const found = `${s.matches.length.toLocaleString('en')} ${s.matches.length === 1 ? 'match' : 'matches'}`;
  if (s.next === null) return `${found} in the whole log (${s.total.toLocaleString('en')} entries).`;
  return `${found} in the newest ${s.scanned.toLocaleString('en')} of ${s.total.toLocaleString('en')} entries${s.searching ? '; looking further back…' : '; older entries not searched yet.'}`;
}

export function LogSearch({ where, session, label, onSelect }: LogSearchProps) {
  const { search, searchLog, moreMatches, clearSearch } = useWorkbench(
    useShallow((s) => ({ search: s.searches[where], searchLog: s.searchLog, moreMatches: s.moreMatches, clearSearch: s.clearSearch })),
  );
  const [query, setQuery] = useState(search?.query ?? '');
  const helpId = `${where}-search-help`;
  const names = where === 'live' ? { form: 'Call log search', status: 'Search status', results: 'Search results' } : { form: 'Earlier session search', status: 'Earlier search status', results: 'Earlier search results' };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (query.trim()) void searchLog(where, query.trim(), session);
    else clearSearch(where);
  };
  // An errno or call name nothing can have: said with the search, with the name likely meant.
  const hints = search ? queryHints(search.query, listedCalls()) : [];
  const searchFor = (corrected: string) => {
    setQuery(corrected);
    void searchLog(where, corrected, session);
  };
  return (
    <div className="log-search">
      <form role="search" aria-label={names.form} onSubmit={submit}>
        <input type="search" aria-label={label} placeholder={label} aria-describedby={helpId} value={query} onChange={(e) => setQuery(e.target.value)} spellCheck={false} />
        <button type="submit">Search</button>
      </form>
      <p id={helpId} className="hint-inline muted">
        {SEARCH_SYNTAX}
      </p>
      {search ? (
        <>
          <p role="status" aria-label={names.status}>
            {statusText(search)}
            {hints.map((h) => ` ${h.text}`).join('')}
          </p>
          {hints
            .filter((h) => h.query !== search.query)
            .map((h) => (
              <button key={h.query} type="button" className="link" onClick={() => searchFor(h.query)}>
                Search {h.query}
              </button>
            ))}
          {search.error ? <RefusalNote refusal={search.error} label="Search refused" /> : null}
          {search.matches.length ? (
            <ul className="search-results" aria-label={names.results}>
              {search.matches.map(({ position, record }) => (
                <li key={position}>
                  <button type="button" className="link" onClick={() => onSelect(position)}>
                    #{position} {record.c} = {record.refused ? 'refused' : (record.ret ?? 'null')}
                    {record.errno ? ` ${record.errno.name}` : ''}
                  </button>
                </li>
              ))}
            </ul>
          ) : null}
          {search.next !== null && !search.searching ? (
            <button type="button" onClick={() => void moreMatches(where)}>
              More matches
            </button>
          ) : null}
        </>
      ) : null}
    </div>
  );
}
