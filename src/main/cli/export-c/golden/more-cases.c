/*
 * export-c more cases
 * 
 *
 * Written by `bio-workbench export-c`: the scenario's calls, in order, against libcrypto, each
 * with ERR_clear_error(); errno = 0; before and errno plus the whole error queue read right
 * after. It prints the workbench's --json shape: {"ok", "title", "libcrypto", "steps": [...]}.
 * Build: cc prog.c -lcrypto    Run: ./a.out    Exit: 0 when every expectation held, 1 otherwise.
 * (On a glibc older than 2.34, add -pthread: background connects run on threads.)
 *
 * Background steps: C runs one call at a time. A background step that waits for readiness
 * (BIO_accept_ex, BIO_accept, BIO_read, BIO_write, wait) is made at once if its socket is
 * ready, else retried after each later step and finally waited for at its "await" (or marked
 * cancelled at its "cancel"), so a background blocking accept followed by a connect works: the
 * connect lands in the listener's backlog, the accept runs when it can. A background blocking
 * BIO_connect runs on a thread of its own; other background steps are made in place. A
 * nonblocking listener or socket is never pre-polled: its call is made and returns what C
 * returns (-1 with EAGAIN).
 * Steps naming an fd number are refused, as the engine refuses fds it did not create.
 */
/* the runtime (export-c/runtime/), inlined whole */
#ifndef BIO_SOCK_REUSEADDR
# define BIO_SOCK_REUSEADDR 0x01 /* OpenSSL 1.1.0 */
#endif
#ifndef BIO_SOCK_V6_ONLY
# define BIO_SOCK_V6_ONLY 0x02 /* OpenSSL 1.1.0 */
#endif
#ifndef BIO_SOCK_KEEPALIVE
# define BIO_SOCK_KEEPALIVE 0x04 /* OpenSSL 1.1.0 */
#endif
#ifndef BIO_SOCK_NONBLOCK
# define BIO_SOCK_NONBLOCK 0x08 /* OpenSSL 1.1.0 */
#endif
#ifndef BIO_SOCK_NODELAY
# define BIO_SOCK_NODELAY 0x10 /* OpenSSL 1.1.0 */
#endif
#ifndef BIO_SOCK_TFO
# define BIO_SOCK_TFO 0x20 /* OpenSSL 3.2 */
#endif

/* ---- the scenario ---- */

#define WB_STEPS 25
static struct wb_rec R[WB_STEPS];
static int wb_pending[WB_STEPS] __attribute__((unused));
static const char wb_title[] = "export-c more cases";

/* The scenario's sockets, named as the scenario names them. */
static int l = -1;
static BIO *bio_l __attribute__((unused));
static struct wb_info wb_info_l = { "l", 0, 0, 0, "no open socket is named \"l\" yet" };
static int c = -1;
static BIO *bio_c __attribute__((unused));
static struct wb_info wb_info_c = { "c", 0, 0, 0, "no open socket is named \"c\" yet" };
static int s = -1;
static BIO *bio_s __attribute__((unused));
static struct wb_info wb_info_s = { "s", 0, 0, 0, "no open socket is named \"s\" yet" };
static int u = -1;
static BIO *bio_u __attribute__((unused));
static struct wb_info wb_info_u = { "u", 0, 0, 0, "no open socket is named \"u\" yet" };
static int six = -1;
static BIO *bio_six __attribute__((unused));
static struct wb_info wb_info_six = { "six", 0, 0, 0, "no open socket is named \"six\" yet" };
static int ctx = -1;
static BIO *bio_ctx __attribute__((unused));
static struct wb_info wb_info_ctx = { "ctx", 0, 0, 0, "no open socket is named \"ctx\" yet" };
static int t = -1;
static BIO *bio_t __attribute__((unused));
static struct wb_info wb_info_t = { "t", 0, 0, 0, "no open socket is named \"t\" yet" };
static int tls = -1;
static BIO *bio_tls __attribute__((unused));
static struct wb_info wb_info_tls = { "tls", 0, 0, 0, "no open socket is named \"tls\" yet" };
/* TLS: build with cc prog.c -lssl -lcrypto */
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
static int wb_ssl_error[WB_STEPS] __attribute__((unused));
static long wb_verify[WB_STEPS] __attribute__((unused));
static SSL_CTX *ctx_ctx __attribute__((unused));
static SSL *ssl_tls __attribute__((unused));

