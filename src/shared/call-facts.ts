// Facts about the calls that need no schema, kept apart from the step schemas so the engine,
// which trusts its host's validation, loads no schema library.
/** The most bytes one step sends or reads. */
export const MAX_DATA_BYTES = 16 * 1024 * 1024;
/** Loopback's segment size: writes of exactly this many bytes run several times faster there than 64 KiB ones. */
export const DEFAULT_CHUNK = 65_483;
/** The most bytes one call of a BIO_write/BIO_read loop moves. */
export const MAX_CHUNK = 1_048_576;

/** The calls the manual's HISTORY deprecates (by name: the step schemas, which name every call, are not loaded here). */
export const DEPRECATED_CALLS: readonly string[] = ['BIO_get_accept_socket', 'BIO_accept', 'BIO_get_port', 'BIO_get_host_ip', 'BIO_gethostbyname'];

/** The manual's HISTORY names BIO_gethostname(); no libcrypto 3.x exports it. */
export const GETHOSTNAME_NOTE =
  'BIO_gethostname() is named in the manual\'s HISTORY, but no libcrypto 3.x exports that symbol (its deprecated siblings are BIO_gethostbyname, BIO_get_host_ip, BIO_get_port, BIO_get_accept_socket and BIO_accept). Use BIO_lookup_ex.';

/** A step's fields that describe it for people (what to expect, captions, predictions), never sent to the engine. */
export const DESCRIPTIVE_FIELDS = ['expect', 'background', 'note', 'caption', 'prediction', 'measure', 'group'] as const;
