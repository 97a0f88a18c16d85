/*
 * BIO_SOCK_V6_ONLY on and off: an IPv4 client and a [::] listener
 * Two listeners on the IPv6 wildcard [::]. The one made with BIO_SOCK_V6_ONLY takes IPv6 only, so an IPv4 client connecting to 127.0.0.1 on its port is refused. The other (BIO_listen clears IPV6_V6ONLY when the flag is absent) is dual-stack: the IPv4 client gets in and the accepted peer shows as the IPv4-mapped address ::ffff:127.0.0.1.
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

#define WB_STEPS 14
static struct wb_rec R[WB_STEPS];
static int wb_pending[WB_STEPS] __attribute__((unused));
static const char wb_title[] = "BIO_SOCK_V6_ONLY on and off: an IPv4 client and a [::] listener";

/* The scenario's sockets, named as the scenario names them. */
static int only6 = -1;
static BIO *bio_only6 __attribute__((unused));
static struct wb_info wb_info_only6 = { "only6", 0, 0, 0, "no open socket is named \"only6\" yet" };
static int dual = -1;
static BIO *bio_dual __attribute__((unused));
static struct wb_info wb_info_dual = { "dual", 0, 0, 0, "no open socket is named \"dual\" yet" };
static int c4a = -1;
static BIO *bio_c4a __attribute__((unused));
static struct wb_info wb_info_c4a = { "c4a", 0, 0, 0, "no open socket is named \"c4a\" yet" };
static int c4b = -1;
static BIO *bio_c4b __attribute__((unused));
static struct wb_info wb_info_c4b = { "c4b", 0, 0, 0, "no open socket is named \"c4b\" yet" };
static int a = -1;
static BIO *bio_a __attribute__((unused));
static struct wb_info wb_info_a = { "a", 0, 0, 0, "no open socket is named \"a\" yet" };


/* step 1: only6 = BIO_socket(AF_INET6, SOCK_STREAM, 0, 0) */
static int wb_step_0(int wb_mode)
{
    struct wb_rec *r = wb_begin(0, "BIO_socket", "only6 = BIO_socket(AF_INET6, SOCK_STREAM, 0, 0)");
    long wb_ret;
    (void)wb_mode;
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = only6 = BIO_socket(AF_INET6, SOCK_STREAM, 0, 0);
    wb_record_call(r, wb_ret, wb_ret < 0);
    wb_created(r, only6, &wb_info_only6, 0);
    return 1;
}

/* step 2: BIO_listen(only6, addr, BIO_SOCK_V6_ONLY) */
static int wb_step_1(int wb_mode)
{
    struct wb_rec *r = wb_begin(1, "BIO_listen", "BIO_listen(only6, addr, BIO_SOCK_V6_ONLY)");
    long wb_ret;
    (void)wb_mode;
    if (only6 < 0)
        return wb_refuse(r, wb_info_only6.gone);
    char wb_addr_text[512];
    snprintf(wb_addr_text, sizeof wb_addr_text, "[::]:0");
    BIO_ADDRINFO *res = NULL;
    const BIO_ADDR *addr = wb_lookup_for(r, only6, wb_addr_text, BIO_LOOKUP_SERVER, -1, &res);
    if (addr == NULL)
        return 1;
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = BIO_listen(only6, addr, BIO_SOCK_V6_ONLY);
    wb_record_call(r, wb_ret, wb_ret == 0);
    BIO_ADDRINFO_free(res);
    wb_snapshot(&r->socket, only6, &wb_info_only6);
    return 1;
}

/* step 3: dual = BIO_socket(AF_INET6, SOCK_STREAM, 0, 0) */
static int wb_step_2(int wb_mode)
{
    struct wb_rec *r = wb_begin(2, "BIO_socket", "dual = BIO_socket(AF_INET6, SOCK_STREAM, 0, 0)");
    long wb_ret;
    (void)wb_mode;
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = dual = BIO_socket(AF_INET6, SOCK_STREAM, 0, 0);
    wb_record_call(r, wb_ret, wb_ret < 0);
    wb_created(r, dual, &wb_info_dual, 0);
    return 1;
}

/* step 4: BIO_listen(dual, addr, 0) */
static int wb_step_3(int wb_mode)
{
    struct wb_rec *r = wb_begin(3, "BIO_listen", "BIO_listen(dual, addr, 0)");
    long wb_ret;
    (void)wb_mode;
    if (dual < 0)
        return wb_refuse(r, wb_info_dual.gone);
    char wb_addr_text[512];
    snprintf(wb_addr_text, sizeof wb_addr_text, "[::]:0");
    BIO_ADDRINFO *res = NULL;
    const BIO_ADDR *addr = wb_lookup_for(r, dual, wb_addr_text, BIO_LOOKUP_SERVER, -1, &res);
    if (addr == NULL)
        return 1;
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = BIO_listen(dual, addr, 0);
    wb_record_call(r, wb_ret, wb_ret == 0);
    BIO_ADDRINFO_free(res);
    wb_snapshot(&r->socket, dual, &wb_info_dual);
    return 1;
}

