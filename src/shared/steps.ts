// The calls a person, a scenario or a test can ask the engine to make, declared once with
// runtime schemas. The window, the web host, the CLI and the engine all validate with these.
import { z } from 'zod';
import { FLAG_NAMES, MAX_OPTIONS } from './flags';
import { parseAddress } from './address';
import { closestName } from './closest-name';
import { DEFAULT_CHUNK, GETHOSTNAME_NOTE, MAX_CHUNK, MAX_DATA_BYTES } from './call-facts';
import { bioTlsStepSchemas } from './tls-steps';

export { DEFAULT_CHUNK, DEPRECATED_CALLS, MAX_DATA_BYTES } from './call-facts';

// An enum (not a refinement) so the JSON Schema lists the names for editors.
const flagName = z.enum(FLAG_NAMES as unknown as [string, ...string[]], {
  error: `expected a BIO_SOCK_* flag name (${FLAG_NAMES.join(', ')})`,
});

/** `options`: an integer 0..2^31-1 or a list of full C flag names. */
const Options = z
  .union([z.number().int().min(0).max(MAX_OPTIONS), z.array(flagName).max(32)], {
    error: (iss) => {
      const input = iss.input;
      if (Array.isArray(input)) {
        const unknown = input.filter((n) => !(FLAG_NAMES as readonly unknown[]).includes(n));
        // Describe without serialising: hostile input may nest thousands deep.
        const first = typeof unknown[0] === 'string' ? JSON.stringify(unknown[0].slice(0, 64)) : `a ${Array.isArray(unknown[0]) ? 'list' : typeof unknown[0]}`;
        const guess = typeof unknown[0] === 'string' ? closestName(unknown[0], FLAG_NAMES) : null;
        if (unknown.length) return `unknown flag name ${first}; ${guess ? `did you mean ${guess}? ` : ''}expected BIO_SOCK_* names (${FLAG_NAMES.join(', ')})`;
        if (input.length > 32) return 'expected at most 32 flag names';
      }
      return `expected an integer from 0 to ${MAX_OPTIONS} or a list of BIO_SOCK_* names`;
    },
  })
  .describe(`an integer from 0 to ${MAX_OPTIONS} or a list of BIO_SOCK_* names`)
  .optional();

/** A socket: a name given by an earlier `as`, or a raw fd number. */
const SockRef = z
  .union([z.string().regex(/^[A-Za-z_][A-Za-z0-9_-]{0,63}$/, 'expected a socket name (letters, digits, _ or -, starting with a letter) or an fd number'), z.number().int().min(-1).max(2 ** 31 - 1)], {
    error: 'expected a socket name given by an earlier "as", or an fd number',
  })
  .describe('a socket name given by an earlier "as", or an fd number');

const SocketName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_-]{0,63}$/, 'expected a name of letters, digits, _ or -, starting with a letter')
  .describe('a name of letters, digits, _ or -, starting with a letter');

/** `host:service`, `[v6]:service` or `unix:/path`; `{name.port}` may stand for a bound port. */
const ADDRESS_PATTERN = /^(unix:.{1,107}|\[[0-9A-Fa-f:.%a-zA-Z]*\]:[^:\s]+|[^:\s\[\]]*:[^:\s]+)$/;
const MAX_PORT = 65535;
/** A numeric service is a port: glibc would cut 99999 to 16 bits (34463) and connect there. */
function portOutOfRange(addr: string): string | null {
  if (addr.startsWith('unix:')) return null;
  const { service } = parseAddress(addr);
  return service !== null && /^\d+$/.test(service) && Number(service) > MAX_PORT ? service : null;
}
const Address = z
  .string()
  .max(300)
  .regex(ADDRESS_PATTERN, 'expected host:service, [v6addr]:service or unix:/path')
  .superRefine((addr, ctx) => {
    const port = portOutOfRange(addr);
    if (port !== null) ctx.addIssue({ code: 'custom', message: `expected a port from 0 to ${MAX_PORT} (or a service name), got ${port.slice(0, 20)}` });
  })
  .describe('host:service, [v6addr]:service or unix:/path');

