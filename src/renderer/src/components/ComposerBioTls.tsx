// The composer's connect/accept BIO and TLS section: the calls, shown in place of the socket calls
// when "BIO and TLS calls" is pressed, and the fields they take (the BIO, TLS connection or context a call
// acts on; a context's method, verify mode, files, versions and ALPN; a BIO's names and modes).
import { useId } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useWorkbench } from '../store/context';
import { fieldsOf, type ComposerCall, type ComposerFields } from '../store/composer-model';
import { BIND_MODES, IP_FAMILIES, isBioTlsComposerCall, TLS_COMPOSER_CALLS, TLS_VERSIONS, withMethod } from '../store/composer-bio-tls';
import { ACCEPT_BIO_CALLS, CONNECT_BIO_CALLS } from '../../../shared/tls-facts';
import { SelectField, TextField } from './composer-fields';

const GROUPS = [
  ['Connect BIO calls', CONNECT_BIO_CALLS],
  ['Accept BIO calls', ACCEPT_BIO_CALLS],
  ['TLS calls', TLS_COMPOSER_CALLS],
] as const;

/** The BIO and TLS calls' buttons, in three groups. */
export function BioTlsCalls({ call, choose }: { call: ComposerCall; choose: (c: ComposerCall) => void }) {
  return (
    <div className="bio-tls-calls">
      {GROUPS.map(([label, calls]) => (
        <div key={label} role="group" aria-label={label} className="call-buttons">
          {calls.map((c) => (
            <button key={c} type="button" className="call-button" aria-pressed={call === c} onClick={() => choose(c)}>
              {c}
            </button>
          ))}
        </div>
      ))}
    </div>
  );
}

/** Suggestions for a field naming an object: the session's BIOs, TLS connections or contexts. */
function NameSuggestions({ id, names }: { id: string; names: readonly string[] }) {
  return (
    <datalist id={id}>
      {names.map((n) => (
        <option key={n} value={n} />
      ))}
    </datalist>
  );
}

/** What the call acts on: a BIO, a TLS connection or a context, and what SSL_new runs over. */
export function BioTlsTargets() {
  const { composer, objects, setComposer } = useWorkbench(useShallow((s) => ({ composer: s.composer, objects: s.tlsObjects, setComposer: s.setComposer })));
  const ids = { bio: useId(), ssl: useId(), ctx: useId() };
  if (!isBioTlsComposerCall(composer.call)) return null;
  const has = fieldsOf(composer.call, composer.over);
  return (
    <>
      <NameSuggestions id={ids.bio} names={objects.bios.map((b) => b.name)} />
      <NameSuggestions id={ids.ssl} names={objects.ssls.map((b) => b.name)} />
      <NameSuggestions id={ids.ctx} names={objects.ctxs.map((b) => b.name)} />
      {has.has('ctx') ? <TextField label="TLS context (ctx)" value={composer.ctx} onChange={(ctx) => setComposer({ ctx })} list={ids.ctx} placeholder="made by SSL_CTX_new" /> : null}
      {has.has('over') ? (
        <SelectField
          label="Over"
          value={composer.over}
          options={['sock', 'bio'] as const}
          labels={{ sock: 'a socket (SSL_set_fd)', bio: 'a BIO (SSL_set_bio: the SSL object then owns it)' }}
          onChange={(over) => setComposer({ over })}
        />
      ) : null}
      {has.has('bio') ? <TextField label="BIO" value={composer.bio} onChange={(bio) => setComposer({ bio })} list={ids.bio} placeholder="made by BIO_new_connect, BIO_new_accept or BIO_pop" /> : null}
      {has.has('ssl') ? <TextField label="TLS connection (ssl)" value={composer.ssl} onChange={(ssl) => setComposer({ ssl })} list={ids.ssl} placeholder="made by SSL_new" /> : null}
    </>
  );
}

