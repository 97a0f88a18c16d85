// The native calls, declared like the manual's SYNOPSIS, grouped by library, each typed for
// TypeScript beside it. libcrypto is loaded once per process with deep binding, and libssl of the
// same build likewise on first use: without RTLD_DEEPBIND their calls into OpenSSL's own error
// functions land in node's statically linked OpenSSL, and the error queue read back would be
// node's, not the one the call filled (seen for libssl too: a failed verification left it empty).
import koffi, { type LibraryHandle } from 'koffi';
import { DEFAULT_LIBCRYPTO, LIBC, type PollFd, type Timeval } from './platform/linux';

/** A C pointer as koffi gives it: its address as a BigInt. NULL comes back as null. */
export type Pointer = bigint;

/** An `_Out_` parameter: koffi writes the value into element 0. */
type Out<T> = [T];

/**
 * A socklen_t in and out (a 4-byte buffer, read back with readUInt32LE): passed as a plain
 * pointer it costs half what an `_Inout_` array does, and the kernel's view reads many of them.
 */
export function socklen(value: number): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32LE(value, 0);
  return len;
}

interface Libcrypto {
  OpenSSL_version(type: number): string | null;
  OpenSSL_version_num(): number | bigint;

  BIO_socket(domain: number, socktype: number, protocol: number, options: number): number;
  BIO_bind(sock: number, addr: Pointer, options: number): number;
  BIO_connect(sock: number, addr: Pointer, options: number): number;
  BIO_listen(sock: number, addr: Pointer, options: number): number;
  BIO_accept_ex(acceptSock: number, peer: Pointer | null, options: number): number;
  BIO_closesocket(sock: number): number;
  BIO_sock_error(sock: number): number;

  BIO_lookup_ex(host: string | null, service: string | null, lookupType: number, family: number, socktype: number, protocol: number, res: Out<Pointer | null>): number;
  BIO_ADDRINFO_next(bai: Pointer): Pointer | null;
  BIO_ADDRINFO_address(bai: Pointer): Pointer;
  BIO_ADDRINFO_free(bai: Pointer): void;
  BIO_ADDR_new(): Pointer | null;
  BIO_ADDR_free(ap: Pointer): void;
  BIO_ADDR_family(ap: Pointer): number;
  BIO_ADDR_rawaddress(ap: Pointer, p: Buffer, l: Out<number>): number;
  /** The port in host byte order (koffi swaps the network-order short). */
  BIO_ADDR_rawport(ap: Pointer): number;
  /** `port` in host byte order (koffi swaps it to the network order C expects). */
  BIO_ADDR_rawmake(ap: Pointer, family: number, where: Buffer, wherelen: number, port: number): number;

  BIO_new_socket(sock: number, closeFlag: number): Pointer;
  BIO_free(a: Pointer): number;
  BIO_write(b: Pointer, data: Buffer, dlen: number): number;
  BIO_read(b: Pointer, data: Buffer, dlen: number): number;
  BIO_test_flags(b: Pointer, flags: number): number;

  // Connect and accept BIOs (BIO_s_connect(3), BIO_s_accept(3)); their macros are BIO_ctrl calls.
  BIO_new_connect(hostPort: string | null): Pointer | null;
  BIO_new_accept(hostPort: string | null): Pointer | null;
  /** BIO_ctrl with a C string (or NULL) as parg: BIO_set_conn_hostname, BIO_set_accept_name... */
  BIO_ctrl_str(b: Pointer, cmd: number, larg: number, parg: string | null): number | bigint;
  /** BIO_ctrl with a pointer, a buffer or NULL as parg: BIO_do_connect, BIO_get_fd, BIO_set_conn_address... */
  BIO_ctrl(b: Pointer, cmd: number, larg: number, parg: Pointer | Buffer | null): number | bigint;
  BIO_int_ctrl(b: Pointer, cmd: number, larg: number, iarg: number): number | bigint;
  BIO_pop(b: Pointer): Pointer | null;
  BIO_do_connect_retry(b: Pointer, timeout: number, napMs: number): number;
  BIO_free_all(b: Pointer): void;
  BIO_next(b: Pointer): Pointer | null;
  BIO_method_type(b: Pointer): number;
  BIO_get_retry_reason(b: Pointer): number;
  X509_verify_cert_error_string(n: number): string | null;
  X509_get_subject_name(x: Pointer): Pointer | null;
  X509_get_issuer_name(x: Pointer): Pointer | null;
  /** The name as one line; koffi frees the C string with OPENSSL_free. */
  X509_NAME_oneline(name: Pointer, buf: null, size: number): string | null;
  X509_free(x: Pointer): void;

