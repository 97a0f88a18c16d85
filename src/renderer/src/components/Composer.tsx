// Compose one call: pick the C function, fill its fields, tick BIO_SOCK_* flags (with the
// manual's meaning, folded until asked for, and whether this call honours them), watch the C
// expression, run it with Enter, Ctrl+Enter or the Run button, which stays in view.
import { useId, useMemo, useState, type KeyboardEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useWorkbench } from '../store/context';
import { retNote } from '../store/log-index';
import {
  candidateInUse,
  COMPOSER_CALLS,
  composerWarnings,
  DEPRECATED_COMPOSER_CALLS,
  fieldsOf,
  findSocket,
  flagViews,
  optionsValue,
  socketLabel,
  type ComposerFields,
} from '../store/composer-model';
import { previewNotes, previewParts } from '../store/composer-defaults';
import { optionsExpression } from '../../../shared/flags';
import type { SocketSnapshot } from '../../../shared/record';
import { SelectField, TextField } from './composer-fields';
import { BioTlsCalls, BioTlsSettings, BioTlsTargets } from './ComposerBioTls';
import { isBioTlsComposerCall, madeObjectField } from '../store/composer-bio-tls';
import { bioTlsResultParts } from '../store/bio-tls-result';

const OBJECT_WORD = { bio: 'BIO', ssl: 'TLS connection', ctx: 'TLS context' } as const;

export const ADDRESS_FIELD_ID = 'composer-address';
/** The shortcut that runs the call from anywhere in the composer, as aria-keyshortcuts spells it. */
export const RUN_SHORTCUT = 'Control+Enter';
/** The socket field suggests this many of the newest sockets: ten thousand options would slow every keystroke. */
const SUGGESTED_SOCKETS = 200;

function hex(n: number): string {
  return `0x${n.toString(16).padStart(2, '0')}`;
}

type CallSet = 'socket' | 'bioTls';
const setOf = (call: ComposerFields['call']): CallSet => (isBioTlsComposerCall(call) ? 'bioTls' : 'socket');

/** The socket calls (and the deprecated ones) or the BIO and TLS calls: one set at a time, the chosen call's unless the other is asked for. */
function CallPicker({ call, choose }: { call: ComposerFields['call']; choose: (c: ComposerFields['call']) => void }) {
  // The set asked for holds while the call stays the one it was asked for under.
  const [asked, setAsked] = useState<{ set: CallSet; forCall: ComposerFields['call'] } | null>(null);
  const shown = asked && asked.forCall === call ? asked.set : setOf(call);
  return (
    <div className="call-picker">
      <div role="group" aria-label="Call sets" className="call-sets">
        {(['socket', 'bioTls'] as const).map((set) => (
          <button key={set} type="button" className="call-set" aria-pressed={shown === set} onClick={() => setAsked({ set, forCall: call })}>
            {set === 'socket' ? 'Socket calls' : 'BIO and TLS calls'}
          </button>
        ))}
      </div>
      {shown === 'bioTls' ? (
        <BioTlsCalls call={call} choose={choose} />
      ) : (
        <>
          <div role="group" aria-label="Call" className="call-buttons">
            {COMPOSER_CALLS.map((c) => (
              <button key={c} type="button" className="call-button" aria-pressed={call === c} onClick={() => choose(c)}>
                {c}
              </button>
            ))}
          </div>
          <div role="group" aria-label="Deprecated calls" className="call-buttons deprecated">
            {DEPRECATED_COMPOSER_CALLS.map((c) => (
              <button key={c} type="button" className="call-button" aria-pressed={call === c} onClick={() => choose(c)} title="Deprecated since OpenSSL 1.1.0">
                {c} <span className="tag">deprecated</span>
              </button>
            ))}
          </div>
        </>
      )}
    </div>
  );
}

function FlagBoxes() {
  const { call, flags, info, toggleFlag } = useWorkbench(
    useShallow((s) => ({ call: s.composer.call, flags: s.composer.flags, info: s.info, toggleFlag: s.toggleFlag })),
  );
  const baseId = useId();
  // The manual's text for each flag is long: folded, it stays the checkbox's description.
  const [notesShown, setNotesShown] = useState(false);
  return (
    <fieldset className="flags">
      <legend>Options (BIO_SOCK_* flags)</legend>
      <button type="button" className="link flag-notes-toggle" aria-expanded={notesShown} onClick={() => setNotesShown(!notesShown)}>
        {notesShown ? 'Hide flag notes' : 'Show flag notes'}
      </button>
      <ul>
        {flagViews(call, info).map(({ flag, honoured, disabledReason }) => {
          const id = `${baseId}-${flag.name}`;
          const checked = flags.includes(flag.name);
          return (
            <li key={flag.name} className={honoured ? 'honoured' : 'ignored'}>
              <input
                type="checkbox"
                id={id}
                checked={checked && !disabledReason}
                disabled={disabledReason !== null}
                aria-describedby={`${id}-bit ${id}-honour ${id}-meaning${disabledReason ? ` ${id}-why` : ''}`}
                onChange={(e) => toggleFlag(flag.name, e.target.checked)}
              />
              <label htmlFor={id}>
                <code>{flag.name}</code>
              </label>
              <span id={`${id}-bit`} className="bit">
                bit {hex(flag.bit)}
              </span>
              <span id={`${id}-honour`} className="honour">
                {honoured ? `honoured by ${call}` : `ignored by ${call}${flag.honouredBy.length ? ` (honoured by ${flag.honouredBy.join(', ')})` : ''}`}
              </span>
              <span id={`${id}-meaning`} className="meaning" hidden={!notesShown}>
                {flag.meaning}
              </span>
              {disabledReason ? (
                <span id={`${id}-why`} className="disabled-reason">
                  Disabled: {disabledReason}
                </span>
              ) : null}
            </li>
          );
        })}
      </ul>
    </fieldset>
  );
}

