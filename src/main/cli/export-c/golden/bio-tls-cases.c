/*
 * export-c BIO and TLS cases
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

#define WB_STEPS 40
static struct wb_rec R[WB_STEPS];
static int wb_pending[WB_STEPS] __attribute__((unused));
static const char wb_title[] = "export-c BIO and TLS cases";

/* The scenario's sockets, named as the scenario names them. */
static int ab = -1;
static BIO *bio_ab __attribute__((unused));
static struct wb_info wb_info_ab = { "ab", 0, 0, 0, "no open socket is named \"ab\" yet" };
static int cb = -1;
static BIO *bio_cb __attribute__((unused));
static struct wb_info wb_info_cb = { "cb", 0, 0, 0, "no open socket is named \"cb\" yet" };
static int conn = -1;
static BIO *bio_conn __attribute__((unused));
static struct wb_info wb_info_conn = { "conn", 0, 0, 0, "no open socket is named \"conn\" yet" };
static int sctx = -1;
static BIO *bio_sctx __attribute__((unused));
static struct wb_info wb_info_sctx = { "sctx", 0, 0, 0, "no open socket is named \"sctx\" yet" };
static int cctx = -1;
static BIO *bio_cctx __attribute__((unused));
static struct wb_info wb_info_cctx = { "cctx", 0, 0, 0, "no open socket is named \"cctx\" yet" };
static int open_sock = -1;
static BIO *bio_open_sock __attribute__((unused));
static struct wb_info wb_info_open_sock = { "open", 0, 0, 0, "no open socket is named \"open\" yet" };
static int cs = -1;
static BIO *bio_cs __attribute__((unused));
static struct wb_info wb_info_cs = { "cs", 0, 0, 0, "no open socket is named \"cs\" yet" };
static int ss = -1;
static BIO *bio_ss __attribute__((unused));
static struct wb_info wb_info_ss = { "ss", 0, 0, 0, "no open socket is named \"ss\" yet" };
static int s = -1;
static BIO *bio_s __attribute__((unused));
static struct wb_info wb_info_s = { "s", 0, 0, 0, "no open socket is named \"s\" yet" };
static int plain = -1;
static BIO *bio_plain __attribute__((unused));
static struct wb_info wb_info_plain = { "plain", 0, 0, 0, "no open socket is named \"plain\" yet" };
/* TLS: build with cc prog.c -lssl -lcrypto */
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
static int wb_ssl_error[WB_STEPS] __attribute__((unused));
static long wb_verify[WB_STEPS] __attribute__((unused));
static SSL_CTX *ctx_sctx __attribute__((unused));
static SSL_CTX *ctx_cctx __attribute__((unused));
static SSL_CTX *ctx_open_sock __attribute__((unused));
static SSL *ssl_cs __attribute__((unused));
static SSL *ssl_ss __attribute__((unused));
static SSL *ssl_plain __attribute__((unused));

/* step 1: ab = BIO_new_accept("127.0.0.1:0") */
static int wb_step_0(int wb_mode)
{
    struct wb_rec *r = wb_begin(0, "BIO_new_accept", "ab = BIO_new_accept(\"127.0.0.1:0\")");
    long wb_ret;
    (void)wb_mode;
    char wb_addr_text[512];
    snprintf(wb_addr_text, sizeof wb_addr_text, "127.0.0.1:0");
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = (bio_ab = BIO_new_accept(wb_addr_text)) != NULL;
    wb_record_call(r, wb_ret, wb_ret == 0);
    wb_info_ab.connected = 0;
    wb_info_ab.accepted = 0;
    if (bio_ab == NULL) {
        wb_info_ab.gone = "BIO_new_accept for \"ab\" returned NULL, so there is no BIO named \"ab\"";
        return 1;
    }
    ab = (int)BIO_get_fd(bio_ab, NULL);
    if (ab >= 0)
        wb_snapshot(&r->socket, ab, &wb_info_ab);
    return 1;
}

/* step 2: BIO_set_accept_name(ab, "127.0.0.1:0") */
static int wb_step_1(int wb_mode)
{
    struct wb_rec *r = wb_begin(1, "BIO_set_accept_name", "BIO_set_accept_name(ab, \"127.0.0.1:0\")");
    long wb_ret;
    (void)wb_mode;
    if (bio_ab == NULL)
        return wb_refuse(r, wb_info_ab.gone);
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = BIO_set_accept_name(bio_ab, "127.0.0.1:0");
    wb_record_call(r, wb_ret, wb_ret <= 0);
    ab = (int)BIO_get_fd(bio_ab, NULL);
    if (ab >= 0)
        wb_snapshot(&r->socket, ab, &wb_info_ab);
    return 1;
}

/* step 3: BIO_set_accept_port(ab, "0") */
static int wb_step_2(int wb_mode)
{
    struct wb_rec *r = wb_begin(2, "BIO_set_accept_port", "BIO_set_accept_port(ab, \"0\")");
    long wb_ret;
    (void)wb_mode;
    if (bio_ab == NULL)
        return wb_refuse(r, wb_info_ab.gone);
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = BIO_set_accept_port(bio_ab, "0");
    wb_record_call(r, wb_ret, wb_ret <= 0);
    ab = (int)BIO_get_fd(bio_ab, NULL);
    if (ab >= 0)
        wb_snapshot(&r->socket, ab, &wb_info_ab);
    return 1;
}