const timeoutMs = z.number().int().min(0).max(3_600_000).optional();

/** A loop's byte count ("bytes"): up to 2^53 - 1, so it stays exact as a JSON number. */
const BulkBytes = z
  .number()
  .int(`expected a whole number of bytes, at most ${Number.MAX_SAFE_INTEGER} (2^53 - 1)`)
  .min(1, 'expected a positive whole number of bytes')
  .max(Number.MAX_SAFE_INTEGER, `expected at most ${Number.MAX_SAFE_INTEGER} bytes (2^53 - 1)`)
  .describe('a positive whole number of bytes (at most 2^53 - 1)');
const Chunk = z
  .number()
  .int()
  .min(1, `expected a chunk of 1 to ${MAX_CHUNK} bytes`)
  .max(MAX_CHUNK, `expected a chunk of 1 to ${MAX_CHUNK} bytes`)
  .describe(`bytes per call, 1 to ${MAX_CHUNK} (default ${DEFAULT_CHUNK})`);
/** A file whose bytes a write loop sends: only where the scenario is the person's own (the CLI), never a page's. */
const FileSource = z
  .string()
  .min(1)
  .max(4096, 'expected a path of at most 4096 characters')
  .regex(/^[^\0\r\n]+$/, 'expected a path on one line')
  .describe('a file to send (absolute, or relative to the directory the run started in)');

const Domain = z.enum(['AF_INET', 'AF_INET6', 'AF_UNIX']);
const SockType = z.enum(['SOCK_STREAM', 'SOCK_DGRAM']);
const Protocol = z.enum(['0', 'IPPROTO_TCP', 'IPPROTO_UDP']).or(z.literal(0)).describe('0, IPPROTO_TCP or IPPROTO_UDP');

export const Expect = z.strictObject({
  ret: z.union([z.number().int(), z.null(), z.literal('fd')]).optional(),
  errno: z.string().regex(/^E[A-Z0-9]+$/, 'expected an errno name such as ECONNREFUSED').nullable().optional(),
  errorQueue: z.array(z.string().min(1)).optional(),
  errorQueueEmpty: z.boolean().optional(),
  applied: z.record(z.string(), z.union([z.boolean(), z.number()])).optional(),
  state: z.string().optional(),
  data: z.string().optional(),
  /** A loop's byte count (the record's bulk.bytes). */
  bytes: z.number().int().min(0).optional(),
  sha256: z.string().regex(/^[0-9A-Fa-f]{64}$/, 'expected 64 hex digits (a SHA-256)').optional(),
  cancelled: z.boolean().optional(),
  refused: z.boolean().optional(),
  /** SSL_get_error's result by name (SSL_ERROR_WANT_READ), for the TLS calls. */
  sslError: z.string().regex(/^SSL_ERROR_[A-Z0-9_]+$/, 'expected an SSL_get_error name such as SSL_ERROR_WANT_READ').optional(),
  /** SSL_get_verify_result's number (0 is X509_V_OK, 18 a self-signed certificate...). */
  verifyResult: z.number().int().min(0).optional(),
});
export type Expect = z.infer<typeof Expect>;

/** One answer a lesson offers for what a step returns: judged against the real record, never declared right. */
export const PredictionChoice = z.strictObject({
  ret: z.union([z.number().int(), z.null(), z.literal('fd')], { error: 'expected a return value: an integer, null, or "fd" for any fd >= 0' }),
  /** An errno name, null for "errno not set"; absent: any errno. */
  errno: z.string().regex(/^E[A-Z0-9]+$/, 'expected an errno name such as ECONNREFUSED').nullable().optional(),
  label: z.string().min(1).max(200).optional(),
});
export type PredictionChoice = z.infer<typeof PredictionChoice>;