/* step 1: l = BIO_socket(AF_INET, SOCK_STREAM, 0, 0) */
static int wb_step_0(int wb_mode)
{
    struct wb_rec *r = wb_begin(0, "BIO_socket", "l = BIO_socket(AF_INET, SOCK_STREAM, 0, 0)");
    long wb_ret;
    (void)wb_mode;
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = l = BIO_socket(AF_INET, SOCK_STREAM, 0, 0);
    wb_record_call(r, wb_ret, wb_ret < 0);
    wb_created(r, l, &wb_info_l, 0);
    return 1;
}

/* step 2: BIO_listen(l, addr, 0) */
static int wb_step_1(int wb_mode)
{
    struct wb_rec *r = wb_begin(1, "BIO_listen", "BIO_listen(l, addr, 0)");
    long wb_ret;
    (void)wb_mode;
    if (l < 0)
        return wb_refuse(r, wb_info_l.gone);
    char wb_addr_text[512];
    snprintf(wb_addr_text, sizeof wb_addr_text, "127.0.0.1:0");
    BIO_ADDRINFO *res = NULL;
    const BIO_ADDR *addr = wb_lookup_for(r, l, wb_addr_text, BIO_LOOKUP_SERVER, -1, &res);
    if (addr == NULL)
        return 1;
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = BIO_listen(l, addr, 0);
    wb_record_call(r, wb_ret, wb_ret == 0);
    BIO_ADDRINFO_free(res);
    wb_snapshot(&r->socket, l, &wb_info_l);
    return 1;
}

/* step 3: c = BIO_socket(AF_INET, SOCK_STREAM, 0, 0) */
static int wb_step_2(int wb_mode)
{
    struct wb_rec *r = wb_begin(2, "BIO_socket", "c = BIO_socket(AF_INET, SOCK_STREAM, 0, 0)");
    long wb_ret;
    (void)wb_mode;
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = c = BIO_socket(AF_INET, SOCK_STREAM, 0, 0);
    wb_record_call(r, wb_ret, wb_ret < 0);
    wb_created(r, c, &wb_info_c, 0);
    return 1;
}

/* step 4: BIO_connect(c, addr, 0) */
static int wb_step_3(int wb_mode)
{
    struct wb_rec *r = wb_begin(3, "BIO_connect", "BIO_connect(c, addr, 0)");
    long wb_ret;
    (void)wb_mode;
    if (c < 0)
        return wb_refuse(r, wb_info_c.gone);
    char wb_addr_text[512];
    if (wb_info_l.port <= 0)
        return wb_refuse(r, "addr: {l.port}: socket \"l\" has no bound port yet");
    snprintf(wb_addr_text, sizeof wb_addr_text, "127.0.0.1:%d", wb_info_l.port);
    BIO_ADDRINFO *res = NULL;
    const BIO_ADDR *addr = wb_lookup_for(r, c, wb_addr_text, BIO_LOOKUP_CLIENT, -1, &res);
    if (addr == NULL)
        return 1;
    wb_info_c.connected = 1;
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = BIO_connect(c, addr, 0);
    wb_record_call(r, wb_ret, wb_ret == 0);
    BIO_ADDRINFO_free(res);
    wb_snapshot(&r->socket, c, &wb_info_c);
    return 1;
}