/* step 4: BIO_set_accept_ip_family(ab, BIO_FAMILY_IPV4) */
static int wb_step_3(int wb_mode)
{
    struct wb_rec *r = wb_begin(3, "BIO_set_accept_ip_family", "BIO_set_accept_ip_family(ab, BIO_FAMILY_IPV4)");
    long wb_ret;
    (void)wb_mode;
    if (bio_ab == NULL)
        return wb_refuse(r, wb_info_ab.gone);
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = BIO_set_accept_ip_family(bio_ab, BIO_FAMILY_IPV4);
    wb_record_call(r, wb_ret, wb_ret <= 0);
    ab = (int)BIO_get_fd(bio_ab, NULL);
    if (ab >= 0)
        wb_snapshot(&r->socket, ab, &wb_info_ab);
    return 1;
}

/* step 5: BIO_set_bind_mode(ab, BIO_BIND_REUSEADDR) */
static int wb_step_4(int wb_mode)
{
    struct wb_rec *r = wb_begin(4, "BIO_set_bind_mode", "BIO_set_bind_mode(ab, BIO_BIND_REUSEADDR)");
    long wb_ret;
    (void)wb_mode;
    if (bio_ab == NULL)
        return wb_refuse(r, wb_info_ab.gone);
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = BIO_set_bind_mode(bio_ab, BIO_BIND_REUSEADDR);
    wb_record_call(r, wb_ret, wb_ret <= 0);
    ab = (int)BIO_get_fd(bio_ab, NULL);
    if (ab >= 0)
        wb_snapshot(&r->socket, ab, &wb_info_ab);
    return 1;
}

/* step 6: BIO_set_nbio_accept(ab, 1) */
static int wb_step_5(int wb_mode)
{
    struct wb_rec *r = wb_begin(5, "BIO_set_nbio_accept", "BIO_set_nbio_accept(ab, 1)");
    long wb_ret;
    (void)wb_mode;
    if (bio_ab == NULL)
        return wb_refuse(r, wb_info_ab.gone);
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = BIO_set_nbio_accept(bio_ab, 1);
    wb_record_call(r, wb_ret, wb_ret <= 0);
    ab = (int)BIO_get_fd(bio_ab, NULL);
    if (ab >= 0)
        wb_snapshot(&r->socket, ab, &wb_info_ab);
    return 1;
}

/* step 7: BIO_do_accept(ab) */
static int wb_step_6(int wb_mode)
{
    struct wb_rec *r = wb_begin(6, "BIO_do_accept", "BIO_do_accept(ab)");
    long wb_ret;
    (void)wb_mode;
    if (bio_ab == NULL)
        return wb_refuse(r, wb_info_ab.gone);
    if (ab >= 0) {
        int wb_go = wb_readiness(r, wb_mode, ab, &wb_info_ab, POLLIN, -1, "incoming connection");
        if (wb_go != WB_GO)
            return wb_go == WB_ENDED;
    }
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = BIO_do_accept(bio_ab);
    wb_record_call(r, wb_ret, wb_ret <= 0);
    ab = (int)BIO_get_fd(bio_ab, NULL);
    if (ab >= 0)
        wb_snapshot(&r->socket, ab, &wb_info_ab);
    return 1;
}

/* step 8: cb = BIO_new_connect("localhost:{ab.port}") */
static int wb_step_7(int wb_mode)
{
    struct wb_rec *r = wb_begin(7, "BIO_new_connect", "cb = BIO_new_connect(\"localhost:{ab.port}\")");
    long wb_ret;
    (void)wb_mode;
    char wb_addr_text[512];
    if (wb_info_ab.port <= 0)
        return wb_refuse(r, "addr: {ab.port}: socket \"ab\" has no bound port yet");
    snprintf(wb_addr_text, sizeof wb_addr_text, "localhost:%d", wb_info_ab.port);
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = (bio_cb = BIO_new_connect(wb_addr_text)) != NULL;
    wb_record_call(r, wb_ret, wb_ret == 0);
    wb_info_cb.connected = 1;
    wb_info_cb.accepted = 0;
    if (bio_cb == NULL) {
        wb_info_cb.gone = "BIO_new_connect for \"cb\" returned NULL, so there is no BIO named \"cb\"";
        return 1;
    }
    cb = (int)BIO_get_fd(bio_cb, NULL);
    if (cb >= 0)
        wb_snapshot(&r->socket, cb, &wb_info_cb);
    return 1;
}

/* step 9: BIO_set_conn_hostname(cb, "a <U+005C>"quoted<U+005C>" host") */
static int wb_step_8(int wb_mode)
{
    struct wb_rec *r = wb_begin(8, "BIO_set_conn_hostname", "BIO_set_conn_hostname(cb, \"a \\\"quoted\\\" host\")");
    long wb_ret;
    (void)wb_mode;
    if (bio_cb == NULL)
        return wb_refuse(r, wb_info_cb.gone);
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = BIO_set_conn_hostname(bio_cb, "a \"quoted\" host");
    wb_record_call(r, wb_ret, wb_ret <= 0);
    cb = (int)BIO_get_fd(bio_cb, NULL);
    if (cb >= 0)
        wb_snapshot(&r->socket, cb, &wb_info_cb);
    return 1;
}

/* step 10: BIO_set_conn_port(cb, "{ab.port}") */
static int wb_step_9(int wb_mode)
{
    struct wb_rec *r = wb_begin(9, "BIO_set_conn_port", "BIO_set_conn_port(cb, \"{ab.port}\")");
    long wb_ret;
    (void)wb_mode;
    if (bio_cb == NULL)
        return wb_refuse(r, wb_info_cb.gone);
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = BIO_set_conn_port(bio_cb, "{ab.port}");
    wb_record_call(r, wb_ret, wb_ret <= 0);
    cb = (int)BIO_get_fd(bio_cb, NULL);
    if (cb >= 0)
        wb_snapshot(&r->socket, cb, &wb_info_cb);
    return 1;
}

