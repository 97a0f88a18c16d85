// C variable names for the scenario's sockets (its strings and comments: shared/escape/c).

const C_KEYWORDS = new Set(
  'auto break case char const continue default do double else enum extern float for goto if inline int long register restrict return short signed sizeof static struct switch typedef union unsigned void volatile while _Bool _Complex _Imaginary _Alignas _Alignof _Atomic _Generic _Noreturn _Static_assert _Thread_local bool true false NULL'.split(' '),
);
/** Identifiers the generated code or its headers use: a socket named like one gets a suffix. */
const TAKEN = new Set(
  ('main errno r addr peer data buf res host service ip ip_port port he family socket bind listen connect accept accept4 close read write send recv sendto recvfrom ' +
    'poll select shutdown getsockopt setsockopt getsockname getpeername fcntl pipe dup dup2 open kill signal wait sleep link unlink remove rename ' +
    'index rindex time exit abort free malloc calloc realloc printf fprintf sprintf snprintf puts stdin stdout stderr memset memcpy strlen strcmp ' +
    'strerror strdup optarg environ timezone daylight tzname h_errno in6addr_any in6addr_loopback').split(' '),
);
const TAKEN_PREFIX = /^(wb_|bio_|BIO_|ERR_|SSL_|OPENSSL_|OSSL_|CRYPTO_|AF_|PF_|SOCK_|IPPROTO_|IPV6_|SO_|SOL_|TCP_|POLL|O_|F_|E[A-Z0-9]+$|_[A-Z_])/;

/** The C variable for a socket name: `-` becomes `_`, and a name C or the program uses gets `_sock`. */
export function cVar(name: string): string {
  const v = name.replace(/-/g, '_');
  return C_KEYWORDS.has(v) || TAKEN.has(v) || TAKEN_PREFIX.test(v) ? `${v}_sock` : v;
}
