// Hostile requests for the hosts' fuzz tests, generated from a seed so a failure reproduces. Each
// case carries the outcome the contract promises for it, so a test checks the answer, not just
// that an answer came: a schema error naming the mutated field (an unknown key is named itself), a refusal record, or a frame error.
import { MAX_FRAME_BYTES } from '../web/ws-port';
import { MAX_DATA_BYTES } from '../../shared/steps';
import type { FuzzCase, Outcome, Transport } from './fuzz-case';
import { Deep, TEMPLATES, UNKNOWN_CALLS, UNKNOWN_KEYS, UNKNOWN_METHODS, UNOWNED_NAMES, deepObject, wrongValues } from './hostile-values';

function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Seed from $BIO_FUZZ_SEED when given (to replay a failure), else a fresh one. */
export function fuzzSeed(env: NodeJS.ProcessEnv = process.env): number {
  const given = Number(env.BIO_FUZZ_SEED);
  return Number.isInteger(given) && given > 0 ? given >>> 0 : (Date.now() ^ (process.pid << 16)) >>> 0 || 1;
}

/** An object with an own enumerable `key` even when it is `__proto__` (a literal would set the prototype). */
function withKey(obj: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  const copy = { ...obj };
  Object.defineProperty(copy, key, { value, enumerable: true, configurable: true, writable: true });
  return copy;
}


function materialise(v: unknown, transport: Transport): unknown {
  if (v instanceof Deep) return v.value();
  if (Array.isArray(v)) return v.map((x) => materialise(x, transport));
  if (v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v)) Object.defineProperty(out, k, { value: materialise((v as Record<string, unknown>)[k], transport), enumerable: true, configurable: true, writable: true });
    return out;
  }
  return v;
}

function frameText(frame: Record<string, unknown>): string {
  const raws: string[] = [];
  const text = JSON.stringify(frame, (_k, v: unknown) => (v instanceof Deep ? `\u0001DEEP${raws.push(v.json()) - 1}\u0001` : v));
  return text.replace(/"\\u0001DEEP(\d+)\\u0001"/g, (_m, i: string) => raws[Number(i)]);
}

export interface GenerateOptions {
  seed: number;
  count: number;
  transport: Transport;
  /** fds the engine holds but did not create (its own pipes and IPC channel): each must be refused. */
  engineFds: number[];
  /** How many cases carry values just past the data limits (16-32 MB each); keep it small. */
  hugeDataCases?: number;
  /** WebSocket frames over MAX_FRAME_BYTES (each closes its connection); keep it small. */
  oversizedFrames?: number;
}

/** What every case maker draws on: the seeded choices, the cases so far, and how to add one. */
interface Kit {
  o: GenerateOptions;
  rnd: () => number;
  pick<T>(list: readonly T[]): T;
  int(lo: number, hi: number): number;
  foreignSock(): string | number;
  cases: FuzzCase[];
  takeId(): number;
  push(category: string, label: string, outcome: Outcome, method: string, input: unknown): void;
}

function makeKit(o: GenerateOptions): Kit {
  const rnd = prng(o.seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)];
  const foreignFds = [...new Set([0, 1, 2, ...o.engineFds, 99_999, -1, 2 ** 31 - 1, 65_535])];
  const cases: FuzzCase[] = [];
  let nextId = 1;
  const takeId = () => nextId++;
  return {
    o,
    rnd,
    pick,
    int: (lo, hi) => lo + Math.floor(rnd() * (hi - lo + 1)),
    foreignSock: () => (rnd() < 0.8 ? pick(foreignFds) : pick(UNOWNED_NAMES)),
    cases,
    takeId,
    push(category, label, outcome, method, input) {
      const n = cases.length;
      const id = takeId();
      if (o.transport === 'ipc') cases.push({ n, category, label, outcome, id, payload: { type: 'request', id, method, input: materialise(input, 'ipc') } });
      else cases.push({ n, category, label, outcome, frame: { id, text: frameText({ type: 'request', id, method, input }) } });
    },
  };
}