/* step 11: BIO_set_conn_address(cb, addr) is not made: BIO_set_conn_address is not exported to C yet (the workbench runs it; this program does not make it) */
static int wb_step_10(int wb_mode)
{
    (void)wb_mode;
    return wb_refuse(wb_begin(10, "BIO_set_conn_address", "BIO_set_conn_address(cb, addr)"), "BIO_set_conn_address is not exported to C yet (the workbench runs it; this program does not make it)");
}

/* step 12: BIO_set_conn_ip_family(cb, BIO_FAMILY_IPANY) */
static int wb_step_11(int wb_mode)
{
    struct wb_rec *r = wb_begin(11, "BIO_set_conn_ip_family", "BIO_set_conn_ip_family(cb, BIO_FAMILY_IPANY)");
    long wb_ret;
    (void)wb_mode;
    if (bio_cb == NULL)
        return wb_refuse(r, wb_info_cb.gone);
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = BIO_set_conn_ip_family(bio_cb, BIO_FAMILY_IPANY);
    wb_record_call(r, wb_ret, wb_ret <= 0);
    cb = (int)BIO_get_fd(bio_cb, NULL);
    if (cb >= 0)
        wb_snapshot(&r->socket, cb, &wb_info_cb);
    return 1;
}

/* step 13: BIO_set_conn_mode(cb, BIO_SOCK_KEEPALIVE | BIO_SOCK_NODELAY) */
static int wb_step_12(int wb_mode)
{
    struct wb_rec *r = wb_begin(12, "BIO_set_conn_mode", "BIO_set_conn_mode(cb, BIO_SOCK_KEEPALIVE | BIO_SOCK_NODELAY)");
    long wb_ret;
    (void)wb_mode;
    if (bio_cb == NULL)
        return wb_refuse(r, wb_info_cb.gone);
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = BIO_set_conn_mode(bio_cb, BIO_SOCK_KEEPALIVE | BIO_SOCK_NODELAY);
    wb_record_call(r, wb_ret, wb_ret <= 0);
    cb = (int)BIO_get_fd(bio_cb, NULL);
    if (cb >= 0)
        wb_snapshot(&r->socket, cb, &wb_info_cb);
    return 1;
}

/* step 14: BIO_set_nbio(cb, 0) */
static int wb_step_13(int wb_mode)
{
    struct wb_rec *r = wb_begin(13, "BIO_set_nbio", "BIO_set_nbio(cb, 0)");
    long wb_ret;
    (void)wb_mode;
    if (bio_cb == NULL)
        return wb_refuse(r, wb_info_cb.gone);
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = BIO_set_nbio(bio_cb, 0);
    wb_record_call(r, wb_ret, wb_ret <= 0);
    cb = (int)BIO_get_fd(bio_cb, NULL);
    if (cb >= 0)
        wb_snapshot(&r->socket, cb, &wb_info_cb);
    return 1;
}

/* step 15: BIO_do_connect(cb) */
static int wb_step_14(int wb_mode)
{
    struct wb_rec *r = wb_begin(14, "BIO_do_connect", "BIO_do_connect(cb)");
    long wb_ret;
    (void)wb_mode;
    if (bio_cb == NULL)
        return wb_refuse(r, wb_info_cb.gone);
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = BIO_do_connect(bio_cb);
    wb_record_call(r, wb_ret, wb_ret <= 0);
    cb = (int)BIO_get_fd(bio_cb, NULL);
    if (cb >= 0)
        wb_snapshot(&r->socket, cb, &wb_info_cb);
    return 1;
}

/* step 16: BIO_do_connect_retry(cb, 5, 10) */
static int wb_step_15(int wb_mode)
{
    struct wb_rec *r = wb_begin(15, "BIO_do_connect_retry", "BIO_do_connect_retry(cb, 5, 10)");
    long wb_ret;
    (void)wb_mode;
    if (bio_cb == NULL)
        return wb_refuse(r, wb_info_cb.gone);
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = BIO_do_connect_retry(bio_cb, 5, 10);
    wb_record_call(r, wb_ret, wb_ret <= 0);
    cb = (int)BIO_get_fd(bio_cb, NULL);
    if (cb >= 0)
        wb_snapshot(&r->socket, cb, &wb_info_cb);
    return 1;
}

/* step 17: BIO_do_connect_retry(cb, 0, 0) */
static int wb_step_16(int wb_mode)
{
    struct wb_rec *r = wb_begin(16, "BIO_do_connect_retry", "BIO_do_connect_retry(cb, 0, 0)");
    long wb_ret;
    (void)wb_mode;
    if (bio_cb == NULL)
        return wb_refuse(r, wb_info_cb.gone);
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = BIO_do_connect_retry(bio_cb, 0, 0);
    wb_record_call(r, wb_ret, wb_ret <= 0);
    cb = (int)BIO_get_fd(bio_cb, NULL);
    if (cb >= 0)
        wb_snapshot(&r->socket, cb, &wb_info_cb);
    return 1;
}

/* step 18: BIO_get_fd(cb, &fd) */
static int wb_step_17(int wb_mode)
{
    struct wb_rec *r = wb_begin(17, "BIO_get_fd", "BIO_get_fd(cb, &fd)");
    long wb_ret;
    (void)wb_mode;
    if (bio_cb == NULL)
        return wb_refuse(r, wb_info_cb.gone);
    int wb_fd_out = -1;
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = BIO_get_fd(bio_cb, &wb_fd_out);
    wb_record_call(r, wb_ret, wb_ret < 0);
    if (wb_ret >= 0)
        wb_result_number(r, "fd", wb_fd_out);
    cb = (int)BIO_get_fd(bio_cb, NULL);
    if (cb >= 0)
        wb_snapshot(&r->socket, cb, &wb_info_cb);
    return 1;
}

