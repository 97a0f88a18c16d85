/*
 * Every BIO_SOCK_* flag: what was asked for, and what the kernel applied
 * Each flag read back from the kernel after the call that honours it: BIO_listen applies SO_REUSEADDR, SO_KEEPALIVE, O_NONBLOCK and TCP_NODELAY (and IPV6_V6ONLY on IPv6); BIO_connect applies SO_KEEPALIVE, O_NONBLOCK and TCP_NODELAY; BIO_accept_ex applies only O_NONBLOCK to the accepted socket. BIO_socket ignores its options. BIO_SOCK_TFO (OpenSSL 3.2) reads back TCP_FASTOPEN 4096 on a listener with 3.2 or later, and 0 on 3.0 where the bit means nothing.
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

#define WB_STEPS 20
static struct wb_rec R[WB_STEPS];
static int wb_pending[WB_STEPS] __attribute__((unused));
static const char wb_title[] = "Every BIO_SOCK_* flag: what was asked for, and what the kernel applied";

/* The scenario's sockets, named as the scenario names them. */
static int plain = -1;
static BIO *bio_plain __attribute__((unused));
static struct wb_info wb_info_plain = { "plain", 0, 0, 0, "no open socket is named \"plain\" yet" };
static int l = -1;
static BIO *bio_l __attribute__((unused));
static struct wb_info wb_info_l = { "l", 0, 0, 0, "no open socket is named \"l\" yet" };
static int c = -1;
static BIO *bio_c __attribute__((unused));
static struct wb_info wb_info_c = { "c", 0, 0, 0, "no open socket is named \"c\" yet" };
static int a = -1;
static BIO *bio_a __attribute__((unused));
static struct wb_info wb_info_a = { "a", 0, 0, 0, "no open socket is named \"a\" yet" };
static int l6 = -1;
static BIO *bio_l6 __attribute__((unused));
static struct wb_info wb_info_l6 = { "l6", 0, 0, 0, "no open socket is named \"l6\" yet" };
static int tfo = -1;
static BIO *bio_tfo __attribute__((unused));
static struct wb_info wb_info_tfo = { "tfo", 0, 0, 0, "no open socket is named \"tfo\" yet" };
static int c2 = -1;
static BIO *bio_c2 __attribute__((unused));
static struct wb_info wb_info_c2 = { "c2", 0, 0, 0, "no open socket is named \"c2\" yet" };


/* step 1: plain = BIO_socket(AF_INET, SOCK_STREAM, 0, BIO_SOCK_KEEPALIVE | BIO_SOCK_NONBLOCK) (BIO_socket's options are unused) */
static int wb_step_0(int wb_mode)
{
    struct wb_rec *r = wb_begin(0, "BIO_socket", "plain = BIO_socket(AF_INET, SOCK_STREAM, 0, BIO_SOCK_KEEPALIVE | BIO_SOCK_NONBLOCK)");
    long wb_ret;
    (void)wb_mode;
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = plain = BIO_socket(AF_INET, SOCK_STREAM, 0, BIO_SOCK_KEEPALIVE | BIO_SOCK_NONBLOCK);
    wb_record_call(r, wb_ret, wb_ret < 0);
    wb_created(r, plain, &wb_info_plain, 0);
    return 1;
}

