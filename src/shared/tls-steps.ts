// The step schemas of the connect and accept BIOs (BIO_s_connect(3), BIO_s_accept(3)) and of TLS
// through libssl, named by their C names. steps.ts spreads them among the socket calls; the
// pieces they share with those (names, addresses, options) are handed in, not imported back.
import { z } from 'zod';
import { BIO_BIND, BIO_FAMILY, DEMO_FILE, SSL_VERIFY, TLS_VERSION } from './tls-facts';
import { MAX_DATA_BYTES } from './call-facts';

interface SharedParts<Sock extends z.ZodType, Name extends z.ZodType, Addr extends z.ZodType, Opts extends z.ZodType, Timeout extends z.ZodType, Common extends z.ZodRawShape> {
  SockRef: Sock;
  SocketName: Name;
  Address: Addr;
  Options: Opts;
  timeoutMs: Timeout;
  common: Common;
}

const NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_-]{0,63}$/;
const ref = (what: string, madeBy: string) =>
  z.string({ error: `expected the name of a ${what} given by an earlier "as" on ${madeBy}` }).regex(NAME_PATTERN, `expected the name of a ${what} given by an earlier "as" on ${madeBy}`).describe(`a ${what} name given by an earlier "as" (${madeBy})`);
const BioRef = ref('BIO', 'BIO_new_connect, BIO_new_accept or BIO_pop');
const SslRef = ref('TLS connection (SSL object)', 'SSL_new');
const CtxRef = ref('TLS context', 'SSL_CTX_new');

/** A C string argument: one line of printable text. */
const cText = (what: string) =>
  z.string().min(1, `expected ${what}`).max(300, `expected ${what} of at most 300 characters`).regex(/^[^\0\r\n]+$/, `expected ${what} on one line, without NUL`).describe(what);
const Family = z.enum(Object.keys(BIO_FAMILY) as [keyof typeof BIO_FAMILY], { error: `expected ${Object.keys(BIO_FAMILY).join(', ')}` });
const OnOff = z.boolean({ error: 'expected true (1: nonblocking) or false (0: blocking)' });
const Version = z.enum(Object.keys(TLS_VERSION) as [keyof typeof TLS_VERSION], { error: `expected ${Object.keys(TLS_VERSION).join(', ')}` });
/** A certificate, key or CA file: "demo" for the demonstration pair shipped in resources/tls, else a path (the command line only). */
const PemFile = z
  .string()
  .min(1)
  .max(4096, 'expected a path of at most 4096 characters')
  .regex(/^[^\0\r\n]+$/, 'expected a path on one line')
  .describe(`"${DEMO_FILE}" (the demonstration pair shipped in resources/tls) or a PEM file's path`);
const AlpnName = z.string().min(1, 'expected a protocol name of 1 to 255 bytes').max(255, 'expected a protocol name of 1 to 255 bytes');
const SslData = z
  .string()
  .max(MAX_DATA_BYTES)
  .refine((t) => new TextEncoder().encode(t).length <= MAX_DATA_BYTES, `expected at most ${MAX_DATA_BYTES} bytes of UTF-8 text`)
  .describe('text to send');