/* step 5: s = BIO_accept_ex(l, peer, 0) */
static int wb_step_4(int wb_mode)
{
    struct wb_rec *r = wb_begin(4, "BIO_accept_ex", "s = BIO_accept_ex(l, peer, 0)");
    long wb_ret;
    (void)wb_mode;
    if (l < 0)
        return wb_refuse(r, wb_info_l.gone);
    int wb_go = wb_readiness(r, wb_mode, l, &wb_info_l, POLLIN, -1, "incoming connection");
    if (wb_go != WB_GO)
        return wb_go == WB_ENDED;
    BIO_ADDR *peer = BIO_ADDR_new();
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = s = BIO_accept_ex(l, peer, 0);
    wb_record_call(r, wb_ret, wb_ret < 0);
    if (wb_ret >= 0)
        wb_result_peer(r, peer);
    BIO_ADDR_free(peer);
    wb_created(r, s, &wb_info_s, 1);
    wb_snapshot(wb_ret >= 0 ? &r->listener : &r->socket, l, &wb_info_l);
    return 1;
}

/* step 6: BIO_write(bio_c, chunk, 65483) / * in a loop: 10 bytes of the pattern repeated * / */
static int wb_step_5(int wb_mode)
{
    struct wb_rec *r = wb_begin(5, "BIO_write", "BIO_write(bio_c, chunk, 65483) /* in a loop: 10 bytes of the pattern repeated */");
    long wb_ret;
    (void)wb_mode;
    if (c < 0)
        return wb_refuse(r, wb_info_c.gone);
    (void)wb_ret; /* the loop keeps its last call's ret in the record */
    static const unsigned char pattern[3] = "AB";
    const struct wb_bulk_job job = {
        .writing = 1, .pattern = pattern, .pattern_len = 2, .file = NULL,
        .bytes = 10LL, .chunk = 65483, .timeout_ms = -1,
    };
    wb_bulk(r, c, &job);
    if (r->refused)
        return 1;
    wb_snapshot(&r->socket, c, &wb_info_c);
    return 1;
}

/* step 7: BIO_read(bio_s, buf, 65483) / * in a loop: 10 bytes * / */
static int wb_step_6(int wb_mode)
{
    struct wb_rec *r = wb_begin(6, "BIO_read", "BIO_read(bio_s, buf, 65483) /* in a loop: 10 bytes */");
    long wb_ret;
    (void)wb_mode;
    if (s < 0)
        return wb_refuse(r, wb_info_s.gone);
    (void)wb_ret; /* the loop keeps its last call's ret in the record */
    const struct wb_bulk_job job = {
        .writing = 0, .pattern = NULL, .pattern_len = 0, .file = NULL,
        .bytes = 10LL, .chunk = 65483, .timeout_ms = -1,
    };
    wb_bulk(r, s, &job);
    if (r->refused)
        return 1;
    wb_snapshot(&r->socket, s, &wb_info_s);
    return 1;
}

/* step 10: BIO_write(bio_c, data, 2) */
static int wb_step_9(int wb_mode)
{
    struct wb_rec *r = wb_begin(9, "BIO_write", "BIO_write(bio_c, data, 2)");
    long wb_ret;
    (void)wb_mode;
    if (c < 0)
        return wb_refuse(r, wb_info_c.gone);
    static const unsigned char data[3] = "CD";
    wb_set_data(r, data, 2);
    int wb_go = wb_readiness(r, wb_mode, c, &wb_info_c, POLLOUT, -1, "room in the send buffer");
    if (wb_go != WB_GO)
        return wb_go == WB_ENDED;
    if (bio_c == NULL)
        bio_c = BIO_new_socket(c, BIO_NOCLOSE);
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = BIO_write(bio_c, data, 2);
    wb_record_call(r, wb_ret, wb_ret < 0);
    wb_snapshot(&r->socket, c, &wb_info_c);
    return 1;
}

