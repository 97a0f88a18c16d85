/*
 * The runtime of every program `bio-workbench export-c` writes: recording a call (return value,
 * errno, the whole error queue), the kernel's view of a socket, lookups, background steps,
 * expectations and the --json output. The exported program holds this header and every part
 * of the runtime inline, followed by the scenario's own steps and main().
 */
#ifndef WB_RUNTIME_H
#define WB_RUNTIME_H

#ifndef _GNU_SOURCE
# define _GNU_SOURCE   /* strerrorname_np, open_memstream, asprintf */
#endif
#define OPENSSL_SUPPRESS_DEPRECATED   /* the deprecated calls are made on purpose */

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>
#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <openssl/err.h>

#ifndef TCP_FASTOPEN_CONNECT
# define TCP_FASTOPEN_CONNECT 30   /* Linux 4.11; older libc headers lack the name */
#endif

enum { WB_NOW, WB_WAIT, WB_CANCEL };          /* a step: try without waiting, wait as it says, cancel if not ready */
enum { WB_GO, WB_NOT_YET, WB_ENDED };          /* readiness: make the call, try again later, the record is done */
enum { WB_RET_NUMBER, WB_RET_FD, WB_RET_NULL }; /* what an expectation's "ret" asks for */
#define WB_MAX_QUEUE 64
#define WB_OPTIONS 7

struct wb_entry {
    unsigned long code;
    int line;
    const char *library, *reason, *file, *function;
    char *data;          /* NULL for JSON null */
    char text[256];
};

/* A socket as the kernel shows it, read right after a call. */
struct wb_view {
    int present, fd;
    const char *name, *role, *state;
    char family[16], type[16], local[160], peer[160];
    int has_local, has_peer, so_error, so_error_pending;
    int has_opt[WB_OPTIONS], opt[WB_OPTIONS];
};

/* What the program knows about a socket variable (the engine's socket table entry). */
struct wb_info {
    const char *name;    /* NULL for a socket the scenario does not name */
    int connected, accepted, port;
    const char *gone;    /* why a step on it is refused while the variable is -1 */
};

/* One step's record, printed as the workbench's CallRecord. */
struct wb_rec {
    int ran, index, has_ret, has_err, err, nq, deprecated, has_addresses, has_data, has_expect;
    long ret;
    long duration_us;
    const char *call, *c, *cancelled, *refused;
    struct wb_entry q[WB_MAX_QUEUE];
    struct wb_view socket, listener;
    char *addresses, *result, *mismatches;
    size_t addresses_len, result_len, mismatches_len;
    unsigned char *data;
    size_t data_len;
    char *bulk;          /* a loop's summary: the members of the record's "bulk" object */
    size_t bulk_len;
    int has_bulk;
    long long bulk_bytes;
    char bulk_sha256[65];
};

extern struct wb_rec *wb_recs;
extern int wb_nrecs;
extern const char *const wb_option_names[WB_OPTIONS];
extern const int wb_option_is_number[WB_OPTIONS];

/* record.c: one call, recorded as the engine records it */
void wb_start(struct wb_rec *recs, int n);
void wb_clock_start(void);
long wb_clock_us(void);
const char *wb_printf(const char *format, ...) __attribute__((format(printf, 1, 2)));
struct wb_rec *wb_begin(int index, const char *call, const char *c);
int wb_refuse(struct wb_rec *r, const char *why);
void wb_drain(struct wb_rec *r);
void wb_record_call(struct wb_rec *r, long ret, int failed);
void wb_created(struct wb_rec *r, int fd, struct wb_info *info, int accepted);
void wb_closed(struct wb_rec *r, struct wb_info *info);
FILE *wb_append(char **buf, size_t *len);
void wb_result_text(struct wb_rec *r, const char *key, const char *value);
void wb_result_number(struct wb_rec *r, const char *key, long value);
void wb_result_peer(struct wb_rec *r, const BIO_ADDR *peer);
void wb_result_errno(struct wb_rec *r, const char *key, int code);
void wb_result_revents(struct wb_rec *r, short revents);
void wb_set_data(struct wb_rec *r, const unsigned char *bytes, size_t n);

/* kernel.c: the kernel's view of a socket */
int wb_intopt(int fd, int level, int name, int *v);
int wb_nonblocking(int fd);
int wb_socktype(int fd);
int wb_readiness(struct wb_rec *r, int mode, int fd, struct wb_info *info, short events, int timeout_ms, const char *what);
void wb_send_timeout(int fd, int ms);
const char *wb_family_name(int family, char *buf, size_t n);
void wb_format_ip(int family, const void *ip, unsigned port, unsigned scope, char *out, size_t n);
void wb_snapshot(struct wb_view *v, int fd, struct wb_info *info);

/* address.c: addr strings, {tmp}, lookups and the candidate a call uses */
const char *wb_tmp_dir(void);
void wb_addr_text(const BIO_ADDR *a, char *out, size_t n);
int wb_parse_addr(const char *addr, char *hostbuf, size_t n, const char **host, const char **service);
void wb_addresses(struct wb_rec *r, const BIO_ADDRINFO *res, const BIO_ADDRINFO *chosen);
const BIO_ADDR *wb_lookup_for(struct wb_rec *r, int fd, const char *addr, int lookup_type, int addr_index, BIO_ADDRINFO **res);

/* background.c: background connects on threads of their own, await and cancel */
void wb_background_start(int n);
void wb_start_thread(int index, void *(*fn)(void *), int fd);
void wb_join_thread(int index);
void wb_cancel_thread(int index, int fd);
void wb_follow(int index, const char *call, const char *c, int target);

/* expect.c: expectations, checked as the workbench checks them */
void wb_expect_ret(struct wb_rec *r, int kind, long value);
void wb_expect_errno(struct wb_rec *r, const char *name);
void wb_expect_queue(struct wb_rec *r, const char *const *patterns, int n);
void wb_expect_queue_empty(struct wb_rec *r, int want);
void wb_expect_applied(struct wb_rec *r, const char *name, int is_bool, int value);
void wb_expect_state(struct wb_rec *r, const char *state);
void wb_expect_data(struct wb_rec *r, const char *text, size_t n);
void wb_expect_flag(struct wb_rec *r, const char *field, int actual, int want);
void wb_expect_bulk_bytes(struct wb_rec *r, long long want);
void wb_expect_bulk_sha256(struct wb_rec *r, const char *want);

/* bulk.c: BIO_write and BIO_read loops, one record */
struct wb_bulk_job {
    int writing;
    const unsigned char *pattern;   /* what a write loop repeats, or NULL with file */
    size_t pattern_len;
    const char *file;               /* the file a write loop sends, or NULL */
    long long bytes;                /* bytes to move; -1: a file once (write), until end of file (read) */
    size_t chunk;
    int timeout_ms;                 /* bound on each wait for readiness; -1: none */
};
void wb_bulk(struct wb_rec *r, int fd, const struct wb_bulk_job *job);

/* json.c: the --json output */
void wb_json_string(FILE *o, const char *s, size_t n);
void wb_json_str(FILE *o, const char *s);
void wb_json_field(FILE *o, const char *key, const char *value);
void wb_json_errno(FILE *o, int code);
const char *wb_json_quote(const char *s);
const char *wb_json_strings(const char *const *items, int n);
int wb_print(const char *title);

#endif