const field = (f: string, extra: { prefix?: boolean; mentions?: string } = {}): Outcome => ({ kind: 'field', field: f, ...extra });

/** A value in one short line for a case's label. */
function describe(v: unknown): string {
  if (typeof v === 'string') return v.length > 40 ? `string(${v.length})` : JSON.stringify(v);
  if (typeof v === 'bigint') return `${v}n`;
  if (typeof v === 'number') return String(v);
  if (v instanceof Map || v instanceof Date || ArrayBuffer.isView(v)) return (v as object).constructor.name;
  try {
    const s = JSON.stringify(v);
    return s === undefined ? String(v) : s.length > 40 ? `${Array.isArray(v) ? 'array' : 'object'}(${s.length} chars)` : s;
  } catch {
    return typeof v;
  }
}

/** Where the few huge values and oversized frames go: spread through the run. */
function specialPlaces(k: Kit): Map<number, string> {
  const special = new Map<number, string>();
  const hugeKinds = ['data', 'dataHex', 'dataHex', 'data'];
  const place = (what: string) => {
    for (let tries = 0; tries < 100; tries++) {
      const at = k.int(0, k.o.count - 1);
      if (!special.has(at)) return void special.set(at, what);
    }
  };
  for (let i = 0; i < (k.o.hugeDataCases ?? 4); i++) place(hugeKinds[i % hugeKinds.length]);
  if (k.o.transport === 'ws') for (let i = 0; i < (k.o.oversizedFrames ?? 2); i++) place('oversized');
  return special;
}

function specialCase(k: Kit, what: string): void {
  if (what === 'data') {
    k.push('huge-data', `BIO_write.data of ${MAX_DATA_BYTES + 1} chars`, field('step.data', { mentions: String(MAX_DATA_BYTES) }), 'call', { step: { call: 'BIO_write', sock: k.foreignSock(), data: 'A'.repeat(MAX_DATA_BYTES + 1) } });
  } else if (what === 'dataHex') {
    k.push('huge-data', `BIO_write.dataHex of ${MAX_DATA_BYTES * 2 + 2} hex digits`, field('step.dataHex', { mentions: String(MAX_DATA_BYTES) }), 'call', { step: { call: 'BIO_write', sock: k.foreignSock(), dataHex: '0a'.repeat(MAX_DATA_BYTES + 1) } });
  } else {
    k.cases.push({ n: k.cases.length, category: 'oversized-frame', label: `text frame of ${MAX_FRAME_BYTES + 1} bytes`, outcome: { kind: 'close', code: 1009 }, frame: { id: null, text: ' '.repeat(MAX_FRAME_BYTES + 1) } });
  }
}

/** One field of a valid step replaced by a value its schema refuses. */
function wrongType(k: Kit): void {
  const t = k.pick(TEMPLATES);
  const name = k.pick(Object.keys(t.fields));
  const bad = k.pick(wrongValues(t.fields[name], k.o.transport));
  const step = { ...t.base(k.foreignSock()), [name]: bad.value };
  const f = `step.${name}${bad.sub ? '.' + bad.sub : ''}`;
  k.push('wrong-type', `${t.call}.${name} = ${describe(bad.value)}`, field(f, { prefix: bad.prefix, mentions: bad.mentions }), 'call', { step });
}

function missingField(k: Kit): void {
  const t = k.pick(TEMPLATES.filter((x) => x.required.length > 0));
  const name = k.pick(t.required);
  const step = t.base(k.foreignSock());
  delete step[name];
  // BIO_write's "one of data or dataHex" is reported on data.
  k.push('missing-field', `${t.call} without ${name}`, field(`step.${name}`), 'call', { step });
}

function unknownKey(k: Kit): void {
  const t = k.pick(TEMPLATES);
  const key = k.pick(UNKNOWN_KEYS);
  k.push('unknown-key', `${t.call} with key ${key}`, field(`step.${key}`, { mentions: key }), 'call', { step: withKey(t.base(k.foreignSock()), key, k.pick([1, 'x', { polluted: true }, null])) });
}