function AddressCandidates() {
  const { candidates, candidatesFor, composer, sockets, setComposer } = useWorkbench(
    useShallow((s) => ({ candidates: s.candidates, candidatesFor: s.candidatesFor, composer: s.composer, sockets: s.sockets, setComposer: s.setComposer })),
  );
  const name = useId();
  if (!candidates) return null;
  const family = composer.call === 'BIO_lookup_ex' ? undefined : findSocket(sockets, composer.sock)?.family;
  const used = candidateInUse(candidates, composer.addrIndex, family);
  return (
    <fieldset className="candidates">
      <legend>Lookup candidates for {candidatesFor}</legend>
      {candidates.length === 0 ? <p>BIO_lookup_ex found no address.</p> : null}
      {candidates.map((c, i) => (
        <div key={`${c.family}-${c.address}-${i}`} className={i === used ? 'candidate used' : 'candidate'}>
          <input type="radio" name={name} id={`${name}-${i}`} checked={i === used} onChange={() => setComposer({ addrIndex: i })} />
          <label htmlFor={`${name}-${i}`}>
            #{i} {c.address} <span className="muted">{c.family}</span>
          </label>
          {i === used ? <span className="will-use"> will be used</span> : null}
        </div>
      ))}
      {candidates.length > 0 && used < 0 ? <p className="warn">No candidate matches the socket's family; pick one to pass it as C would.</p> : null}
      {composer.addrIndex !== null ? (
        <button type="button" className="link" onClick={() => setComposer({ addrIndex: null })}>
          Let the engine pick (first of the socket's family)
        </button>
      ) : null}
    </fieldset>
  );
}

/** Suggestions for the socket field: the newest sockets, recomputed only when the list changes. */
function SocketSuggestions({ id, sockets }: { id: string; sockets: readonly SocketSnapshot[] }) {
  const options = useMemo(
    () =>
      sockets.slice(-SUGGESTED_SOCKETS).map((s) => (
        <option key={s.fd} value={socketLabel(s)}>{`fd ${s.fd}, ${s.role}`}</option>
      )),
    [sockets],
  );
  return <datalist id={id}>{options}</datalist>;
}

function Preview({ fields }: { fields: ComposerFields }) {
  const value = optionsValue(fields);
  const notes = previewNotes(fields);
  return (
    <div className="preview">
      <div>
        <span className="preview-label">C</span>
        <output aria-label="C expression" className="c-expression">
          {previewParts(fields).map((p, i) => (p.placeholder ? <em key={i} className="placeholder">{p.text}</em> : p.text))}
        </output>
      </div>
      {fieldsOf(fields.call, fields.over).has('flags') ? (
        <div>
          <span className="preview-label">options</span>
          <output aria-label="Options value" className="options-value">
            {optionsExpression(value)} = {`0x${value.toString(16)}`} = {value}
          </output>
        </div>
      ) : null}
      {notes.length ? (
        <ul className="preview-notes" aria-label="Not set yet">
          {notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** The composer's warnings, the Run button, and what this page's last call returned. */
function RunBar({ warnings }: { warnings: string[] }) {
  const { lastOwnRecord, ownPending } = useWorkbench(useShallow((s) => ({ lastOwnRecord: s.lastOwnRecord, ownPending: s.ownPending })));
  const hintId = useId();
  return (
    <div className="run-bar">
      {warnings.length ? (
        <ul className="warnings" aria-label="Warnings">
          {warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      ) : null}
      <div className="run-row">
        <button type="submit" className="primary" aria-keyshortcuts={RUN_SHORTCUT} aria-describedby={hintId} title="Run the call (Enter in a field, Ctrl+Enter anywhere here)">
          Run
        </button>
        <span id={hintId} className="run-hint">
          Enter in a field runs it; <kbd>Ctrl</kbd>+<kbd>Enter</kbd> anywhere here
        </span>
        {ownPending > 0 ? <span className="muted">{ownPending} call(s) of this page running</span> : null}
        {lastOwnRecord ? (
          <output aria-label="Last result" className="last-result">
            {lastOwnRecord.c} → {lastOwnRecord.refused ? `refused: ${lastOwnRecord.refused}` : `ret ${lastOwnRecord.ret ?? 'null'}`}
            {lastOwnRecord.errno ? ` (${lastOwnRecord.errno.name})` : ''}
            {retNote(lastOwnRecord)}
            {lastOwnRecord.cancelled ? ` cancelled: ${lastOwnRecord.cancelled}` : ''}
            {bioTlsResultParts(lastOwnRecord).map((p) => `; ${p}`)}
          </output>
        ) : null}
      </div>
    </div>
  );
}

export function Composer() {
  const { composer, sockets, info, setComposer, chooseCall, runComposer, lookup } = useWorkbench(
    useShallow((s) => ({
      composer: s.composer,
      sockets: s.sockets,
      info: s.info,
      setComposer: s.setComposer,
      chooseCall: s.chooseCall,
      runComposer: s.runComposer,
      lookup: s.lookup,
    })),
  );
  const listId = useId();
  const fields = fieldsOf(composer.call, composer.over);
  const bioTls = isBioTlsComposerCall(composer.call);
  const has = (k: keyof ComposerFields) => fields.has(k);
  const set = <K extends keyof ComposerFields>(k: K) => (v: ComposerFields[K]) => setComposer({ [k]: v } as Partial<ComposerFields>);
  const warnings = composerWarnings(composer, info, sockets);
  const runFromAnywhere = (e: KeyboardEvent) => {
    if (e.key !== 'Enter' || !(e.ctrlKey || e.metaKey)) return;
    e.preventDefault();
    void runComposer();
  };

  return (
    <section className="panel composer" aria-labelledby="composer-title" onKeyDown={runFromAnywhere}>
      <h2 id="composer-title">Composer</h2>
      {/* The picker sits inside the form so the Run bar, sticky within it, shows from the composer's top down. */}
      <form
        className="fields"
        onSubmit={(e) => {
          e.preventDefault();
          void runComposer();
        }}
      >
        <CallPicker call={composer.call} choose={(call) => chooseCall(call)} />
        <SocketSuggestions id={listId} sockets={sockets} />
        {has('sock') ? <TextField label="Socket" value={composer.sock} onChange={set('sock')} list={listId} placeholder="name or fd" /> : null}
        <BioTlsTargets />
        {has('as') ? <TextField label="Name (as)" value={composer.as} onChange={set('as')} placeholder="auto" hint={`The name later calls use for the new ${bioTls ? OBJECT_WORD[madeObjectField(composer.call) ?? 'bio'] : 'socket'}.`} /> : null}
        {has('domain') ? <SelectField label="Domain" value={composer.domain} options={['AF_INET', 'AF_INET6', 'AF_UNIX'] as const} onChange={set('domain')} /> : null}
        {has('socktype') ? <SelectField label="Type" value={composer.socktype} options={['SOCK_STREAM', 'SOCK_DGRAM'] as const} onChange={set('socktype')} /> : null}
        {has('protocol') ? <SelectField label="Protocol" value={composer.protocol} options={['0', 'IPPROTO_TCP', 'IPPROTO_UDP'] as const} onChange={set('protocol')} /> : null}
        {has('addr') ? (
          <div className="address-row">
            <TextField label="Address" id={ADDRESS_FIELD_ID} value={composer.addr} onChange={set('addr')} placeholder="host:service, [v6]:service or unix:/path" />
            {!bioTls || composer.call === 'BIO_set_conn_address' ? (
              <button type="button" onClick={() => void lookup()}>
                Look up candidates
              </button>
            ) : null}
          </div>
        ) : null}
        {has('addr') && (!bioTls || composer.call === 'BIO_set_conn_address') ? <AddressCandidates /> : null}
        {has('lookupType') ? <SelectField label="Lookup type" value={composer.lookupType} options={['BIO_LOOKUP_CLIENT', 'BIO_LOOKUP_SERVER'] as const} onChange={set('lookupType')} /> : null}
        {has('family') ? <SelectField label="Family" value={composer.family} options={['AF_UNSPEC', 'AF_INET', 'AF_INET6', 'AF_UNIX'] as const} onChange={set('family')} /> : null}
        {has('data') ? <TextField label="Data" value={composer.data} onChange={set('data')} /> : null}
        {has('max') ? <TextField label="Max bytes" value={composer.max} onChange={set('max')} inputMode="numeric" /> : null}
        {has('timeoutMs') ? <TextField label="Timeout (ms)" value={composer.timeoutMs} onChange={set('timeoutMs')} inputMode="numeric" placeholder="none: wait until cancelled" /> : null}
        {has('hostPort') ? <TextField label="host:port" value={composer.hostPort} onChange={set('hostPort')} /> : null}
        {has('mode') ? <SelectField label="Mode" value={composer.mode} options={['BIO_BIND_NORMAL', 'BIO_BIND_REUSEADDR'] as const} onChange={set('mode')} /> : null}
        {has('service') ? <TextField label="Service" value={composer.service} onChange={set('service')} /> : null}
        {has('host') ? <TextField label="Host" value={composer.host} onChange={set('host')} hint={bioTls ? 'Sent as SNI and checked against the certificate (SSL_set1_host); empty: neither' : undefined} /> : null}
        <BioTlsSettings />
        {has('flags') ? <FlagBoxes /> : null}

        <Preview fields={composer} />
        <RunBar warnings={warnings} />
      </form>
    </section>
  );
}