/** A question asked before a lesson's step runs; what the step really returns decides which choice held. */
export const Prediction = z.strictObject({
  question: z.string().min(1).max(500).optional(),
  choices: z.array(PredictionChoice).min(2, 'expected 2 to 5 choices').max(5, 'expected 2 to 5 choices'),
  /** Shown once the step ran, beside the truth. */
  explanation: z.string().min(1).max(2000),
});
export type Prediction = z.infer<typeof Prediction>;

/** What a lesson adds to a step: the caption read out in class, a prediction, a bar in the chart of measured durations. */
const lessonFields = {
  caption: z.string().min(1).max(1000).optional(),
  prediction: Prediction.optional(),
  measure: z.string().min(1).max(60).optional(),
};

/**
 * Consecutive steps with the same `group` run back to back in the engine, with no round trip to
 * the window or the command line between them: timing a lesson shows (Nagle's stall) survives.
 */
export const GroupName = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'expected a group name of 1 to 64 letters, digits, _ or -')
  .describe('consecutive steps with the same group name run back to back in the engine');

const common = {
  expect: Expect.optional(),
  background: z.boolean().optional(),
  note: z.string().max(2000).optional(),
  group: GroupName.optional(),
  ...lessonFields,
};


const addrFields = {
  addr: Address,
  addrIndex: z.number().int().min(0).max(255).optional(),
};