/* step 5: c4a = BIO_socket(AF_INET, SOCK_STREAM, 0, 0) */
static int wb_step_4(int wb_mode)
{
    struct wb_rec *r = wb_begin(4, "BIO_socket", "c4a = BIO_socket(AF_INET, SOCK_STREAM, 0, 0)");
    long wb_ret;
    (void)wb_mode;
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = c4a = BIO_socket(AF_INET, SOCK_STREAM, 0, 0);
    wb_record_call(r, wb_ret, wb_ret < 0);
    wb_created(r, c4a, &wb_info_c4a, 0);
    return 1;
}

/* step 6: BIO_connect(c4a, addr, 0) */
static int wb_step_5(int wb_mode)
{
    struct wb_rec *r = wb_begin(5, "BIO_connect", "BIO_connect(c4a, addr, 0)");
    long wb_ret;
    (void)wb_mode;
    if (c4a < 0)
        return wb_refuse(r, wb_info_c4a.gone);
    char wb_addr_text[512];
    if (wb_info_only6.port <= 0)
        return wb_refuse(r, "addr: {only6.port}: socket \"only6\" has no bound port yet");
    snprintf(wb_addr_text, sizeof wb_addr_text, "127.0.0.1:%d", wb_info_only6.port);
    BIO_ADDRINFO *res = NULL;
    const BIO_ADDR *addr = wb_lookup_for(r, c4a, wb_addr_text, BIO_LOOKUP_CLIENT, -1, &res);
    if (addr == NULL)
        return 1;
    wb_info_c4a.connected = 1;
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = BIO_connect(c4a, addr, 0);
    wb_record_call(r, wb_ret, wb_ret == 0);
    BIO_ADDRINFO_free(res);
    wb_snapshot(&r->socket, c4a, &wb_info_c4a);
    return 1;
}

/* step 7: c4b = BIO_socket(AF_INET, SOCK_STREAM, 0, 0) */
static int wb_step_6(int wb_mode)
{
    struct wb_rec *r = wb_begin(6, "BIO_socket", "c4b = BIO_socket(AF_INET, SOCK_STREAM, 0, 0)");
    long wb_ret;
    (void)wb_mode;
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = c4b = BIO_socket(AF_INET, SOCK_STREAM, 0, 0);
    wb_record_call(r, wb_ret, wb_ret < 0);
    wb_created(r, c4b, &wb_info_c4b, 0);
    return 1;
}

/* step 8: BIO_connect(c4b, addr, 0) */
static int wb_step_7(int wb_mode)
{
    struct wb_rec *r = wb_begin(7, "BIO_connect", "BIO_connect(c4b, addr, 0)");
    long wb_ret;
    (void)wb_mode;
    if (c4b < 0)
        return wb_refuse(r, wb_info_c4b.gone);
    char wb_addr_text[512];
    if (wb_info_dual.port <= 0)
        return wb_refuse(r, "addr: {dual.port}: socket \"dual\" has no bound port yet");
    snprintf(wb_addr_text, sizeof wb_addr_text, "127.0.0.1:%d", wb_info_dual.port);
    BIO_ADDRINFO *res = NULL;
    const BIO_ADDR *addr = wb_lookup_for(r, c4b, wb_addr_text, BIO_LOOKUP_CLIENT, -1, &res);
    if (addr == NULL)
        return 1;
    wb_info_c4b.connected = 1;
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = BIO_connect(c4b, addr, 0);
    wb_record_call(r, wb_ret, wb_ret == 0);
    BIO_ADDRINFO_free(res);
    wb_snapshot(&r->socket, c4b, &wb_info_c4b);
    return 1;
}

/* step 9: a = BIO_accept_ex(dual, peer, 0) */
static int wb_step_8(int wb_mode)
{
    struct wb_rec *r = wb_begin(8, "BIO_accept_ex", "a = BIO_accept_ex(dual, peer, 0)");
    long wb_ret;
    (void)wb_mode;
    if (dual < 0)
        return wb_refuse(r, wb_info_dual.gone);
    int wb_go = wb_readiness(r, wb_mode, dual, &wb_info_dual, POLLIN, 2000, "incoming connection");
    if (wb_go != WB_GO)
        return wb_go == WB_ENDED;
    BIO_ADDR *peer = BIO_ADDR_new();
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = a = BIO_accept_ex(dual, peer, 0);
    wb_record_call(r, wb_ret, wb_ret < 0);
    if (wb_ret >= 0)
        wb_result_peer(r, peer);
    BIO_ADDR_free(peer);
    wb_created(r, a, &wb_info_a, 1);
    wb_snapshot(wb_ret >= 0 ? &r->listener : &r->socket, dual, &wb_info_dual);
    return 1;
}