/* step 19: BIO_do_accept(ab) */
static int wb_step_18(int wb_mode)
{
    struct wb_rec *r = wb_begin(18, "BIO_do_accept", "BIO_do_accept(ab)");
    long wb_ret;
    (void)wb_mode;
    if (bio_ab == NULL)
        return wb_refuse(r, wb_info_ab.gone);
    if (ab >= 0) {
        int wb_go = wb_readiness(r, wb_mode, ab, &wb_info_ab, POLLIN, 5000, "incoming connection");
        if (wb_go != WB_GO)
            return wb_go == WB_ENDED;
    }
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = BIO_do_accept(bio_ab);
    wb_record_call(r, wb_ret, wb_ret <= 0);
    ab = (int)BIO_get_fd(bio_ab, NULL);
    if (ab >= 0)
        wb_snapshot(&r->socket, ab, &wb_info_ab);
    return 1;
}

/* step 20: conn = BIO_pop(ab) */
static int wb_step_19(int wb_mode)
{
    struct wb_rec *r = wb_begin(19, "BIO_pop", "conn = BIO_pop(ab)");
    long wb_ret;
    (void)wb_mode;
    if (bio_ab == NULL)
        return wb_refuse(r, wb_info_ab.gone);
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = (bio_conn = BIO_pop(bio_ab)) != NULL;
    wb_record_call(r, wb_ret, 0);
    if (bio_conn == NULL) {
        wb_info_conn.gone = "BIO_pop for \"conn\" returned NULL, so there is no BIO named \"conn\"";
        return 1;
    }
    wb_info_conn.accepted = 1;
    conn = (int)BIO_get_fd(bio_conn, NULL);
    if (conn >= 0)
        wb_snapshot(&r->socket, conn, &wb_info_conn);
    return 1;
}

/* step 21: sctx = SSL_CTX_new(TLS_server_method()); SSL_CTX_use_certificate_chain_file(sctx, "demo"); SSL_CTX_use_PrivateKey_file(sctx, "demo", SSL_FILETYPE_PEM); SSL_CTX_set_min_proto_version(sctx, TLS1_2_VERSION); SSL_CTX_set_max_proto_version(sctx, TLS1_3_VERSION); SSL_CTX_set_alpn_protos(sctx, alpn, 12) */
static int wb_step_20(int wb_mode)
{
    struct wb_rec *r = wb_begin(20, "SSL_CTX_new", "sctx = SSL_CTX_new(TLS_server_method()); SSL_CTX_use_certificate_chain_file(sctx, \"demo\"); SSL_CTX_use_PrivateKey_file(sctx, \"demo\", SSL_FILETYPE_PEM); SSL_CTX_set_min_proto_version(sctx, TLS1_2_VERSION); SSL_CTX_set_max_proto_version(sctx, TLS1_3_VERSION); SSL_CTX_set_alpn_protos(sctx, alpn, 12)");
    long wb_ret;
    (void)wb_mode;
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = (ctx_sctx = SSL_CTX_new(TLS_server_method())) != NULL;
    wb_record_call(r, wb_ret, wb_ret == 0);
    if (ctx_sctx == NULL) {
        wb_info_sctx.gone = "SSL_CTX_new for \"sctx\" returned NULL";
        return 1;
    }
    ERR_clear_error();
    errno = 0;
    wb_ret = SSL_CTX_use_certificate_chain_file(ctx_sctx, "<resources/tls>/demo-cert.pem");
    if (!(wb_ret == 1)) {
        wb_record_call(r, wb_ret, errno != 0);
        SSL_CTX_free(ctx_sctx);
        ctx_sctx = NULL;
        wb_info_sctx.gone = "SSL_CTX_use_certificate_chain_file failed, so there is no object named \"sctx\"";
        return 1;
    }
    ERR_clear_error();
    errno = 0;
    wb_ret = SSL_CTX_use_PrivateKey_file(ctx_sctx, "<resources/tls>/demo-key.pem", SSL_FILETYPE_PEM);
    if (!(wb_ret == 1)) {
        wb_record_call(r, wb_ret, errno != 0);
        SSL_CTX_free(ctx_sctx);
        ctx_sctx = NULL;
        wb_info_sctx.gone = "SSL_CTX_use_PrivateKey_file failed, so there is no object named \"sctx\"";
        return 1;
    }
    ERR_clear_error();
    errno = 0;
    wb_ret = SSL_CTX_set_min_proto_version(ctx_sctx, TLS1_2_VERSION);
    if (!(wb_ret == 1)) {
        wb_record_call(r, wb_ret, errno != 0);
        SSL_CTX_free(ctx_sctx);
        ctx_sctx = NULL;
        wb_info_sctx.gone = "SSL_CTX_set_min_proto_version failed, so there is no object named \"sctx\"";
        return 1;
    }
    ERR_clear_error();
    errno = 0;
    wb_ret = SSL_CTX_set_max_proto_version(ctx_sctx, TLS1_3_VERSION);
    if (!(wb_ret == 1)) {
        wb_record_call(r, wb_ret, errno != 0);
        SSL_CTX_free(ctx_sctx);
        ctx_sctx = NULL;
        wb_info_sctx.gone = "SSL_CTX_set_max_proto_version failed, so there is no object named \"sctx\"";
        return 1;
    }
    static const unsigned char wb_alpn[13] = "\002h2\010http/1.1";
    ERR_clear_error();
    errno = 0;
    wb_ret = SSL_CTX_set_alpn_protos(ctx_sctx, wb_alpn, 12);
    if (!(wb_ret == 0)) {
        wb_record_call(r, wb_ret, errno != 0);
        SSL_CTX_free(ctx_sctx);
        ctx_sctx = NULL;
        wb_info_sctx.gone = "SSL_CTX_set_alpn_protos failed, so there is no object named \"sctx\"";
        return 1;
    }
    return 1;
}