function unknownCall(k: Kit): void {
  const call = k.pick(UNKNOWN_CALLS);
  k.push('unknown-call', `call ${describe(call)}`, field('step.call'), 'call', { step: { call, sock: k.foreignSock() } });
}

function unknownMethod(k: Kit): void {
  const method = k.pick(UNKNOWN_METHODS);
  k.push('unknown-method', `method ${describe(method)}`, field('method'), method, {});
}

/** Flags and enumerated options outside their tables. */
function unknownFlag(k: Kit): void {
  const t = k.pick(TEMPLATES.filter((x) => 'options' in x.fields));
  const bad = k.pick(wrongValues('options', k.o.transport));
  k.push('unknown-flag', `${t.call}.options = ${describe(bad.value)}`, field('step.options', { prefix: true }), 'call', { step: { ...t.base(k.foreignSock()), options: bad.value } });
}

/** The request's own shape: inputs that are not objects, or carry extra keys. */
function requestShape(k: Kit): void {
  const method = k.pick(['info', 'sockets', 'closeAll', 'session', 'call', 'log', 'cancel']);
  const v = k.pick<unknown>([null, [], 5, 'input', true, undefined]);
  if (k.rnd() < 0.5 && method !== 'call') {
    const key = k.pick(UNKNOWN_KEYS);
    const base = method === 'log' ? { offset: 0, limit: 1 } : method === 'cancel' ? { callId: 'x' } : {};
    k.push('request-shape', `${method} input with key ${key}`, field(key, { mentions: key }), method, withKey(base, key, 1));
  } else {
    k.push('request-shape', `${method} input = ${describe(v)}`, field('(request)'), method, v);
  }
}

/** The log window's and the call ids' own fields. */
function windowAndIds(k: Kit): void {
  const which = k.pick(['offset', 'limit', 'callId', 'callId-call', 'step']);
  if (which === 'offset' || which === 'limit') {
    const bad = k.pick(wrongValues(which, k.o.transport));
    k.push('log-window', `log.${which} = ${describe(bad.value)}`, field(which), 'log', { offset: 0, limit: 10, [which]: bad.value });
  } else if (which === 'callId') {
    const bad = k.pick(wrongValues('callId', k.o.transport));
    k.push('cancel', `cancel.callId = ${describe(bad.value)}`, field('callId'), 'cancel', { callId: bad.value });
  } else if (which === 'callId-call') {
    const bad = k.pick(wrongValues('callId', k.o.transport));
    k.push('call-id', `call.callId = ${describe(bad.value)}`, field('callId'), 'call', { step: { call: 'BIO_closesocket', sock: k.foreignSock() }, callId: bad.value });
  } else {
    k.push('request-shape', 'call without step', field('step'), 'call', {});
  }
}

/** Prototype-pollution keys where a merge would do harm: the input, the step, expect.applied. */
function protoKey(k: Kit): void {
  const where = k.pick(['input', 'step', 'expect']);
  const key = k.pick(['__proto__', 'constructor', 'prototype']);
  const poison = { polluted: true, toString: 'x' };
  if (where === 'input') k.push('proto-key', `input.${key}`, field(key, { mentions: key }), 'call', withKey({ step: { call: 'BIO_closesocket', sock: k.foreignSock() } }, key, poison));
  else if (where === 'step') k.push('proto-key', `step.${key}`, field(`step.${key}`, { mentions: key }), 'call', { step: withKey({ call: 'BIO_sock_error', sock: k.foreignSock() }, key, poison) });
  else k.push('proto-key', `expect.${key}`, field(`step.expect.${key}`, { mentions: key }), 'call', { step: { call: 'BIO_sock_error', sock: k.foreignSock(), expect: withKey({}, key, poison) } });
}