export const StepSchemas = {
  BIO_socket: z.strictObject({
    call: z.literal('BIO_socket'),
    as: SocketName.optional(),
    domain: Domain,
    socktype: SockType,
    protocol: Protocol.optional(),
    options: Options,
    ...common,
  }),
  BIO_bind: z.strictObject({ call: z.literal('BIO_bind'), sock: SockRef, ...addrFields, options: Options, ...common }),
  BIO_connect: z.strictObject({
    call: z.literal('BIO_connect'),
    sock: SockRef,
    ...addrFields,
    options: Options,
    timeoutMs,
    ...common,
  }),
  BIO_listen: z.strictObject({ call: z.literal('BIO_listen'), sock: SockRef, ...addrFields, options: Options, ...common }),
  BIO_accept_ex: z.strictObject({
    call: z.literal('BIO_accept_ex'),
    sock: SockRef,
    as: SocketName.optional(),
    options: Options,
    timeoutMs,
    ...common,
  }),
  BIO_closesocket: z.strictObject({ call: z.literal('BIO_closesocket'), sock: SockRef, ...common }),
  BIO_sock_error: z.strictObject({ call: z.literal('BIO_sock_error'), sock: SockRef, ...common }),
  BIO_write: z
    .strictObject({
      call: z.literal('BIO_write'),
      sock: SockRef,
      // The limit is on bytes as sent (UTF-8), not on UTF-16 characters.
      data: z
        .string()
        .max(MAX_DATA_BYTES)
        .refine((t) => new TextEncoder().encode(t).length <= MAX_DATA_BYTES, `expected at most ${MAX_DATA_BYTES} bytes of UTF-8 text`)
        .describe('text (or dataHex: hex digits, or file: a path to send)')
        .optional(),
      // Checked without a backtracking regex: a nested quantifier overflows the stack on 32 MB of input.
      dataHex: z
        .string()
        .max(MAX_DATA_BYTES * 3)
        .refine((h) => /^[0-9A-Fa-f\s]*$/.test(h) && h.replace(/\s+/g, '').length % 2 === 0, 'expected pairs of hex digits')
        .refine((h) => h.replace(/\s+/g, '').length <= MAX_DATA_BYTES * 2, `expected at most ${MAX_DATA_BYTES} bytes`)
        .optional(),
      file: FileSource.optional(),
      bytes: BulkBytes.optional(),
      chunk: Chunk.optional(),
      timeoutMs,
      ...common,
    })
    .superRefine((s, ctx) => {
      const sources = [s.data, s.dataHex, s.file].filter((x) => x !== undefined).length;
      if (sources !== 1) return void ctx.addIssue({ code: 'custom', path: ['data'], message: 'expected exactly one of data (text), dataHex or file' });
      const bulk = s.bytes !== undefined || s.file !== undefined;
      if (s.chunk !== undefined && !bulk) ctx.addIssue({ code: 'custom', path: ['chunk'], message: 'chunk sizes a write loop: give bytes (or file) with it' });
      if (s.bytes !== undefined && (s.data === '' || (s.dataHex !== undefined && s.dataHex.replace(/\s+/g, '') === ''))) {
        ctx.addIssue({ code: 'custom', path: [s.data !== undefined ? 'data' : 'dataHex'], message: 'expected at least one byte to repeat for bytes' });
      }
    }),
  BIO_read: z
    .strictObject({
      call: z.literal('BIO_read'),
      sock: SockRef,
      max: z
        .number()
        .int()
        .min(1)
        .max(MAX_DATA_BYTES)
        .describe(`an integer from 1 to ${MAX_DATA_BYTES} for one BIO_read (or bytes, or until: "eof", for a loop)`)
        .optional(),
      bytes: BulkBytes.optional(),
      until: z.literal('eof', { error: 'expected "eof" (read until the peer closes)' }).optional(),
      chunk: Chunk.optional(),
      timeoutMs,
      ...common,
    })
    .superRefine((s, ctx) => {
      const modes = [s.max, s.bytes, s.until].filter((x) => x !== undefined).length;
      if (modes !== 1) return void ctx.addIssue({ code: 'custom', path: ['max'], message: `expected exactly one of max (one BIO_read of at most ${MAX_DATA_BYTES} bytes), bytes or until: "eof" (a read loop)` });
      if (s.chunk !== undefined && s.max !== undefined) ctx.addIssue({ code: 'custom', path: ['chunk'], message: 'chunk sizes a read loop: give bytes or until: "eof" with it, not max' });
    }),
  wait: z.strictObject({
    call: z.literal('wait'),
    sock: SockRef,
    for: z.enum(['readable', 'writable']),
    timeoutMs: z.number().int().min(0).max(3_600_000),
    ...common,
  }),
  BIO_lookup_ex: z.strictObject({
    call: z.literal('BIO_lookup_ex'),
    addr: Address,
    lookupType: z.enum(['BIO_LOOKUP_CLIENT', 'BIO_LOOKUP_SERVER']).optional(),
    family: z.enum(['AF_UNSPEC', 'AF_INET', 'AF_INET6', 'AF_UNIX']).optional(),
    socktype: SockType.optional(),
    ...common,
  }),
  // Deprecated since OpenSSL 1.1.0 (the manual's HISTORY); still exported by libcrypto 3.x.
  BIO_get_accept_socket: z.strictObject({
    call: z.literal('BIO_get_accept_socket'),
    hostPort: z.string().min(1).max(300),
    mode: z.enum(['BIO_BIND_NORMAL', 'BIO_BIND_REUSEADDR']).optional(),
    as: SocketName.optional(),
    ...common,
  }),
  BIO_accept: z.strictObject({ call: z.literal('BIO_accept'), sock: SockRef, as: SocketName.optional(), timeoutMs, ...common }),
  BIO_get_port: z.strictObject({ call: z.literal('BIO_get_port'), service: z.string().min(1).max(300), ...common }),
  BIO_get_host_ip: z.strictObject({ call: z.literal('BIO_get_host_ip'), host: z.string().min(1).max(300), ...common }),
  BIO_gethostbyname: z.strictObject({ call: z.literal('BIO_gethostbyname'), host: z.string().min(1).max(300), ...common }),
  // Connect and accept BIOs, and TLS through libssl (tls-steps.ts).
  ...bioTlsStepSchemas({ SockRef, SocketName, Address, Options, timeoutMs, common }),
  // Plain libc listen(2) with a chosen backlog: BIO_listen always asks for a large one, and a
  // backlog of 0 is how a loopback scenario makes a connect really block (Linux then holds the SYN).
  listen: z.strictObject({ call: z.literal('listen'), sock: SockRef, backlog: z.number().int().min(0).max(65535), ...common }),
  // Plain libc shutdown(2): a half-close (SHUT_WR) is how a peer says "no more data" and stays open.
  shutdown: z.strictObject({ call: z.literal('shutdown'), sock: SockRef, how: z.enum(['SHUT_RD', 'SHUT_WR', 'SHUT_RDWR']), ...common }),
  // Test-only: dereferences NULL in native code to prove a crash costs a restart, not the host.
  // Refused unless the engine was started with BIO_WORKBENCH_TEST_CRASH=1.
  __crash: z.strictObject({ call: z.literal('__crash'), ...common }),
  // Scenario control: wait for or cancel a step started with "background": true.
  // `group` is accepted here only so the check can say why scenario control cannot be in one.
  await: z.strictObject({ call: z.literal('await'), step: z.number().int().min(0), expect: Expect.optional(), note: common.note, group: common.group, ...lessonFields }),
  cancel: z.strictObject({ call: z.literal('cancel'), step: z.number().int().min(0), expect: Expect.optional(), note: common.note, group: common.group, ...lessonFields }),
} as const;