/* step 11: BIO_closesocket(c) */
static int wb_step_10(int wb_mode)
{
    struct wb_rec *r = wb_begin(10, "BIO_closesocket", "BIO_closesocket(c)");
    long wb_ret;
    (void)wb_mode;
    if (c < 0)
        return wb_refuse(r, wb_info_c.gone);
    if (bio_c != NULL) {
        BIO_free(bio_c);
        bio_c = NULL;
    }
    wb_snapshot(&r->socket, c, &wb_info_c); /* the record shows the socket as it was, marked closed */
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = BIO_closesocket(c);
    wb_record_call(r, wb_ret, wb_ret == 0);
    wb_closed(r, &wb_info_c);
    c = -1;
    return 1;
}

/* step 12: BIO_read(bio_c, buf, 1) */
static int wb_step_11(int wb_mode)
{
    struct wb_rec *r = wb_begin(11, "BIO_read", "BIO_read(bio_c, buf, 1)");
    long wb_ret;
    (void)wb_mode;
    if (c < 0)
        return wb_refuse(r, wb_info_c.gone);
    int wb_go = wb_readiness(r, wb_mode, c, &wb_info_c, POLLIN, -1, "data to read");
    if (wb_go != WB_GO)
        return wb_go == WB_ENDED;
    unsigned char *buf = malloc(1);
    if (bio_c == NULL)
        bio_c = BIO_new_socket(c, BIO_NOCLOSE);
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = BIO_read(bio_c, buf, 1);
    wb_record_call(r, wb_ret, wb_ret < 0);
    wb_set_data(r, buf, wb_ret > 0 ? (size_t)wb_ret : 0);
    free(buf);
    wb_snapshot(&r->socket, c, &wb_info_c);
    return 1;
}

/* step 13: u = BIO_socket(AF_UNIX, SOCK_STREAM, 0, 0) */
static int wb_step_12(int wb_mode)
{
    struct wb_rec *r = wb_begin(12, "BIO_socket", "u = BIO_socket(AF_UNIX, SOCK_STREAM, 0, 0)");
    long wb_ret;
    (void)wb_mode;
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = u = BIO_socket(AF_UNIX, SOCK_STREAM, 0, 0);
    wb_record_call(r, wb_ret, wb_ret < 0);
    wb_created(r, u, &wb_info_u, 0);
    return 1;
}

/* step 14: BIO_bind(u, addr, 0) */
static int wb_step_13(int wb_mode)
{
    struct wb_rec *r = wb_begin(13, "BIO_bind", "BIO_bind(u, addr, 0)");
    long wb_ret;
    (void)wb_mode;
    if (u < 0)
        return wb_refuse(r, wb_info_u.gone);
    char wb_addr_text[512];
    if (wb_info_l.port <= 0)
        return wb_refuse(r, "addr: {l.port}: socket \"l\" has no bound port yet");
    snprintf(wb_addr_text, sizeof wb_addr_text, "unix:%s/s-%d", wb_tmp_dir(), wb_info_l.port);
    BIO_ADDRINFO *res = NULL;
    const BIO_ADDR *addr = wb_lookup_for(r, u, wb_addr_text, BIO_LOOKUP_SERVER, -1, &res);
    if (addr == NULL)
        return 1;
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = BIO_bind(u, addr, 0);
    wb_record_call(r, wb_ret, wb_ret == 0);
    BIO_ADDRINFO_free(res);
    wb_snapshot(&r->socket, u, &wb_info_u);
    return 1;
}

/* step 15: BIO_read(bio_3, buf, 1) is not made: fd 3 is not a socket this program created (the engine refuses fds it did not create; an fd number in a scenario names a socket of the engine's process) */
static int wb_step_14(int wb_mode)
{
    (void)wb_mode;
    return wb_refuse(wb_begin(14, "BIO_read", "BIO_read(bio_3, buf, 1)"), "fd 3 is not a socket this program created (the engine refuses fds it did not create; an fd number in a scenario names a socket of the engine's process)");
}