  ERR_clear_error(): void;
  ERR_peek_error(): number;
  ERR_get_error_all(file: Out<string | null>, line: Out<number>, func: Out<string | null>, data: Out<string | null>, flags: Out<number>): number;
  ERR_error_string_n(e: number, buf: Buffer, len: number): void;
  ERR_lib_error_string(e: number): string | null;
  ERR_reason_error_string(e: number): string | null;
  CRYPTO_free(ptr: Pointer | null, file: string | null, line: number): void;

  // Deprecated in OpenSSL 1.1.0 (the manual's HISTORY), still exported by 3.x.
  BIO_get_accept_socket(hostPort: Buffer, mode: number): number;
  /** `ipPort` receives the "host:port" text; koffi frees the C string with OPENSSL_free. */
  BIO_accept(sock: number, ipPort: Out<string | null>): number;
  BIO_get_port(str: string, port: Out<number>): number;
  BIO_get_host_ip(str: string, ip: Buffer): number;
  /** A pointer to libc's static struct hostent (never freed), or null. */
  BIO_gethostbyname(name: string): Pointer | null;
}

/** libssl of the same OpenSSL build as libcrypto (SSL_CTX_new(3), SSL_connect(3), ...). */
export interface Libssl {
  TLS_client_method(): Pointer;
  TLS_server_method(): Pointer;
  SSL_CTX_new(method: Pointer): Pointer | null;
  SSL_CTX_free(ctx: Pointer): void;
  SSL_CTX_set_verify(ctx: Pointer, mode: number, cb: null): void;
  SSL_CTX_load_verify_locations(ctx: Pointer, caFile: string | null, caPath: string | null): number;
  SSL_CTX_use_certificate_chain_file(ctx: Pointer, file: string): number;
  SSL_CTX_use_PrivateKey_file(ctx: Pointer, file: string, type: number): number;
  SSL_CTX_check_private_key(ctx: Pointer): number;
  SSL_CTX_ctrl(ctx: Pointer, cmd: number, larg: number, parg: null): number | bigint;
  /** 0 on success (unlike most of libssl). */
  SSL_CTX_set_alpn_protos(ctx: Pointer, protos: Buffer, len: number): number;
  SSL_new(ctx: Pointer): Pointer | null;
  SSL_free(ssl: Pointer): void;
  SSL_set_fd(ssl: Pointer, fd: number): number;
  SSL_set_bio(ssl: Pointer, rbio: Pointer, wbio: Pointer): void;
  SSL_ctrl_str(ssl: Pointer, cmd: number, larg: number, parg: string): number | bigint;
  SSL_set1_host(ssl: Pointer, host: string): number;
  SSL_connect(ssl: Pointer): number;
  SSL_accept(ssl: Pointer): number;
  SSL_read(ssl: Pointer, buf: Buffer, num: number): number;
  SSL_write(ssl: Pointer, buf: Buffer, num: number): number;
  SSL_shutdown(ssl: Pointer): number;
  SSL_get_error(ssl: Pointer, ret: number): number;
  SSL_get_verify_result(ssl: Pointer): number | bigint;
  SSL_get_version(ssl: Pointer): string | null;
  SSL_get_current_cipher(ssl: Pointer): Pointer | null;
  SSL_CIPHER_get_name(cipher: Pointer): string | null;
  SSL_get0_alpn_selected(ssl: Pointer, data: Out<Pointer | null>, len: Out<number>): void;
  SSL_get1_peer_certificate(ssl: Pointer): Pointer | null;
  SSL_is_init_finished(ssl: Pointer): number;
  SSL_state_string_long(ssl: Pointer): string | null;
  /** SSL_ctrl with NULL parg: SSL_get_negotiated_group is SSL_ctrl(s, SSL_CTRL_GET_NEGOTIATED_GROUP, 0, NULL). */
  SSL_ctrl(ssl: Pointer, cmd: number, larg: number, parg: null): number | bigint;
  SSL_group_to_name(ssl: Pointer, id: number): string | null;
}