/** A BIO's names, family, modes and nonblocking switch. */
function BioSettings({ f, set }: { f: ComposerFields; set: (p: Partial<ComposerFields>) => void }) {
  const has = fieldsOf(f.call, f.over);
  const onId = useId();
  return (
    <>
      {has.has('bioName') ? <TextField label="Name (host or host:port)" value={f.bioName} onChange={(bioName) => set({ bioName })} /> : null}
      {has.has('port') ? <TextField label="Port" value={f.port} onChange={(port) => set({ port })} placeholder="a number or a service name" /> : null}
      {has.has('ipFamily') ? <SelectField label="Family" value={f.ipFamily} options={IP_FAMILIES} onChange={(ipFamily) => set({ ipFamily })} /> : null}
      {has.has('bindMode') ? <SelectField label="Mode" value={f.bindMode} options={BIND_MODES} onChange={(bindMode) => set({ bindMode })} /> : null}
      {has.has('on') ? (
        <div className="field checkbox-field">
          <input type="checkbox" id={onId} checked={f.on} onChange={(e) => set({ on: e.target.checked })} />
          <label htmlFor={onId}>Nonblocking (on)</label>
        </div>
      ) : null}
      {has.has('retryTimeout') ? <TextField label="Timeout (s)" value={f.retryTimeout} onChange={(retryTimeout) => set({ retryTimeout })} inputMode="numeric" hint="0 or less: keep retrying" /> : null}
      {has.has('napMs') ? <TextField label="Nap (ms)" value={f.napMs} onChange={(napMs) => set({ napMs })} inputMode="numeric" placeholder="OpenSSL's default" /> : null}
    </>
  );
}

const DEMO_HINT = 'demo: the demonstration pair shipped with the workbench (a page may name only demo)';

/** A TLS context's method, verify mode, files, versions and ALPN. */
function ContextSettings({ f, set }: { f: ComposerFields; set: (p: Partial<ComposerFields>) => void }) {
  if (f.call !== 'SSL_CTX_new') return null;
  return (
    <>
      <SelectField label="Method" value={f.method} options={['TLS_client_method', 'TLS_server_method'] as const} onChange={(m) => set(withMethod(f, m))} />
      <SelectField label="Verify" value={f.verify} options={['', 'SSL_VERIFY_NONE', 'SSL_VERIFY_PEER'] as const} labels={{ '': '(not set: SSL_VERIFY_NONE)' }} onChange={(verify) => set({ verify })} />
      <TextField label="CA file" value={f.caFile} onChange={(caFile) => set({ caFile })} placeholder="none" hint={DEMO_HINT} />
      <TextField label="Certificate file" value={f.certFile} onChange={(certFile) => set({ certFile })} placeholder="none (a server needs one)" />
      <TextField label="Key file" value={f.keyFile} onChange={(keyFile) => set({ keyFile })} placeholder="none (a server needs one)" />
      <SelectField label="Minimum version" value={f.minVersion} options={TLS_VERSIONS} labels={{ '': '(library default)' }} onChange={(minVersion) => set({ minVersion })} />
      <SelectField label="Maximum version" value={f.maxVersion} options={TLS_VERSIONS} labels={{ '': '(library default)' }} onChange={(maxVersion) => set({ maxVersion })} />
      <TextField label="ALPN" value={f.alpn} onChange={(alpn) => set({ alpn })} placeholder="h2, http/1.1" hint="Protocol names, comma-separated" />
    </>
  );
}

/** The BIO and TLS calls' own settings, after the fields they share with the socket calls. */
export function BioTlsSettings() {
  const { composer, setComposer } = useWorkbench(useShallow((s) => ({ composer: s.composer, setComposer: s.setComposer })));
  if (!isBioTlsComposerCall(composer.call)) return null;
  return (
    <>
      <BioSettings f={composer} set={setComposer} />
      <ContextSettings f={composer} set={setComposer} />
    </>
  );
}