/* step 16: BIO_closesocket(3) is not made: fd 3 is not a socket this program created (the engine refuses fds it did not create; an fd number in a scenario names a socket of the engine's process) */
static int wb_step_15(int wb_mode)
{
    (void)wb_mode;
    return wb_refuse(wb_begin(15, "BIO_closesocket", "BIO_closesocket(3)"), "fd 3 is not a socket this program created (the engine refuses fds it did not create; an fd number in a scenario names a socket of the engine's process)");
}

/* step 17: six = BIO_socket(AF_INET6, SOCK_STREAM, 0, 0) */
static int wb_step_16(int wb_mode)
{
    struct wb_rec *r = wb_begin(16, "BIO_socket", "six = BIO_socket(AF_INET6, SOCK_STREAM, 0, 0)");
    long wb_ret;
    (void)wb_mode;
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = six = BIO_socket(AF_INET6, SOCK_STREAM, 0, 0);
    wb_record_call(r, wb_ret, wb_ret < 0);
    wb_created(r, six, &wb_info_six, 0);
    return 1;
}

/* step 18: BIO_connect(six, addr, 0) */
static int wb_step_17(int wb_mode)
{
    struct wb_rec *r = wb_begin(17, "BIO_connect", "BIO_connect(six, addr, 0)");
    long wb_ret;
    (void)wb_mode;
    if (six < 0)
        return wb_refuse(r, wb_info_six.gone);
    char wb_addr_text[512];
    if (wb_info_l.port <= 0)
        return wb_refuse(r, "addr: {l.port}: socket \"l\" has no bound port yet");
    snprintf(wb_addr_text, sizeof wb_addr_text, "[fe80::1%%lo]:%d", wb_info_l.port);
    BIO_ADDRINFO *res = NULL;
    const BIO_ADDR *addr = wb_lookup_for(r, six, wb_addr_text, BIO_LOOKUP_CLIENT, -1, &res);
    if (addr == NULL)
        return 1;
    wb_info_six.connected = 1;
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = BIO_connect(six, addr, 0);
    wb_record_call(r, wb_ret, wb_ret == 0);
    BIO_ADDRINFO_free(res);
    wb_snapshot(&r->socket, six, &wb_info_six);
    return 1;
}

/* step 19: ctx = SSL_CTX_new(TLS_client_method()); SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, NULL) */
static int wb_step_18(int wb_mode)
{
    struct wb_rec *r = wb_begin(18, "SSL_CTX_new", "ctx = SSL_CTX_new(TLS_client_method()); SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, NULL)");
    long wb_ret;
    (void)wb_mode;
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = (ctx_ctx = SSL_CTX_new(TLS_client_method())) != NULL;
    wb_record_call(r, wb_ret, wb_ret == 0);
    if (ctx_ctx == NULL) {
        wb_info_ctx.gone = "SSL_CTX_new for \"ctx\" returned NULL";
        return 1;
    }
    SSL_CTX_set_verify(ctx_ctx, SSL_VERIFY_NONE, NULL);
    return 1;
}

/* step 20: t = BIO_socket(AF_INET, SOCK_STREAM, 0, 0) */
static int wb_step_19(int wb_mode)
{
    struct wb_rec *r = wb_begin(19, "BIO_socket", "t = BIO_socket(AF_INET, SOCK_STREAM, 0, 0)");
    long wb_ret;
    (void)wb_mode;
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = t = BIO_socket(AF_INET, SOCK_STREAM, 0, 0);
    wb_record_call(r, wb_ret, wb_ret < 0);
    wb_created(r, t, &wb_info_t, 0);
    return 1;
}