interface Libc {
  /** For options whose value is an int: `optval` and `optlen` are 4-byte buffers the caller reuses. */
  getsockoptInt(fd: number, level: number, optname: number, optval: Buffer, optlen: Buffer): number;
  /** For options whose value is a struct, decoded from `optval` afterwards. */
  getsockopt(fd: number, level: number, optname: number, optval: Buffer, optlen: Buffer): number;
  setsockoptTimeval(fd: number, level: number, optname: number, optval: Timeval, optlen: number): number;
  getsockname(fd: number, addr: Buffer, len: Buffer): number;
  getpeername(fd: number, addr: Buffer, len: Buffer): number;
  fcntl(fd: number, cmd: number): number;
  fcntl(fd: number, cmd: number, argType: 'int', arg: number): number;
  /** koffi writes each entry's revents back into the objects passed. */
  poll(fds: PollFd | PollFd[], nfds: number, timeout: number): number;
  /** poll(2) on struct pollfd laid out in a buffer the caller keeps: no marshalling, for a loop's every call. */
  pollBuffer(fds: Buffer, nfds: number, timeout: number): number;
  shutdown(fd: number, how: number): number;
  listen(fd: number, backlog: number): number;
  pipe2(fds: Int32Array, flags: number): number;
  write(fd: number, buf: Buffer, count: number): number;
  read(fd: number, buf: Buffer, count: number): number;
  close(fd: number): number;
  strerror(errnum: number): string | null;
  strlen(s: Pointer): number;
  strerrorname_np(errnum: number): string | null;
}