/* step 22: cctx = SSL_CTX_new(TLS_client_method()); SSL_CTX_set_verify(cctx, SSL_VERIFY_PEER, NULL); SSL_CTX_load_verify_locations(cctx, "demo", NULL); SSL_CTX_set_min_proto_version(cctx, TLS1_3_VERSION) */
static int wb_step_21(int wb_mode)
{
    struct wb_rec *r = wb_begin(21, "SSL_CTX_new", "cctx = SSL_CTX_new(TLS_client_method()); SSL_CTX_set_verify(cctx, SSL_VERIFY_PEER, NULL); SSL_CTX_load_verify_locations(cctx, \"demo\", NULL); SSL_CTX_set_min_proto_version(cctx, TLS1_3_VERSION)");
    long wb_ret;
    (void)wb_mode;
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = (ctx_cctx = SSL_CTX_new(TLS_client_method())) != NULL;
    wb_record_call(r, wb_ret, wb_ret == 0);
    if (ctx_cctx == NULL) {
        wb_info_cctx.gone = "SSL_CTX_new for \"cctx\" returned NULL";
        return 1;
    }
    SSL_CTX_set_verify(ctx_cctx, SSL_VERIFY_PEER, NULL);
    ERR_clear_error();
    errno = 0;
    wb_ret = SSL_CTX_load_verify_locations(ctx_cctx, "<resources/tls>/demo-cert.pem", NULL);
    if (!(wb_ret == 1)) {
        wb_record_call(r, wb_ret, errno != 0);
        SSL_CTX_free(ctx_cctx);
        ctx_cctx = NULL;
        wb_info_cctx.gone = "SSL_CTX_load_verify_locations failed, so there is no object named \"cctx\"";
        return 1;
    }
    ERR_clear_error();
    errno = 0;
    wb_ret = SSL_CTX_set_min_proto_version(ctx_cctx, TLS1_3_VERSION);
    if (!(wb_ret == 1)) {
        wb_record_call(r, wb_ret, errno != 0);
        SSL_CTX_free(ctx_cctx);
        ctx_cctx = NULL;
        wb_info_cctx.gone = "SSL_CTX_set_min_proto_version failed, so there is no object named \"cctx\"";
        return 1;
    }
    return 1;
}

/* step 23: open = SSL_CTX_new(TLS_client_method()); SSL_CTX_set_verify(open, SSL_VERIFY_NONE, NULL) */
static int wb_step_22(int wb_mode)
{
    struct wb_rec *r = wb_begin(22, "SSL_CTX_new", "open = SSL_CTX_new(TLS_client_method()); SSL_CTX_set_verify(open, SSL_VERIFY_NONE, NULL)");
    long wb_ret;
    (void)wb_mode;
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = (ctx_open_sock = SSL_CTX_new(TLS_client_method())) != NULL;
    wb_record_call(r, wb_ret, wb_ret == 0);
    if (ctx_open_sock == NULL) {
        wb_info_open_sock.gone = "SSL_CTX_new for \"open\" returned NULL";
        return 1;
    }
    SSL_CTX_set_verify(ctx_open_sock, SSL_VERIFY_NONE, NULL);
    return 1;
}

/* step 24: cs = SSL_new(cctx); SSL_set_bio(cs, cb, cb); SSL_set_tlsext_host_name(cs, "workbench.test"); SSL_set1_host(cs, "workbench.test") */
static int wb_step_23(int wb_mode)
{
    struct wb_rec *r = wb_begin(23, "SSL_new", "cs = SSL_new(cctx); SSL_set_bio(cs, cb, cb); SSL_set_tlsext_host_name(cs, \"workbench.test\"); SSL_set1_host(cs, \"workbench.test\")");
    long wb_ret;
    (void)wb_mode;
    if (ctx_cctx == NULL)
        return wb_refuse(r, wb_info_cctx.gone);
    if (bio_cb == NULL)
        return wb_refuse(r, "no BIO is named \"cb\"");
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = (ssl_cs = SSL_new(ctx_cctx)) != NULL;
    wb_record_call(r, wb_ret, wb_ret == 0);
    if (ssl_cs == NULL) {
        wb_info_cs.gone = "SSL_new for \"cs\" returned NULL";
        return 1;
    }
    SSL_set_bio(ssl_cs, bio_cb, bio_cb);
    SSL_set_tlsext_host_name(ssl_cs, "workbench.test");
    SSL_set1_host(ssl_cs, "workbench.test");
    return 1;
}

/* step 25: ss = SSL_new(sctx); SSL_set_bio(ss, conn, conn) */
static int wb_step_24(int wb_mode)
{
    struct wb_rec *r = wb_begin(24, "SSL_new", "ss = SSL_new(sctx); SSL_set_bio(ss, conn, conn)");
    long wb_ret;
    (void)wb_mode;
    if (ctx_sctx == NULL)
        return wb_refuse(r, wb_info_sctx.gone);
    if (bio_conn == NULL)
        return wb_refuse(r, "no BIO is named \"conn\"");
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = (ssl_ss = SSL_new(ctx_sctx)) != NULL;
    wb_record_call(r, wb_ret, wb_ret == 0);
    if (ssl_ss == NULL) {
        wb_info_ss.gone = "SSL_new for \"ss\" returned NULL";
        return 1;
    }
    SSL_set_bio(ssl_ss, bio_conn, bio_conn);
    return 1;
}