/* step 10: BIO_closesocket(a) */
static int wb_step_9(int wb_mode)
{
    struct wb_rec *r = wb_begin(9, "BIO_closesocket", "BIO_closesocket(a)");
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

/* step 11: BIO_closesocket(c4b) */
static int wb_step_10(int wb_mode)
{
    struct wb_rec *r = wb_begin(10, "BIO_closesocket", "BIO_closesocket(c4b)");
    long wb_ret;
    (void)wb_mode;
    if (c4b < 0)
        return wb_refuse(r, wb_info_c4b.gone);
    if (bio_c4b != NULL) {
        BIO_free(bio_c4b);
        bio_c4b = NULL;
    }
    wb_snapshot(&r->socket, c4b, &wb_info_c4b); /* the record shows the socket as it was, marked closed */
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = BIO_closesocket(c4b);
    wb_record_call(r, wb_ret, wb_ret == 0);
    wb_closed(r, &wb_info_c4b);
    c4b = -1;
    return 1;
}

/* step 12: BIO_closesocket(c4a) */
static int wb_step_11(int wb_mode)
{
    struct wb_rec *r = wb_begin(11, "BIO_closesocket", "BIO_closesocket(c4a)");
    long wb_ret;
    (void)wb_mode;
    if (c4a < 0)
        return wb_refuse(r, wb_info_c4a.gone);
    if (bio_c4a != NULL) {
        BIO_free(bio_c4a);
        bio_c4a = NULL;
    }
    wb_snapshot(&r->socket, c4a, &wb_info_c4a); /* the record shows the socket as it was, marked closed */
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = BIO_closesocket(c4a);
    wb_record_call(r, wb_ret, wb_ret == 0);
    wb_closed(r, &wb_info_c4a);
    c4a = -1;
    return 1;
}

/* step 13: BIO_closesocket(dual) */
static int wb_step_12(int wb_mode)
{
    struct wb_rec *r = wb_begin(12, "BIO_closesocket", "BIO_closesocket(dual)");
    long wb_ret;
    (void)wb_mode;
    if (dual < 0)
        return wb_refuse(r, wb_info_dual.gone);
    if (bio_dual != NULL) {
        BIO_free(bio_dual);
        bio_dual = NULL;
    }
    wb_snapshot(&r->socket, dual, &wb_info_dual); /* the record shows the socket as it was, marked closed */
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = BIO_closesocket(dual);
    wb_record_call(r, wb_ret, wb_ret == 0);
    wb_closed(r, &wb_info_dual);
    dual = -1;
    return 1;
}

/* step 14: BIO_closesocket(only6) */
static int wb_step_13(int wb_mode)
{
    struct wb_rec *r = wb_begin(13, "BIO_closesocket", "BIO_closesocket(only6)");
    long wb_ret;
    (void)wb_mode;
    if (only6 < 0)
        return wb_refuse(r, wb_info_only6.gone);
    if (bio_only6 != NULL) {
        BIO_free(bio_only6);
        bio_only6 = NULL;
    }
    wb_snapshot(&r->socket, only6, &wb_info_only6); /* the record shows the socket as it was, marked closed */
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = BIO_closesocket(only6);
    wb_record_call(r, wb_ret, wb_ret == 0);
    wb_closed(r, &wb_info_only6);
    only6 = -1;
    return 1;
}

static void wb_check_expectations(void)
{
    R[0].has_expect = 1;
    wb_expect_ret(&R[0], WB_RET_FD, 0);
    R[1].has_expect = 1;
    wb_expect_ret(&R[1], WB_RET_NUMBER, 1L);
    wb_expect_applied(&R[1], "IPV6_V6ONLY", 1, 1);
    R[2].has_expect = 1;
    wb_expect_ret(&R[2], WB_RET_FD, 0);
    R[3].has_expect = 1;
    wb_expect_ret(&R[3], WB_RET_NUMBER, 1L);
    wb_expect_applied(&R[3], "IPV6_V6ONLY", 1, 0);
    R[5].has_expect = 1;
    wb_expect_ret(&R[5], WB_RET_NUMBER, 0L);
    wb_expect_errno(&R[5], "ECONNREFUSED");
    wb_expect_queue(&R[5], (const char *const[]){ "Connection refused", "connect error" }, 2);
    R[7].has_expect = 1;
    wb_expect_ret(&R[7], WB_RET_NUMBER, 1L);
    wb_expect_queue_empty(&R[7], 1);
    wb_expect_state(&R[7], "ESTABLISHED");
    R[8].has_expect = 1;
    wb_expect_ret(&R[8], WB_RET_FD, 0);
    wb_expect_state(&R[8], "ESTABLISHED");
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
    wb_check_expectations();
    int ok = wb_print(wb_title);
    if (only6 >= 0)
        BIO_closesocket(only6);
    if (dual >= 0)
        BIO_closesocket(dual);
    if (c4a >= 0)
        BIO_closesocket(c4a);
    if (c4b >= 0)
        BIO_closesocket(c4b);
    if (a >= 0)
        BIO_closesocket(a);
    return ok ? 0 : 1;
}