function declareLibcrypto(lib: LibraryHandle): Libcrypto {
  koffi.opaque('BIO_ADDR');
  koffi.opaque('BIO_ADDRINFO');
  koffi.opaque('BIO');
  koffi.opaque('X509');
  koffi.opaque('X509_NAME');
  const CRYPTO_free = lib.func('void CRYPTO_free(void *ptr, const char *file, int line)');
  // A string libcrypto allocated: converted to JS, then given back with OPENSSL_free.
  koffi.disposable('OPENSSL_string', 'str', (ptr: Pointer | null) => {
    if (ptr !== null) CRYPTO_free(ptr, null, 0);
  });
  return {
    OpenSSL_version: lib.func('const char *OpenSSL_version(int type)'),
    OpenSSL_version_num: lib.func('unsigned long OpenSSL_version_num(void)'),

    BIO_socket: lib.func('int BIO_socket(int domain, int socktype, int protocol, int options)'),
    BIO_bind: lib.func('int BIO_bind(int sock, const BIO_ADDR *addr, int options)'),
    BIO_connect: lib.func('int BIO_connect(int sock, const BIO_ADDR *addr, int options)'),
    BIO_listen: lib.func('int BIO_listen(int sock, const BIO_ADDR *addr, int options)'),
    BIO_accept_ex: lib.func('int BIO_accept_ex(int accept_sock, BIO_ADDR *peer, int options)'),
    BIO_closesocket: lib.func('int BIO_closesocket(int sock)'),
    BIO_sock_error: lib.func('int BIO_sock_error(int sock)'),

    BIO_lookup_ex: lib.func('int BIO_lookup_ex(const char *host, const char *service, int lookup_type, int family, int socktype, int protocol, _Out_ BIO_ADDRINFO **res)'),
    BIO_ADDRINFO_next: lib.func('const BIO_ADDRINFO *BIO_ADDRINFO_next(const BIO_ADDRINFO *bai)'),
    BIO_ADDRINFO_address: lib.func('const BIO_ADDR *BIO_ADDRINFO_address(const BIO_ADDRINFO *bai)'),
    BIO_ADDRINFO_free: lib.func('void BIO_ADDRINFO_free(BIO_ADDRINFO *bai)'),
    BIO_ADDR_new: lib.func('BIO_ADDR *BIO_ADDR_new(void)'),
    BIO_ADDR_free: lib.func('void BIO_ADDR_free(BIO_ADDR *ap)'),
    BIO_ADDR_family: lib.func('int BIO_ADDR_family(const BIO_ADDR *ap)'),
    BIO_ADDR_rawaddress: lib.func('int BIO_ADDR_rawaddress(const BIO_ADDR *ap, void *p, _Inout_ size_t *l)'),
    BIO_ADDR_rawport: lib.func('uint16_be_t BIO_ADDR_rawport(const BIO_ADDR *ap)'),
    BIO_ADDR_rawmake: lib.func('int BIO_ADDR_rawmake(BIO_ADDR *ap, int family, const void *where, size_t wherelen, uint16_be_t port)'),

    BIO_new_socket: lib.func('BIO *BIO_new_socket(int sock, int close_flag)'),
    BIO_free: lib.func('int BIO_free(BIO *a)'),
    BIO_write: lib.func('int BIO_write(BIO *b, const void *data, int dlen)'),
    BIO_read: lib.func('int BIO_read(BIO *b, void *data, int dlen)'),
    BIO_test_flags: lib.func('int BIO_test_flags(const BIO *b, int flags)'),

    BIO_new_connect: lib.func('BIO *BIO_new_connect(const char *host_port)'),
    BIO_new_accept: lib.func('BIO *BIO_new_accept(const char *host_port)'),
    BIO_ctrl_str: lib.func('long BIO_ctrl(BIO *bp, int cmd, long larg, const char *parg)'),
    BIO_ctrl: lib.func('long BIO_ctrl(BIO *bp, int cmd, long larg, void *parg)'),
    BIO_int_ctrl: lib.func('long BIO_int_ctrl(BIO *bp, int cmd, long larg, int iarg)'),
    BIO_pop: lib.func('BIO *BIO_pop(BIO *b)'),
    BIO_do_connect_retry: lib.func('int BIO_do_connect_retry(BIO *bio, int timeout, int nap_milliseconds)'),
    BIO_free_all: lib.func('void BIO_free_all(BIO *a)'),
    BIO_next: lib.func('BIO *BIO_next(BIO *b)'),
    BIO_method_type: lib.func('int BIO_method_type(const BIO *b)'),
    BIO_get_retry_reason: lib.func('int BIO_get_retry_reason(BIO *bio)'),
    X509_verify_cert_error_string: lib.func('const char *X509_verify_cert_error_string(long n)'),
    X509_get_subject_name: lib.func('X509_NAME *X509_get_subject_name(const X509 *x)'),
    X509_get_issuer_name: lib.func('X509_NAME *X509_get_issuer_name(const X509 *x)'),
    X509_NAME_oneline: lib.func('OPENSSL_string X509_NAME_oneline(const X509_NAME *a, char *buf, int size)'),
    X509_free: lib.func('void X509_free(X509 *a)'),

    ERR_clear_error: lib.func('void ERR_clear_error(void)'),
    ERR_peek_error: lib.func('unsigned long ERR_peek_error(void)'),
    ERR_get_error_all: lib.func('unsigned long ERR_get_error_all(_Out_ const char **file, _Out_ int *line, _Out_ const char **func, _Out_ const char **data, _Out_ int *flags)'),
    ERR_error_string_n: lib.func('void ERR_error_string_n(unsigned long e, void *buf, size_t len)'),
    ERR_lib_error_string: lib.func('const char *ERR_lib_error_string(unsigned long e)'),
    ERR_reason_error_string: lib.func('const char *ERR_reason_error_string(unsigned long e)'),
    CRYPTO_free,

    BIO_get_accept_socket: lib.func('int BIO_get_accept_socket(char *host_port, int mode)'),
    BIO_accept: lib.func('int BIO_accept(int sock, _Out_ OPENSSL_string *ip_port)'),
    BIO_get_port: lib.func('int BIO_get_port(const char *str, _Out_ uint16_t *port_ptr)'),
    BIO_get_host_ip: lib.func('int BIO_get_host_ip(const char *str, void *ip)'),
    BIO_gethostbyname: lib.func('const hostent *BIO_gethostbyname(const char *name)'),
  };
}