/* step 26: s = BIO_socket(AF_INET, SOCK_STREAM, 0, 0) */
static int wb_step_25(int wb_mode)
{
    struct wb_rec *r = wb_begin(25, "BIO_socket", "s = BIO_socket(AF_INET, SOCK_STREAM, 0, 0)");
    long wb_ret;
    (void)wb_mode;
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = s = BIO_socket(AF_INET, SOCK_STREAM, 0, 0);
    wb_record_call(r, wb_ret, wb_ret < 0);
    wb_created(r, s, &wb_info_s, 0);
    return 1;
}

/* step 27: plain = SSL_new(open); SSL_set_fd(plain, s) */
static int wb_step_26(int wb_mode)
{
    struct wb_rec *r = wb_begin(26, "SSL_new", "plain = SSL_new(open); SSL_set_fd(plain, s)");
    long wb_ret;
    (void)wb_mode;
    if (ctx_open_sock == NULL)
        return wb_refuse(r, wb_info_open_sock.gone);
    if (s < 0)
        return wb_refuse(r, wb_info_s.gone);
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = (ssl_plain = SSL_new(ctx_open_sock)) != NULL;
    wb_record_call(r, wb_ret, wb_ret == 0);
    if (ssl_plain == NULL) {
        wb_info_plain.gone = "SSL_new for \"plain\" returned NULL";
        return 1;
    }
    SSL_set_fd(ssl_plain, s);
    wb_snapshot(&r->socket, s, &wb_info_s);
    return 1;
}

/* step 28: SSL_connect(cs) */
static int wb_step_27(int wb_mode)
{
    struct wb_rec *r = wb_begin(27, "SSL_connect", "SSL_connect(cs)");
    long wb_ret;
    (void)wb_mode;
    if (ssl_cs == NULL)
        return wb_refuse(r, wb_info_cs.gone);
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = SSL_connect(ssl_cs);
    int wb_failed = wb_ret <= 0 && errno != 0;
    wb_ssl_error[27] = SSL_get_error(ssl_cs, (int)wb_ret);
    wb_record_call(r, wb_ret, wb_failed);
    wb_verify[27] = SSL_get_verify_result(ssl_cs);
    cb = (int)BIO_get_fd(bio_cb, NULL);
    if (cb >= 0)
        wb_snapshot(&r->socket, cb, &wb_info_cb);
    return 1;
}

/* step 29: SSL_accept(ss) */
static int wb_step_28(int wb_mode)
{
    struct wb_rec *r = wb_begin(28, "SSL_accept", "SSL_accept(ss)");
    long wb_ret;
    (void)wb_mode;
    if (ssl_ss == NULL)
        return wb_refuse(r, wb_info_ss.gone);
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = SSL_accept(ssl_ss);
    int wb_failed = wb_ret <= 0 && errno != 0;
    wb_ssl_error[28] = SSL_get_error(ssl_ss, (int)wb_ret);
    wb_record_call(r, wb_ret, wb_failed);
    wb_verify[28] = SSL_get_verify_result(ssl_ss);
    conn = (int)BIO_get_fd(bio_conn, NULL);
    if (conn >= 0)
        wb_snapshot(&r->socket, conn, &wb_info_conn);
    return 1;
}

/* step 30: SSL_write(cs, data, 12) */
static int wb_step_29(int wb_mode)
{
    struct wb_rec *r = wb_begin(29, "SSL_write", "SSL_write(cs, data, 12)");
    long wb_ret;
    (void)wb_mode;
    if (ssl_cs == NULL)
        return wb_refuse(r, wb_info_cs.gone);
    static const unsigned char data[13] = "over */ TLS\012";
    wb_set_data(r, data, 12);
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = SSL_write(ssl_cs, data, 12);
    int wb_failed = wb_ret <= 0 && errno != 0;
    wb_ssl_error[29] = SSL_get_error(ssl_cs, (int)wb_ret);
    wb_record_call(r, wb_ret, wb_failed);
    wb_verify[29] = SSL_get_verify_result(ssl_cs);
    cb = (int)BIO_get_fd(bio_cb, NULL);
    if (cb >= 0)
        wb_snapshot(&r->socket, cb, &wb_info_cb);
    return 1;
}

/* step 31: SSL_read(ss, buf, 64) */
static int wb_step_30(int wb_mode)
{
    struct wb_rec *r = wb_begin(30, "SSL_read", "SSL_read(ss, buf, 64)");
    long wb_ret;
    (void)wb_mode;
    if (ssl_ss == NULL)
        return wb_refuse(r, wb_info_ss.gone);
    unsigned char *buf = malloc(64);
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = SSL_read(ssl_ss, buf, 64);
    int wb_failed = wb_ret <= 0 && errno != 0;
    wb_ssl_error[30] = SSL_get_error(ssl_ss, (int)wb_ret);
    wb_record_call(r, wb_ret, wb_failed);
    wb_verify[30] = SSL_get_verify_result(ssl_ss);
    wb_set_data(r, buf, wb_ret > 0 ? (size_t)wb_ret : 0);
    free(buf);
    conn = (int)BIO_get_fd(bio_conn, NULL);
    if (conn >= 0)
        wb_snapshot(&r->socket, conn, &wb_info_conn);
    return 1;
}