function deepNesting(k: Kit): void {
  const depth = k.int(1_000, 20_000);
  const array = k.rnd() < 0.5;
  const where = k.pick(['input', 'note', 'sock', 'options']);
  const deep = deepObject(depth, array);
  if (where === 'input') k.push('deep-nesting', `input nested ${depth} deep`, field(array ? '(request)' : 'a', { mentions: array ? undefined : 'a' }), 'info', deep);
  else k.push('deep-nesting', `step.${where} nested ${depth} deep`, field(`step.${where}`, { prefix: where === 'options' }), 'call', { step: { call: 'BIO_closesocket', sock: k.foreignSock(), ...(where === 'note' ? { note: deep } : where === 'sock' ? { sock: deep } : { call: 'BIO_bind', addr: '127.0.0.1:0', options: deep }) } });
}

/** Valid calls on fds the engine did not create (its own included) or names no one gave. */
function foreignFd(k: Kit): void {
  const t = k.pick(TEMPLATES.filter((x) => !x.mutateOnly));
  const sock = k.foreignSock();
  k.push('foreign-fd', `${t.call} on ${describe(sock)}`, { kind: 'refused' }, 'call', { step: t.base(sock) });
}

function validRequest(k: Kit): void {
  const method = k.pick(['info', 'sockets', 'session', 'log', 'cancel']);
  const input = method === 'log' ? { offset: k.int(0, 1_000_000), limit: k.int(1, 100) } : method === 'cancel' ? { callId: `nobody-${k.cases.length}` } : {};
  k.push('valid', method, { kind: 'ok' }, method, input);
}

/** A few real sockets, so the fd check after the storm has something to account for. */
function validSocket(k: Kit): void {
  k.push('valid-socket', 'BIO_socket', { kind: 'created' }, 'call', { step: { call: 'BIO_socket', as: `fz${k.cases.length}`, domain: k.pick(['AF_INET', 'AF_INET6', 'AF_UNIX']), socktype: k.pick(['SOCK_STREAM', 'SOCK_DGRAM']), options: k.pick([0, ['BIO_SOCK_NONBLOCK'], 0x7fff_ffc0]) } });
}

/** The IPC message around a request: a subframe's, not an object, or a bad id, type or method. */
function ipcEnvelope(k: Kit): void {
  const n = k.cases.length;
  const id = k.takeId();
  if (k.rnd() < 0.3) {
    // A valid request from a subframe: refused on the sender before the schema.
    k.cases.push({ n, category: 'sender', label: 'info from a subframe', outcome: field('sender', { mentions: 'subframe' }), id, payload: { type: 'request', id, method: 'info', input: {} }, subframe: true });
    return;
  }
  // What is not an object, or has no usable id, is answered with id null; the rest name their id.
  const [payload, f, answerId] = k.pick<[unknown, string, number | null]>([
    [null, 'frame', null],
    [undefined, 'frame', null],
    [5, 'frame', null],
    ['call', 'frame', null],
    [true, 'frame', null],
    [[], 'frame', null],
    [[{ type: 'request', id, method: 'info', input: {} }], 'frame', null],
    [{ input: {} }, 'id', null],
    [{ type: 'request', id: -1, method: 'info', input: {} }, 'id', null],
    [{ type: 'request', id: 1.5, method: 'info', input: {} }, 'id', null],
    [{ type: 'request', id: 10n, method: 'info', input: {} }, 'id', null],
    [withKey({}, '__proto__', { type: 'request', id, method: 'info', input: {} }), 'id', null],
    [{ type: 'Request', id, method: 'info', input: {} }, 'type', id],
    [{ type: 'response', id, ok: true, result: 1 }, 'type', id],
    [{ type: 'request', id, method: 5, input: {} }, 'method', id],
    [{ type: 'request', id, method: null }, 'method', id],
    [{ type: 'request', id, method: ['info'] }, 'method', id],
    [{ type: 'request', id, method: new Date(0) }, 'method', id],
  ]);
  k.cases.push({ n, category: 'envelope', label: `message ${describe(payload)}`, outcome: field(f), id: answerId, payload });
}