function declareLibssl(lib: LibraryHandle): Libssl {
  koffi.opaque('SSL_METHOD');
  koffi.opaque('SSL_CTX');
  koffi.opaque('SSL');
  koffi.opaque('SSL_CIPHER');
  return {
    TLS_client_method: lib.func('const SSL_METHOD *TLS_client_method(void)'),
    TLS_server_method: lib.func('const SSL_METHOD *TLS_server_method(void)'),
    SSL_CTX_new: lib.func('SSL_CTX *SSL_CTX_new(const SSL_METHOD *method)'),
    SSL_CTX_free: lib.func('void SSL_CTX_free(SSL_CTX *ctx)'),
    SSL_CTX_set_verify: lib.func('void SSL_CTX_set_verify(SSL_CTX *ctx, int mode, void *verify_callback)'),
    SSL_CTX_load_verify_locations: lib.func('int SSL_CTX_load_verify_locations(SSL_CTX *ctx, const char *CAfile, const char *CApath)'),
    SSL_CTX_use_certificate_chain_file: lib.func('int SSL_CTX_use_certificate_chain_file(SSL_CTX *ctx, const char *file)'),
    SSL_CTX_use_PrivateKey_file: lib.func('int SSL_CTX_use_PrivateKey_file(SSL_CTX *ctx, const char *file, int type)'),
    SSL_CTX_check_private_key: lib.func('int SSL_CTX_check_private_key(const SSL_CTX *ctx)'),
    SSL_CTX_ctrl: lib.func('long SSL_CTX_ctrl(SSL_CTX *ctx, int cmd, long larg, void *parg)'),
    SSL_CTX_set_alpn_protos: lib.func('int SSL_CTX_set_alpn_protos(SSL_CTX *ctx, const uint8_t *protos, unsigned int protos_len)'),
    SSL_new: lib.func('SSL *SSL_new(SSL_CTX *ctx)'),
    SSL_free: lib.func('void SSL_free(SSL *ssl)'),
    SSL_set_fd: lib.func('int SSL_set_fd(SSL *ssl, int fd)'),
    SSL_set_bio: lib.func('void SSL_set_bio(SSL *ssl, BIO *rbio, BIO *wbio)'),
    SSL_ctrl_str: lib.func('long SSL_ctrl(SSL *ssl, int cmd, long larg, const char *parg)'),
    SSL_set1_host: lib.func('int SSL_set1_host(SSL *s, const char *hostname)'),
    SSL_connect: lib.func('int SSL_connect(SSL *ssl)'),
    SSL_accept: lib.func('int SSL_accept(SSL *ssl)'),
    SSL_read: lib.func('int SSL_read(SSL *ssl, void *buf, int num)'),
    SSL_write: lib.func('int SSL_write(SSL *ssl, const void *buf, int num)'),
    SSL_shutdown: lib.func('int SSL_shutdown(SSL *ssl)'),
    SSL_get_error: lib.func('int SSL_get_error(const SSL *ssl, int ret)'),
    SSL_get_verify_result: lib.func('long SSL_get_verify_result(const SSL *ssl)'),
    SSL_get_version: lib.func('const char *SSL_get_version(const SSL *ssl)'),
    SSL_get_current_cipher: lib.func('const SSL_CIPHER *SSL_get_current_cipher(const SSL *ssl)'),
    SSL_CIPHER_get_name: lib.func('const char *SSL_CIPHER_get_name(const SSL_CIPHER *c)'),
    SSL_get0_alpn_selected: lib.func('void SSL_get0_alpn_selected(const SSL *ssl, _Out_ const uint8_t **data, _Out_ unsigned int *len)'),
    SSL_get1_peer_certificate: lib.func('X509 *SSL_get1_peer_certificate(const SSL *s)'),
    SSL_is_init_finished: lib.func('int SSL_is_init_finished(const SSL *s)'),
    SSL_state_string_long: lib.func('const char *SSL_state_string_long(const SSL *ssl)'),
    SSL_ctrl: lib.func('long SSL_ctrl(SSL *ssl, int cmd, long larg, void *parg)'),
    SSL_group_to_name: lib.func('const char *SSL_group_to_name(SSL *s, int id)'),
  };
}