/* step 32: SSL_shutdown(cs) */
static int wb_step_31(int wb_mode)
{
    struct wb_rec *r = wb_begin(31, "SSL_shutdown", "SSL_shutdown(cs)");
    long wb_ret;
    (void)wb_mode;
    if (ssl_cs == NULL)
        return wb_refuse(r, wb_info_cs.gone);
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = SSL_shutdown(ssl_cs);
    int wb_failed = wb_ret < 0 && errno != 0;
    wb_ssl_error[31] = SSL_get_error(ssl_cs, (int)wb_ret);
    wb_record_call(r, wb_ret, wb_failed);
    wb_verify[31] = SSL_get_verify_result(ssl_cs);
    cb = (int)BIO_get_fd(bio_cb, NULL);
    if (cb >= 0)
        wb_snapshot(&r->socket, cb, &wb_info_cb);
    return 1;
}

/* step 33: SSL_free(cs) */
static int wb_step_32(int wb_mode)
{
    struct wb_rec *r = wb_begin(32, "SSL_free", "SSL_free(cs)");
    long wb_ret;
    (void)wb_mode;
    if (ssl_cs == NULL)
        return wb_refuse(r, wb_info_cs.gone);
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    SSL_free(ssl_cs); wb_ret = 0;
    wb_record_call(r, wb_ret, 0);
    r->has_ret = 0; /* SSL_free returns nothing */
    ssl_cs = NULL;
    wb_info_cs.gone = "TLS connection \"cs\" was freed (SSL_free)";
    bio_cb = NULL; /* freed with the SSL object, closing its socket */
    cb = -1;
    return 1;
}

/* step 34: SSL_free(ss) */
static int wb_step_33(int wb_mode)
{
    struct wb_rec *r = wb_begin(33, "SSL_free", "SSL_free(ss)");
    long wb_ret;
    (void)wb_mode;
    if (ssl_ss == NULL)
        return wb_refuse(r, wb_info_ss.gone);
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    SSL_free(ssl_ss); wb_ret = 0;
    wb_record_call(r, wb_ret, 0);
    r->has_ret = 0; /* SSL_free returns nothing */
    ssl_ss = NULL;
    wb_info_ss.gone = "TLS connection \"ss\" was freed (SSL_free)";
    bio_conn = NULL; /* freed with the SSL object, closing its socket */
    conn = -1;
    return 1;
}

/* step 35: SSL_free(plain) */
static int wb_step_34(int wb_mode)
{
    struct wb_rec *r = wb_begin(34, "SSL_free", "SSL_free(plain)");
    long wb_ret;
    (void)wb_mode;
    if (ssl_plain == NULL)
        return wb_refuse(r, wb_info_plain.gone);
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    SSL_free(ssl_plain); wb_ret = 0;
    wb_record_call(r, wb_ret, 0);
    r->has_ret = 0; /* SSL_free returns nothing */
    ssl_plain = NULL;
    wb_info_plain.gone = "TLS connection \"plain\" was freed (SSL_free)";
    return 1;
}

/* step 36: SSL_CTX_free(open) */
static int wb_step_35(int wb_mode)
{
    struct wb_rec *r = wb_begin(35, "SSL_CTX_free", "SSL_CTX_free(open)");
    long wb_ret;
    (void)wb_mode;
    if (ctx_open_sock == NULL)
        return wb_refuse(r, wb_info_open_sock.gone);
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    SSL_CTX_free(ctx_open_sock); wb_ret = 0;
    wb_record_call(r, wb_ret, 0);
    r->has_ret = 0; /* SSL_CTX_free returns nothing */
    ctx_open_sock = NULL;
    wb_info_open_sock.gone = "TLS context \"open\" was freed (SSL_CTX_free)";
    return 1;
}

/* step 37: SSL_CTX_free(cctx) */
static int wb_step_36(int wb_mode)
{
    struct wb_rec *r = wb_begin(36, "SSL_CTX_free", "SSL_CTX_free(cctx)");
    long wb_ret;
    (void)wb_mode;
    if (ctx_cctx == NULL)
        return wb_refuse(r, wb_info_cctx.gone);
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    SSL_CTX_free(ctx_cctx); wb_ret = 0;
    wb_record_call(r, wb_ret, 0);
    r->has_ret = 0; /* SSL_CTX_free returns nothing */
    ctx_cctx = NULL;
    wb_info_cctx.gone = "TLS context \"cctx\" was freed (SSL_CTX_free)";
    return 1;
}

/* step 38: SSL_CTX_free(sctx) */
static int wb_step_37(int wb_mode)
{
    struct wb_rec *r = wb_begin(37, "SSL_CTX_free", "SSL_CTX_free(sctx)");
    long wb_ret;
    (void)wb_mode;
    if (ctx_sctx == NULL)
        return wb_refuse(r, wb_info_sctx.gone);
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    SSL_CTX_free(ctx_sctx); wb_ret = 0;
    wb_record_call(r, wb_ret, 0);
    r->has_ret = 0; /* SSL_CTX_free returns nothing */
    ctx_sctx = NULL;
    wb_info_sctx.gone = "TLS context \"sctx\" was freed (SSL_CTX_free)";
    return 1;
}

/* step 39: BIO_free(conn) */
static int wb_step_38(int wb_mode)
{
    struct wb_rec *r = wb_begin(38, "BIO_free", "BIO_free(conn)");
    long wb_ret;
    (void)wb_mode;
    if (bio_conn == NULL)
        return wb_refuse(r, wb_info_conn.gone);
    conn = (int)BIO_get_fd(bio_conn, NULL);
    if (conn >= 0)
        wb_snapshot(&r->socket, conn, &wb_info_conn); /* the record shows the socket as it was, marked closed */
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = BIO_free(bio_conn);
    wb_record_call(r, wb_ret, wb_ret == 0);
    if (conn >= 0) {
        r->socket.role = "closed";
        r->socket.state = NULL;
    }
    bio_conn = NULL;
    conn = -1;
    wb_info_conn.gone = "BIO \"conn\" was freed (BIO_free)";
    return 1;
}