/* step 21: tls = SSL_new(ctx); SSL_set_fd(tls, t) */
static int wb_step_20(int wb_mode)
{
    struct wb_rec *r = wb_begin(20, "SSL_new", "tls = SSL_new(ctx); SSL_set_fd(tls, t)");
    long wb_ret;
    (void)wb_mode;
    if (ctx_ctx == NULL)
        return wb_refuse(r, wb_info_ctx.gone);
    if (t < 0)
        return wb_refuse(r, wb_info_t.gone);
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = (ssl_tls = SSL_new(ctx_ctx)) != NULL;
    wb_record_call(r, wb_ret, wb_ret == 0);
    if (ssl_tls == NULL) {
        wb_info_tls.gone = "SSL_new for \"tls\" returned NULL";
        return 1;
    }
    SSL_set_fd(ssl_tls, t);
    wb_snapshot(&r->socket, t, &wb_info_t);
    return 1;
}

/* step 22: SSL_connect(tls) */
static int wb_step_21(int wb_mode)
{
    struct wb_rec *r = wb_begin(21, "SSL_connect", "SSL_connect(tls)");
    long wb_ret;
    (void)wb_mode;
    if (ssl_tls == NULL)
        return wb_refuse(r, wb_info_tls.gone);
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = SSL_connect(ssl_tls);
    int wb_failed = wb_ret <= 0 && errno != 0;
    wb_ssl_error[21] = SSL_get_error(ssl_tls, (int)wb_ret);
    wb_record_call(r, wb_ret, wb_failed);
    wb_verify[21] = SSL_get_verify_result(ssl_tls);
    wb_snapshot(&r->socket, t, &wb_info_t);
    return 1;
}

/* step 23: SSL_shutdown(tls) */
static int wb_step_22(int wb_mode)
{
    struct wb_rec *r = wb_begin(22, "SSL_shutdown", "SSL_shutdown(tls)");
    long wb_ret;
    (void)wb_mode;
    if (ssl_tls == NULL)
        return wb_refuse(r, wb_info_tls.gone);
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = SSL_shutdown(ssl_tls);
    int wb_failed = wb_ret < 0 && errno != 0;
    wb_ssl_error[22] = SSL_get_error(ssl_tls, (int)wb_ret);
    wb_record_call(r, wb_ret, wb_failed);
    wb_verify[22] = SSL_get_verify_result(ssl_tls);
    wb_snapshot(&r->socket, t, &wb_info_t);
    return 1;
}

/* step 24: SSL_free(tls) */
static int wb_step_23(int wb_mode)
{
    struct wb_rec *r = wb_begin(23, "SSL_free", "SSL_free(tls)");
    long wb_ret;
    (void)wb_mode;
    if (ssl_tls == NULL)
        return wb_refuse(r, wb_info_tls.gone);
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    SSL_free(ssl_tls); wb_ret = 0;
    wb_record_call(r, wb_ret, 0);
    r->has_ret = 0; /* SSL_free returns nothing */
    ssl_tls = NULL;
    wb_info_tls.gone = "TLS connection \"tls\" was freed (SSL_free)";
    return 1;
}

/* step 25: SSL_CTX_free(ctx) */
static int wb_step_24(int wb_mode)
{
    struct wb_rec *r = wb_begin(24, "SSL_CTX_free", "SSL_CTX_free(ctx)");
    long wb_ret;
    (void)wb_mode;
    if (ctx_ctx == NULL)
        return wb_refuse(r, wb_info_ctx.gone);
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    SSL_CTX_free(ctx_ctx); wb_ret = 0;
    wb_record_call(r, wb_ret, 0);
    r->has_ret = 0; /* SSL_CTX_free returns nothing */
    ctx_ctx = NULL;
    wb_info_ctx.gone = "TLS context \"ctx\" was freed (SSL_CTX_free)";
    return 1;
}

static void *wb_thread_5(void *arg)
{
    (void)arg;
    wb_step_5(WB_WAIT);
    return NULL;
}

/* Background steps still waiting: made as soon as their socket is ready. */
static void wb_try_pending(void)
{
    if (wb_pending[11] && wb_step_11(WB_NOW))
        wb_pending[11] = 0;
    if (wb_pending[14] && wb_step_14(WB_NOW))
        wb_pending[14] = 0;
}