/** A frame that is not JSON: what a random printable line is, JSON or not, is said in its label. */
function notJsonFrame(k: Kit): { text: string; label: string } {
  const text = k.pick(['{not json', '', '{', '{"type":"request"', 'undefined', 'NaN', '\u0000', '{"type":"request","id":1,}', "{'type':'request'}", String.fromCharCode(...Array.from({ length: 64 }, () => k.int(32, 126)))]);
  // A random printable line can still be JSON (a bare number): then it is "not an object".
  let isJson = true;
  try {
    JSON.parse(text);
  } catch {
    isJson = false;
  }
  return { text, label: `frame ${describe(text)}${isJson ? ' (JSON, not an object)' : ''}` };
}

/** The WebSocket frame around a request: not JSON, not an object, bad id/type/method, binary. */
function wsEnvelope(k: Kit): void {
  const n = k.cases.length;
  const id = k.takeId();
  const kind = k.pick(['not-json', 'not-object', 'id', 'type', 'method', 'binary', 'deep-frame']);
  const frameField = (f: string, text: string, frameId: number | null, label: string) => k.cases.push({ n, category: 'envelope', label, outcome: field(f), frame: { id: frameId, text } });
  if (kind === 'not-json') {
    const { text, label } = notJsonFrame(k);
    frameField('frame', text, null, label);
  } else if (kind === 'not-object') {
    frameField('frame', k.pick(['null', '[]', '42', '"str"', 'true', '[{"type":"request","id":1,"method":"info","input":{}}]']), null, 'frame not an object');
  } else if (kind === 'deep-frame') {
    const d = k.int(1_000, 50_000);
    frameField('frame', '['.repeat(d) + ']'.repeat(d), null, `frame of arrays nested ${d} deep`);
  } else if (kind === 'id') {
    const bad = k.pick<unknown>([undefined, -1, 1.5, '1', null, 2 ** 53, 1e308, {}, []]);
    frameField('id', JSON.stringify({ type: 'request', id: bad, method: 'info', input: {} }), null, `id ${describe(bad)}`);
  } else if (kind === 'type') {
    const bad = k.pick<unknown>([undefined, 'Request', 'response', 'event', 5, null]);
    frameField('type', JSON.stringify({ type: bad, id, method: 'info', input: {} }), id, `type ${describe(bad)}`);
  } else if (kind === 'method') {
    const bad = k.pick<unknown>([undefined, 5, null, {}, ['info'], true]);
    frameField('method', JSON.stringify({ type: 'request', id, method: bad, input: {} }), id, `method ${describe(bad)}`);
  } else {
    const binary = k.rnd() < 0.5 ? Buffer.from(JSON.stringify({ type: 'request', id, method: 'info', input: {} })) : Buffer.from(Array.from({ length: k.int(1, 256) }, () => k.int(0, 255)));
    k.cases.push({ n, category: 'envelope', label: `binary frame of ${binary.length} bytes`, outcome: field('frame', { mentions: 'binary' }), frame: { id: null, binary } });
  }
}

/** Each kind of case and the share of the run it takes, as upper bounds of one draw in [0, 1). */
const CASE_KINDS: [number, (k: Kit) => void][] = [
  [0.3, wrongType],
  [0.4, missingField],
  [0.45, unknownKey],
  [0.5, unknownCall],
  [0.54, unknownMethod],
  [0.6, unknownFlag],
  [0.64, requestShape],
  [0.68, windowAndIds],
  [0.7, protoKey],
  [0.72, deepNesting],
  [0.92, foreignFd],
  [0.97, validRequest],
  [0.98, validSocket],
];

/** Generates `count` cases; the same options give the same cases. */
export function generateCases(o: GenerateOptions): FuzzCase[] {
  const k = makeKit(o);
  const special = specialPlaces(k);
  const envelope = o.transport === 'ipc' ? ipcEnvelope : wsEnvelope;
  while (k.cases.length < o.count) {
    const sp = special.get(k.cases.length);
    if (sp) {
      specialCase(k, sp);
      continue;
    }
    const r = k.rnd();
    (CASE_KINDS.find(([upTo]) => r < upTo)?.[1] ?? envelope)(k);
  }
  return k.cases;
}