/* step 40: BIO_free(ab) */
static int wb_step_39(int wb_mode)
{
    struct wb_rec *r = wb_begin(39, "BIO_free", "BIO_free(ab)");
    long wb_ret;
    (void)wb_mode;
    if (bio_ab == NULL)
        return wb_refuse(r, wb_info_ab.gone);
    ab = (int)BIO_get_fd(bio_ab, NULL);
    if (ab >= 0)
        wb_snapshot(&r->socket, ab, &wb_info_ab); /* the record shows the socket as it was, marked closed */
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = BIO_free(bio_ab);
    wb_record_call(r, wb_ret, wb_ret == 0);
    if (ab >= 0) {
        r->socket.role = "closed";
        r->socket.state = NULL;
    }
    bio_ab = NULL;
    ab = -1;
    wb_info_ab.gone = "BIO \"ab\" was freed (BIO_free)";
    return 1;
}

static void wb_check_expectations(void)
{
    R[0].has_expect = 1;
    wb_expect_ret(&R[0], WB_RET_NUMBER, 1L);
    R[6].has_expect = 1;
    wb_expect_ret(&R[6], WB_RET_NUMBER, 1L);
    wb_expect_applied(&R[6], "SO_REUSEADDR", 1, 1);
    wb_expect_state(&R[6], "LISTEN");
    R[14].has_expect = 1;
    wb_expect_ret(&R[14], WB_RET_NUMBER, 1L);
    wb_expect_state(&R[14], "ESTABLISHED");
    R[17].has_expect = 1;
    wb_expect_ret(&R[17], WB_RET_FD, 0);
    R[18].has_expect = 1;
    wb_expect_ret(&R[18], WB_RET_NUMBER, 1L);
    R[19].has_expect = 1;
    wb_expect_ret(&R[19], WB_RET_NUMBER, 1L);
    R[21].has_expect = 1;
    wb_expect_ret(&R[21], WB_RET_NUMBER, 1L);
    R[24].has_expect = 1;
    wb_expect_ret(&R[24], WB_RET_NUMBER, 1L);
    R[27].has_expect = 1;
    wb_expect_ret(&R[27], WB_RET_NUMBER, 1L);
    wb_expect_flag(&R[27], "sslError SSL_ERROR_NONE", wb_ssl_error[27] == 0, 1);
    wb_expect_flag(&R[27], "verifyResult 0", wb_verify[27] == 0L, 1);
    R[28].has_expect = 1;
    wb_expect_ret(&R[28], WB_RET_NUMBER, 1L);
    R[29].has_expect = 1;
    wb_expect_ret(&R[29], WB_RET_NUMBER, 12L);
    R[30].has_expect = 1;
    wb_expect_data(&R[30], "over */ TLS\012", 12);
    R[31].has_expect = 1;
    wb_expect_ret(&R[31], WB_RET_NUMBER, 0L);
    R[38].has_expect = 1;
    wb_expect_ret(&R[38], WB_RET_NUMBER, 1L);
}

int main(void)
{
    wb_start(R, WB_STEPS);
    wb_step_0(WB_WAIT);
    wb_step_1(WB_WAIT);
    wb_step_2(WB_WAIT);
    wb_step_3(WB_WAIT);
    wb_step_4(WB_WAIT);
    wb_step_5(WB_WAIT);
    wb_step_6(WB_WAIT);
    wb_step_7(WB_WAIT);
    wb_step_8(WB_WAIT);
    wb_step_9(WB_WAIT);
    wb_step_10(WB_WAIT);
    wb_step_11(WB_WAIT);
    wb_step_12(WB_WAIT);
    wb_step_13(WB_WAIT);
    wb_step_14(WB_WAIT);
    wb_step_15(WB_WAIT);
    wb_step_16(WB_WAIT);
    wb_step_17(WB_WAIT);
    wb_step_18(WB_WAIT);
    wb_step_19(WB_WAIT);
    wb_step_20(WB_WAIT);
    wb_step_21(WB_WAIT);
    wb_step_22(WB_WAIT);
    wb_step_23(WB_WAIT);
    wb_step_24(WB_WAIT);
    wb_step_25(WB_WAIT);
    wb_step_26(WB_WAIT);
    wb_step_27(WB_WAIT);
    wb_step_28(WB_WAIT);
    wb_step_29(WB_WAIT);
    wb_step_30(WB_WAIT);
    wb_step_31(WB_WAIT);
    wb_step_32(WB_WAIT);
    wb_step_33(WB_WAIT);
    wb_step_34(WB_WAIT);
    wb_step_35(WB_WAIT);
    wb_step_36(WB_WAIT);
    wb_step_37(WB_WAIT);
    wb_step_38(WB_WAIT);
    wb_step_39(WB_WAIT);
    wb_check_expectations();
    int ok = wb_print(wb_title);
    if (ab >= 0)
        BIO_closesocket(ab);
    if (cb >= 0)
        BIO_closesocket(cb);
    if (conn >= 0)
        BIO_closesocket(conn);
    if (sctx >= 0)
        BIO_closesocket(sctx);
    if (cctx >= 0)
        BIO_closesocket(cctx);
    if (open_sock >= 0)
        BIO_closesocket(open_sock);
    if (cs >= 0)
        BIO_closesocket(cs);
    if (ss >= 0)
        BIO_closesocket(ss);
    if (s >= 0)
        BIO_closesocket(s);
    if (plain >= 0)
        BIO_closesocket(plain);
    return ok ? 0 : 1;
}