static void wb_check_expectations(void)
{
    R[5].has_expect = 1;
    wb_expect_bulk_bytes(&R[5], 10LL);
    R[6].has_expect = 1;
    wb_expect_bulk_bytes(&R[6], 10LL);
    wb_expect_bulk_sha256(&R[6], "abababababababababababababababababababababababababababababababab");
    R[21].has_expect = 1;
    wb_expect_flag(&R[21], "sslError SSL_ERROR_SYSCALL", wb_ssl_error[21] == 5, 1);
    R[22].has_expect = 1;
    wb_expect_flag(&R[22], "sslError SSL_ERROR_NOT_A_NAME", wb_ssl_error[22] == -1, 1);
}

int main(void)
{
    wb_start(R, WB_STEPS);
    wb_step_0(WB_WAIT);
    wb_try_pending();
    wb_step_1(WB_WAIT);
    wb_try_pending();
    wb_step_2(WB_WAIT); /* background, but it never waits for readiness: made in place */
    wb_try_pending();
    wb_step_3(WB_WAIT);
    wb_try_pending();
    wb_step_4(WB_WAIT);
    wb_try_pending();
    wb_start_thread(5, wb_thread_5, c); /* background loop: its own thread, errno and queue stay there */
    wb_try_pending();
    wb_step_6(WB_WAIT);
    wb_try_pending();
    /* step 8: await step 3 */
    wb_follow(7, "await", "/* await step 2 */", 2);
    /* step 9: await step 6 */
    wb_join_thread(5);
    wb_follow(8, "await", "/* await step 5 */", 5);
    wb_step_9(WB_WAIT);
    wb_try_pending();
    wb_cancel_thread(5, c); /* BIO_closesocket(c) ends the waiting step 6 */
    wb_step_10(WB_WAIT);
    wb_try_pending();
    wb_pending[11] = !wb_step_11(WB_NOW); /* background: made now if ready, else later */
    wb_try_pending();
    wb_step_12(WB_WAIT);
    wb_try_pending();
    wb_step_13(WB_WAIT);
    wb_try_pending();
    wb_pending[14] = !wb_step_14(WB_NOW); /* background: made now if ready, else later */
    wb_try_pending();
    wb_step_15(WB_WAIT);
    wb_try_pending();
    wb_step_16(WB_WAIT);
    wb_try_pending();
    wb_step_17(WB_WAIT);
    wb_try_pending();
    wb_step_18(WB_WAIT);
    wb_try_pending();
    wb_step_19(WB_WAIT);
    wb_try_pending();
    wb_step_20(WB_WAIT);
    wb_try_pending();
    wb_step_21(WB_WAIT);
    wb_try_pending();
    wb_step_22(WB_WAIT);
    wb_try_pending();
    wb_step_23(WB_WAIT);
    wb_try_pending();
    wb_step_24(WB_WAIT);
    wb_try_pending();
    if (wb_pending[11]) {
        wb_step_11(WB_CANCEL); /* never awaited: cancelled at the end, as the runner does */
        wb_pending[11] = 0;
    }
    if (wb_pending[14]) {
        wb_step_14(WB_CANCEL); /* never awaited: cancelled at the end, as the runner does */
        wb_pending[14] = 0;
    }
    wb_cancel_thread(5, c); /* never awaited: cancelled at the end, as the runner does */
    wb_check_expectations();
    int ok = wb_print(wb_title);
    if (l >= 0)
        BIO_closesocket(l);
    if (c >= 0)
        BIO_closesocket(c);
    if (s >= 0)
        BIO_closesocket(s);
    if (u >= 0)
        BIO_closesocket(u);
    if (six >= 0)
        BIO_closesocket(six);
    if (ctx >= 0)
        BIO_closesocket(ctx);
    if (t >= 0)
        BIO_closesocket(t);
    if (tls >= 0)
        BIO_closesocket(tls);
    return ok ? 0 : 1;
}