export type CallName = keyof typeof StepSchemas;
const CALL_NAMES = Object.keys(StepSchemas) as CallName[];

/** The test-only crash hook is listed (in messages, the JSON Schema, suggestions) only where its variable is set. */
export function listedCalls(): CallName[] {
  // src/shared also runs in the page, where there is no process.
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  return env?.BIO_WORKBENCH_TEST_CRASH === '1' ? CALL_NAMES : CALL_NAMES.filter((c) => c !== '__crash');
}

/** What a step with no call, or an unknown one, is told: the calls, and the likeliest one meant. */
function unknownCallMessage(input: unknown): string {
  const call = typeof input === 'object' && input !== null && Object.prototype.hasOwnProperty.call(input, 'call') ? (input as { call: unknown }).call : undefined;
  if (call === 'BIO_gethostname') return GETHOSTNAME_NOTE;
  const calls = listedCalls();
  if (call === undefined) return `missing; expected one of ${calls.join(', ')}`;
  if (typeof call !== 'string') return `expected one of ${calls.join(', ')}, got ${call === null ? 'null' : `a ${typeof call}`}`;
  const guess = closestName(call, calls);
  return `unknown call ${JSON.stringify(call.slice(0, 64))}; ${guess ? `did you mean ${guess}? ` : ''}expected one of ${calls.join(', ')}`;
}

type StepSchema = (typeof StepSchemas)[CallName];
const stepUnion = (calls: readonly CallName[]) =>
  z.discriminatedUnion('call', calls.map((c) => StepSchemas[c]) as [StepSchema, ...StepSchema[]], {
    error: (iss) => (iss.code === 'invalid_union' ? unknownCallMessage(iss.input) : undefined),
  });

export const Step = stepUnion(CALL_NAMES);
export type Step = { [K in CallName]: z.infer<(typeof StepSchemas)[K]> }[CallName];
export type StepOf<K extends CallName> = z.infer<(typeof StepSchemas)[K]>;

const scenarioOf = <S extends z.ZodType>(step: S) =>
  z.strictObject({
    title: z.string().max(300).optional(),
    description: z.string().max(10_000).optional(),
    /** What the lesson needs of the loaded libcrypto; where it is missing the steps still run, and the window says why they show nothing. */
    needs: z.array(z.enum(['TFO'])).max(1).optional(),
    steps: z.array(step).min(1).max(100_000).describe('the calls to make, in order'),
  });
export const Scenario = scenarioOf(Step);
export type Scenario = z.infer<typeof Scenario>;

/** The scenario format's JSON Schema for editors: the listed calls only. */
export function scenarioJsonSchema(): unknown {
  return z.toJSONSchema(scenarioOf(stepUnion(listedCalls())), { unrepresentable: 'any' });
}