/* step 2: l = BIO_socket(AF_INET, SOCK_STREAM, 0, 0) */
static int wb_step_1(int wb_mode)
{
    struct wb_rec *r = wb_begin(1, "BIO_socket", "l = BIO_socket(AF_INET, SOCK_STREAM, 0, 0)");
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

/* step 3: BIO_listen(l, addr, BIO_SOCK_REUSEADDR | BIO_SOCK_KEEPALIVE | BIO_SOCK_NONBLOCK | BIO_SOCK_NODELAY) */
static int wb_step_2(int wb_mode)
{
    struct wb_rec *r = wb_begin(2, "BIO_listen", "BIO_listen(l, addr, BIO_SOCK_REUSEADDR | BIO_SOCK_KEEPALIVE | BIO_SOCK_NONBLOCK | BIO_SOCK_NODELAY)");
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
    wb_ret = BIO_listen(l, addr, BIO_SOCK_REUSEADDR | BIO_SOCK_KEEPALIVE | BIO_SOCK_NONBLOCK | BIO_SOCK_NODELAY);
    wb_record_call(r, wb_ret, wb_ret == 0);
    BIO_ADDRINFO_free(res);
    wb_snapshot(&r->socket, l, &wb_info_l);
    return 1;
}

/* step 4: c = BIO_socket(AF_INET, SOCK_STREAM, 0, 0) */
static int wb_step_3(int wb_mode)
{
    struct wb_rec *r = wb_begin(3, "BIO_socket", "c = BIO_socket(AF_INET, SOCK_STREAM, 0, 0)");
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

/* step 5: BIO_connect(c, addr, BIO_SOCK_KEEPALIVE | BIO_SOCK_NODELAY) */
static int wb_step_4(int wb_mode)
{
    struct wb_rec *r = wb_begin(4, "BIO_connect", "BIO_connect(c, addr, BIO_SOCK_KEEPALIVE | BIO_SOCK_NODELAY)");
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
    wb_ret = BIO_connect(c, addr, BIO_SOCK_KEEPALIVE | BIO_SOCK_NODELAY);
    wb_record_call(r, wb_ret, wb_ret == 0);
    BIO_ADDRINFO_free(res);
    wb_snapshot(&r->socket, c, &wb_info_c);
    return 1;
}

/* step 6: poll(&(struct pollfd){ l, POLLIN }, 1, 2000) */
static int wb_step_5(int wb_mode)
{
    struct wb_rec *r = wb_begin(5, "wait", "poll(&(struct pollfd){ l, POLLIN }, 1, 2000)");
    long wb_ret;
    (void)wb_mode;
    if (l < 0)
        return wb_refuse(r, wb_info_l.gone);
    struct pollfd wb_pfd = { l, POLLIN, 0 };
    wb_clock_start();
    wb_ret = poll(&wb_pfd, 1, wb_mode == WB_WAIT ? 2000 : 0); /* poll(&(struct pollfd){ l, POLLIN }, 1, 2000) */
    if (wb_ret == 0 && wb_mode == WB_NOW)
        return 0;
    r->duration_us = wb_clock_us();
    if (wb_ret == 0 && wb_mode == WB_CANCEL) {
        r->cancelled = "cancelled by request: the wait ended before poll reported anything";
    } else {
        r->has_ret = 1;
        r->ret = wb_ret;
        wb_result_revents(r, wb_pfd.revents);
    }
    wb_snapshot(&r->socket, l, &wb_info_l);
    return 1;
}

/* step 7: a = BIO_accept_ex(l, peer, BIO_SOCK_KEEPALIVE | BIO_SOCK_NONBLOCK) (BIO_accept_ex honours only BIO_SOCK_NONBLOCK; the accepted socket inherits SO_KEEPALIVE and TCP_NODELAY from the listener) */
static int wb_step_6(int wb_mode)
{
    struct wb_rec *r = wb_begin(6, "BIO_accept_ex", "a = BIO_accept_ex(l, peer, BIO_SOCK_KEEPALIVE | BIO_SOCK_NONBLOCK)");
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
    wb_ret = a = BIO_accept_ex(l, peer, BIO_SOCK_KEEPALIVE | BIO_SOCK_NONBLOCK);
    wb_record_call(r, wb_ret, wb_ret < 0);
    if (wb_ret >= 0)
        wb_result_peer(r, peer);
    BIO_ADDR_free(peer);
    wb_created(r, a, &wb_info_a, 1);
    wb_snapshot(wb_ret >= 0 ? &r->listener : &r->socket, l, &wb_info_l);
    return 1;
}

/* step 8: l6 = BIO_socket(AF_INET6, SOCK_STREAM, 0, 0) */
static int wb_step_7(int wb_mode)
{
    struct wb_rec *r = wb_begin(7, "BIO_socket", "l6 = BIO_socket(AF_INET6, SOCK_STREAM, 0, 0)");
    long wb_ret;
    (void)wb_mode;
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = l6 = BIO_socket(AF_INET6, SOCK_STREAM, 0, 0);
    wb_record_call(r, wb_ret, wb_ret < 0);
    wb_created(r, l6, &wb_info_l6, 0);
    return 1;
}

/* step 9: BIO_listen(l6, addr, BIO_SOCK_V6_ONLY) */
static int wb_step_8(int wb_mode)
{
    struct wb_rec *r = wb_begin(8, "BIO_listen", "BIO_listen(l6, addr, BIO_SOCK_V6_ONLY)");
    long wb_ret;
    (void)wb_mode;
    if (l6 < 0)
        return wb_refuse(r, wb_info_l6.gone);
    char wb_addr_text[512];
    snprintf(wb_addr_text, sizeof wb_addr_text, "[::1]:0");
    BIO_ADDRINFO *res = NULL;
    const BIO_ADDR *addr = wb_lookup_for(r, l6, wb_addr_text, BIO_LOOKUP_SERVER, -1, &res);
    if (addr == NULL)
        return 1;
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = BIO_listen(l6, addr, BIO_SOCK_V6_ONLY);
    wb_record_call(r, wb_ret, wb_ret == 0);
    BIO_ADDRINFO_free(res);
    wb_snapshot(&r->socket, l6, &wb_info_l6);
    return 1;
}

/* step 10: tfo = BIO_socket(AF_INET, SOCK_STREAM, 0, 0) */
static int wb_step_9(int wb_mode)
{
    struct wb_rec *r = wb_begin(9, "BIO_socket", "tfo = BIO_socket(AF_INET, SOCK_STREAM, 0, 0)");
    long wb_ret;
    (void)wb_mode;
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = tfo = BIO_socket(AF_INET, SOCK_STREAM, 0, 0);
    wb_record_call(r, wb_ret, wb_ret < 0);
    wb_created(r, tfo, &wb_info_tfo, 0);
    return 1;
}

/* step 11: BIO_listen(tfo, addr, BIO_SOCK_TFO) */
static int wb_step_10(int wb_mode)
{
    struct wb_rec *r = wb_begin(10, "BIO_listen", "BIO_listen(tfo, addr, BIO_SOCK_TFO)");
    long wb_ret;
    (void)wb_mode;
    if (tfo < 0)
        return wb_refuse(r, wb_info_tfo.gone);
    char wb_addr_text[512];
    snprintf(wb_addr_text, sizeof wb_addr_text, "127.0.0.1:0");
    BIO_ADDRINFO *res = NULL;
    const BIO_ADDR *addr = wb_lookup_for(r, tfo, wb_addr_text, BIO_LOOKUP_SERVER, -1, &res);
    if (addr == NULL)
        return 1;
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = BIO_listen(tfo, addr, BIO_SOCK_TFO);
    wb_record_call(r, wb_ret, wb_ret == 0);
    BIO_ADDRINFO_free(res);
    wb_snapshot(&r->socket, tfo, &wb_info_tfo);
    return 1;
}

/* step 12: c2 = BIO_socket(AF_INET, SOCK_STREAM, 0, 0) */
static int wb_step_11(int wb_mode)
{
    struct wb_rec *r = wb_begin(11, "BIO_socket", "c2 = BIO_socket(AF_INET, SOCK_STREAM, 0, 0)");
    long wb_ret;
    (void)wb_mode;
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = c2 = BIO_socket(AF_INET, SOCK_STREAM, 0, 0);
    wb_record_call(r, wb_ret, wb_ret < 0);
    wb_created(r, c2, &wb_info_c2, 0);
    return 1;
}

/* step 13: BIO_connect(c2, addr, BIO_SOCK_NONBLOCK) */
static int wb_step_12(int wb_mode)
{
    struct wb_rec *r = wb_begin(12, "BIO_connect", "BIO_connect(c2, addr, BIO_SOCK_NONBLOCK)");
    long wb_ret;
    (void)wb_mode;
    if (c2 < 0)
        return wb_refuse(r, wb_info_c2.gone);
    char wb_addr_text[512];
    if (wb_info_tfo.port <= 0)
        return wb_refuse(r, "addr: {tfo.port}: socket \"tfo\" has no bound port yet");
    snprintf(wb_addr_text, sizeof wb_addr_text, "127.0.0.1:%d", wb_info_tfo.port);
    BIO_ADDRINFO *res = NULL;
    const BIO_ADDR *addr = wb_lookup_for(r, c2, wb_addr_text, BIO_LOOKUP_CLIENT, -1, &res);
    if (addr == NULL)
        return 1;
    wb_info_c2.connected = 1;
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = BIO_connect(c2, addr, BIO_SOCK_NONBLOCK);
    wb_record_call(r, wb_ret, wb_ret == 0);
    BIO_ADDRINFO_free(res);
    wb_snapshot(&r->socket, c2, &wb_info_c2);
    return 1;
}

/* step 14: BIO_closesocket(c2) */
static int wb_step_13(int wb_mode)
{
    struct wb_rec *r = wb_begin(13, "BIO_closesocket", "BIO_closesocket(c2)");
    long wb_ret;
    (void)wb_mode;
    if (c2 < 0)
        return wb_refuse(r, wb_info_c2.gone);
    if (bio_c2 != NULL) {
        BIO_free(bio_c2);
        bio_c2 = NULL;
    }
    wb_snapshot(&r->socket, c2, &wb_info_c2); /* the record shows the socket as it was, marked closed */
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = BIO_closesocket(c2);
    wb_record_call(r, wb_ret, wb_ret == 0);
    wb_closed(r, &wb_info_c2);
    c2 = -1;
    return 1;
}

/* step 15: BIO_closesocket(tfo) */
static int wb_step_14(int wb_mode)
{
    struct wb_rec *r = wb_begin(14, "BIO_closesocket", "BIO_closesocket(tfo)");
    long wb_ret;
    (void)wb_mode;
    if (tfo < 0)
        return wb_refuse(r, wb_info_tfo.gone);
    if (bio_tfo != NULL) {
        BIO_free(bio_tfo);
        bio_tfo = NULL;
    }
    wb_snapshot(&r->socket, tfo, &wb_info_tfo); /* the record shows the socket as it was, marked closed */
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = BIO_closesocket(tfo);
    wb_record_call(r, wb_ret, wb_ret == 0);
    wb_closed(r, &wb_info_tfo);
    tfo = -1;
    return 1;
}

/* step 16: BIO_closesocket(l6) */
static int wb_step_15(int wb_mode)
{
    struct wb_rec *r = wb_begin(15, "BIO_closesocket", "BIO_closesocket(l6)");
    long wb_ret;
    (void)wb_mode;
    if (l6 < 0)
        return wb_refuse(r, wb_info_l6.gone);
    if (bio_l6 != NULL) {
        BIO_free(bio_l6);
        bio_l6 = NULL;
    }
    wb_snapshot(&r->socket, l6, &wb_info_l6); /* the record shows the socket as it was, marked closed */
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = BIO_closesocket(l6);
    wb_record_call(r, wb_ret, wb_ret == 0);
    wb_closed(r, &wb_info_l6);
    l6 = -1;
    return 1;
}

/* step 17: BIO_closesocket(a) */
static int wb_step_16(int wb_mode)
{
    struct wb_rec *r = wb_begin(16, "BIO_closesocket", "BIO_closesocket(a)");
    long wb_ret;
    (void)wb_mode;
    if (a < 0)
        return wb_refuse(r, wb_info_a.gone);
    if (bio_a != NULL) {
        BIO_free(bio_a);
        bio_a = NULL;
    }
    wb_snapshot(&r->socket, a, &wb_info_a); /* the record shows the socket as it was, marked closed */
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = BIO_closesocket(a);
    wb_record_call(r, wb_ret, wb_ret == 0);
    wb_closed(r, &wb_info_a);
    a = -1;
    return 1;
}

/* step 18: BIO_closesocket(c) */
static int wb_step_17(int wb_mode)
{
    struct wb_rec *r = wb_begin(17, "BIO_closesocket", "BIO_closesocket(c)");
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

/* step 19: BIO_closesocket(l) */
static int wb_step_18(int wb_mode)
{
    struct wb_rec *r = wb_begin(18, "BIO_closesocket", "BIO_closesocket(l)");
    long wb_ret;
    (void)wb_mode;
    if (l < 0)
        return wb_refuse(r, wb_info_l.gone);
    if (bio_l != NULL) {
        BIO_free(bio_l);
        bio_l = NULL;
    }
    wb_snapshot(&r->socket, l, &wb_info_l); /* the record shows the socket as it was, marked closed */
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = BIO_closesocket(l);
    wb_record_call(r, wb_ret, wb_ret == 0);
    wb_closed(r, &wb_info_l);
    l = -1;
    return 1;
}

/* step 20: BIO_closesocket(plain) */
static int wb_step_19(int wb_mode)
{
    struct wb_rec *r = wb_begin(19, "BIO_closesocket", "BIO_closesocket(plain)");
    long wb_ret;
    (void)wb_mode;
    if (plain < 0)
        return wb_refuse(r, wb_info_plain.gone);
    if (bio_plain != NULL) {
        BIO_free(bio_plain);
        bio_plain = NULL;
    }
    wb_snapshot(&r->socket, plain, &wb_info_plain); /* the record shows the socket as it was, marked closed */
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = BIO_closesocket(plain);
    wb_record_call(r, wb_ret, wb_ret == 0);
    wb_closed(r, &wb_info_plain);
    plain = -1;
    return 1;
}

static void wb_check_expectations(void)
{
    R[0].has_expect = 1;
    wb_expect_ret(&R[0], WB_RET_FD, 0);
    wb_expect_applied(&R[0], "O_NONBLOCK", 1, 0);
    wb_expect_applied(&R[0], "SO_KEEPALIVE", 1, 0);
    R[2].has_expect = 1;
    wb_expect_ret(&R[2], WB_RET_NUMBER, 1L);
    wb_expect_applied(&R[2], "SO_REUSEADDR", 1, 1);
    wb_expect_applied(&R[2], "SO_KEEPALIVE", 1, 1);
    wb_expect_applied(&R[2], "O_NONBLOCK", 1, 1);
    wb_expect_applied(&R[2], "TCP_NODELAY", 1, 1);
    R[4].has_expect = 1;
    wb_expect_ret(&R[4], WB_RET_NUMBER, 1L);
    wb_expect_applied(&R[4], "SO_KEEPALIVE", 1, 1);
    wb_expect_applied(&R[4], "TCP_NODELAY", 1, 1);
    wb_expect_applied(&R[4], "O_NONBLOCK", 1, 0);
    wb_expect_applied(&R[4], "SO_REUSEADDR", 1, 0);
    R[5].has_expect = 1;
    wb_expect_ret(&R[5], WB_RET_NUMBER, 1L);
    R[6].has_expect = 1;
    wb_expect_ret(&R[6], WB_RET_FD, 0);
    wb_expect_applied(&R[6], "O_NONBLOCK", 1, 1);
    R[8].has_expect = 1;
    wb_expect_ret(&R[8], WB_RET_NUMBER, 1L);
    wb_expect_applied(&R[8], "IPV6_V6ONLY", 1, 1);
    R[10].has_expect = 1;
    wb_expect_ret(&R[10], WB_RET_NUMBER, 1L);
    R[12].has_expect = 1;
    wb_expect_ret(&R[12], WB_RET_NUMBER, 0L);
    wb_expect_errno(&R[12], "EINPROGRESS");
    wb_expect_applied(&R[12], "O_NONBLOCK", 1, 1);
    wb_expect_applied(&R[12], "TCP_NODELAY", 1, 0);
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
    wb_check_expectations();
    int ok = wb_print(wb_title);
    if (plain >= 0)
        BIO_closesocket(plain);
    if (l >= 0)
        BIO_closesocket(l);
    if (c >= 0)
        BIO_closesocket(c);
    if (a >= 0)
        BIO_closesocket(a);
    if (l6 >= 0)
        BIO_closesocket(l6);
    if (tfo >= 0)
        BIO_closesocket(tfo);
    if (c2 >= 0)
        BIO_closesocket(c2);
    return ok ? 0 : 1;
}