/** libssl beside a libcrypto path: the same directory and suffix (libcrypto.so.3 -> libssl.so.3). */
export function libsslPathFor(libcryptoPath: string): string {
  const slash = libcryptoPath.lastIndexOf('/');
  const dir = libcryptoPath.slice(0, slash + 1);
  const base = libcryptoPath.slice(slash + 1);
  return dir + (base.includes('libcrypto') ? base.replace('libcrypto', 'libssl') : 'libssl.so.3');
}

function declareLibc(lib: LibraryHandle): Libc {
  return {
    getsockoptInt: lib.func('int getsockopt(int fd, int level, int optname, void *optval, void *optlen)'),
    getsockopt: lib.func('int getsockopt(int fd, int level, int optname, void *optval, void *optlen)'),
    setsockoptTimeval: lib.func('int setsockopt(int fd, int level, int optname, const timeval *optval, uint32_t optlen)'),
    getsockname: lib.func('int getsockname(int fd, void *addr, void *len)'),
    getpeername: lib.func('int getpeername(int fd, void *addr, void *len)'),
    fcntl: lib.func('int fcntl(int fd, int cmd, ...)'),
    poll: lib.func('int poll(_Inout_ pollfd *fds, unsigned long nfds, int timeout)'),
    pollBuffer: lib.func('int poll(void *fds, unsigned long nfds, int timeout)'),
    shutdown: lib.func('int shutdown(int fd, int how)'),
    listen: lib.func('int listen(int fd, int backlog)'),
    pipe2: lib.func('int pipe2(void *fds, int flags)'),
    write: lib.func('long write(int fd, const void *buf, unsigned long count)'),
    read: lib.func('long read(int fd, void *buf, unsigned long count)'),
    close: lib.func('int close(int fd)'),
    strerror: lib.func('const char *strerror(int errnum)'),
    strlen: lib.func('size_t strlen(const void *s)'),
    strerrorname_np: lib.func('const char *strerrorname_np(int errnum)'),
  };
}

export interface Bindings {
  crypto: Libcrypto;
  libc: Libc;
  libcryptoPath: string;
  /** libssl of the same build, loaded (deep-bound, as libcrypto) on first use; throws with the path when it cannot be. */
  ssl(): Libssl;
  errno(value?: number): number;
  /** Test-only: reads through a NULL pointer so the process dies as a native crash would. */
  crashForTest(): never;
}

let loaded: Bindings | null = null;

/** Loads libcrypto (deep-bound) and libc once per process or worker; later calls must agree on the path. */
export function loadBindings(libcryptoPath: string = DEFAULT_LIBCRYPTO): Bindings {
  if (loaded) {
    if (loaded.libcryptoPath !== libcryptoPath) throw new Error(`libcrypto is already loaded from ${loaded.libcryptoPath}; a second library (${libcryptoPath}) cannot be loaded into the same process`);
    return loaded;
  }
  const crypto = declareLibcrypto(koffi.load(libcryptoPath, { deep: true }));
  const libc = declareLibc(koffi.load(LIBC));
  let libssl: Libssl | null = null;
  loaded = {
    crypto,
    libc,
    libcryptoPath,
    ssl: () => {
      const path = libsslPathFor(libcryptoPath);
      try {
        libssl ??= declareLibssl(koffi.load(path, { deep: true }));
      } catch (e) {
        throw new Error(`libssl could not be loaded from ${path} (beside libcrypto ${libcryptoPath}): ${(e as Error).message}`);
      }
      return libssl;
    },
    errno: (value?: number) => (value === undefined ? koffi.errno() : koffi.errno(value)),
    crashForTest: () => {
      // koffi refuses address 0 itself, so read a field of a NULL struct pointer (NULL + 16).
      const nullField: Pointer = koffi.decode(Buffer.from([16, 0, 0, 0, 0, 0, 0, 0]), 'void *');
      libc.strlen(nullField);
      throw new Error('reading address 16 did not crash');
    },
  };
  return loaded;
}