export function bioTlsStepSchemas<S extends z.ZodType, N extends z.ZodType, A extends z.ZodType, O extends z.ZodType, T extends z.ZodType, C extends z.ZodRawShape>(p: SharedParts<S, N, A, O, T, C>) {
  const { SocketName, Address, Options, timeoutMs, common } = p;
  const onBio = <K extends string>(call: K) => z.strictObject({ call: z.literal(call), bio: BioRef, ...common });
  return {
    BIO_new_connect: z.strictObject({ call: z.literal('BIO_new_connect'), as: SocketName, addr: Address, ...common }),
    BIO_set_conn_hostname: z.strictObject({ call: z.literal('BIO_set_conn_hostname'), bio: BioRef, name: cText('a host name, or host:port'), ...common }),
    BIO_set_conn_port: z.strictObject({ call: z.literal('BIO_set_conn_port'), bio: BioRef, port: cText('a port number or service name'), ...common }),
    BIO_set_conn_address: z.strictObject({ call: z.literal('BIO_set_conn_address'), bio: BioRef, addr: Address, addrIndex: z.number().int().min(0).max(255).optional(), ...common }),
    BIO_set_conn_ip_family: z.strictObject({ call: z.literal('BIO_set_conn_ip_family'), bio: BioRef, family: Family, ...common }),
    BIO_set_conn_mode: z.strictObject({ call: z.literal('BIO_set_conn_mode'), bio: BioRef, options: Options, ...common }),
    BIO_set_nbio: z.strictObject({ call: z.literal('BIO_set_nbio'), bio: BioRef, on: OnOff, ...common }),
    BIO_do_connect: z.strictObject({ call: z.literal('BIO_do_connect'), bio: BioRef, timeoutMs, ...common }),
    BIO_do_connect_retry: z.strictObject({
      call: z.literal('BIO_do_connect_retry'),
      bio: BioRef,
      timeout: z.number().int().min(-1).max(3600).describe('seconds to keep retrying (0 or less: no limit)'),
      napMs: z.number().int().min(0).max(60_000).describe('milliseconds between retries of a nonblocking BIO (0: OpenSSL\'s default)').optional(),
      ...common,
    }),
    BIO_get_fd: onBio('BIO_get_fd'),
    BIO_free: onBio('BIO_free'),
    BIO_new_accept: z.strictObject({ call: z.literal('BIO_new_accept'), as: SocketName, addr: Address, ...common }),
    BIO_set_accept_name: z.strictObject({ call: z.literal('BIO_set_accept_name'), bio: BioRef, name: cText('a host:port to listen on'), ...common }),
    BIO_set_accept_port: z.strictObject({ call: z.literal('BIO_set_accept_port'), bio: BioRef, port: cText('a port number or service name'), ...common }),
    BIO_set_accept_ip_family: z.strictObject({ call: z.literal('BIO_set_accept_ip_family'), bio: BioRef, family: Family, ...common }),
    BIO_set_bind_mode: z.strictObject({ call: z.literal('BIO_set_bind_mode'), bio: BioRef, mode: z.enum(Object.keys(BIO_BIND) as [keyof typeof BIO_BIND], { error: `expected ${Object.keys(BIO_BIND).join(', ')}` }), ...common }),
    BIO_set_nbio_accept: z.strictObject({ call: z.literal('BIO_set_nbio_accept'), bio: BioRef, on: OnOff, ...common }),
    BIO_do_accept: z.strictObject({ call: z.literal('BIO_do_accept'), bio: BioRef, timeoutMs, ...common }),
    BIO_pop: z.strictObject({ call: z.literal('BIO_pop'), bio: BioRef, as: SocketName, ...common }),
    SSL_CTX_new: z
      .strictObject({
        call: z.literal('SSL_CTX_new'),
        as: SocketName,
        method: z.enum(['TLS_client_method', 'TLS_server_method'], { error: 'expected TLS_client_method or TLS_server_method' }),
        verify: z.enum(Object.keys(SSL_VERIFY) as [keyof typeof SSL_VERIFY], { error: 'expected SSL_VERIFY_NONE or SSL_VERIFY_PEER' }).optional(),
        caFile: PemFile.optional(),
        certFile: PemFile.optional(),
        keyFile: PemFile.optional(),
        minVersion: Version.optional(),
        maxVersion: Version.optional(),
        alpn: z.array(AlpnName).min(1).max(16).optional(),
        ...common,
      })
      .superRefine((raw, ctx) => {
        const s = raw as { method: string; certFile?: string; keyFile?: string };
        if ((s.certFile === undefined) !== (s.keyFile === undefined)) ctx.addIssue({ code: 'custom', path: [s.certFile === undefined ? 'certFile' : 'keyFile'], message: 'expected certFile and keyFile together' });
        if (s.method === 'TLS_server_method' && s.certFile === undefined) ctx.addIssue({ code: 'custom', path: ['certFile'], message: `a server context needs a certificate and key: certFile and keyFile ("${DEMO_FILE}" for the shipped demonstration pair)` });
      }),
    SSL_CTX_free: z.strictObject({ call: z.literal('SSL_CTX_free'), ctx: CtxRef, ...common }),
    SSL_new: z
      .strictObject({
        call: z.literal('SSL_new'),
        as: SocketName,
        ctx: CtxRef,
        sock: p.SockRef.describe('a socket name or fd (SSL_set_fd), or instead bio: a BIO name (SSL_set_bio)').optional(),
        bio: BioRef.optional(),
        host: cText('a host name to send as SNI and check the certificate against').optional(),
        ...common,
      })
      .superRefine((raw, ctx) => {
        const s = raw as { sock?: unknown; bio?: string };
        if ((s.sock === undefined) === (s.bio === undefined)) ctx.addIssue({ code: 'custom', path: ['sock'], message: 'expected exactly one of sock (a socket: SSL_set_fd) or bio (a BIO: SSL_set_bio)' });
      }),
    SSL_connect: z.strictObject({ call: z.literal('SSL_connect'), ssl: SslRef, timeoutMs, ...common }),
    SSL_accept: z.strictObject({ call: z.literal('SSL_accept'), ssl: SslRef, timeoutMs, ...common }),
    SSL_read: z.strictObject({ call: z.literal('SSL_read'), ssl: SslRef, max: z.number().int().min(1).max(MAX_DATA_BYTES).describe(`an integer from 1 to ${MAX_DATA_BYTES}`), timeoutMs, ...common }),
    SSL_write: z.strictObject({ call: z.literal('SSL_write'), ssl: SslRef, data: SslData, timeoutMs, ...common }),
    SSL_shutdown: z.strictObject({ call: z.literal('SSL_shutdown'), ssl: SslRef, ...common }),
    SSL_free: z.strictObject({ call: z.literal('SSL_free'), ssl: SslRef, ...common }),
  };
}
