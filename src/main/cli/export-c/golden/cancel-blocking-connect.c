/*
 * Cancelling a blocking BIO_connect
 * A listener with backlog 0 that never accepts takes one connection; the next blocking connect hangs because the kernel drops its SYNs. Cancelling it shuts the socket down: BIO_connect wakes and returns 0 with C's own errno and queue.
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

#define WB_STEPS 9
static struct wb_rec R[WB_STEPS];
static int wb_pending[WB_STEPS] __attribute__((unused));
static const char wb_title[] = "Cancelling a blocking BIO_connect";

/* The scenario's sockets, named as the scenario names them. */
static int l = -1;
static BIO *bio_l __attribute__((unused));
static struct wb_info wb_info_l = { "l", 0, 0, 0, "no open socket is named \"l\" yet" };
static int first = -1;
static BIO *bio_first __attribute__((unused));
static struct wb_info wb_info_first = { "first", 0, 0, 0, "no open socket is named \"first\" yet" };
static int second = -1;
static BIO *bio_second __attribute__((unused));
static struct wb_info wb_info_second = { "second", 0, 0, 0, "no open socket is named \"second\" yet" };


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

/* step 2: BIO_bind(l, addr, 0) */
static int wb_step_1(int wb_mode)
{
    struct wb_rec *r = wb_begin(1, "BIO_bind", "BIO_bind(l, addr, 0)");
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
    wb_ret = BIO_bind(l, addr, 0);
    wb_record_call(r, wb_ret, wb_ret == 0);
    BIO_ADDRINFO_free(res);
    wb_snapshot(&r->socket, l, &wb_info_l);
    return 1;
}

/* step 3: listen(l, 0) */
static int wb_step_2(int wb_mode)
{
    struct wb_rec *r = wb_begin(2, "listen", "listen(l, 0)");
    long wb_ret;
    (void)wb_mode;
    if (l < 0)
        return wb_refuse(r, wb_info_l.gone);
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = listen(l, 0);
    wb_record_call(r, wb_ret, wb_ret != 0);
    wb_snapshot(&r->socket, l, &wb_info_l);
    return 1;
}

/* step 4: first = BIO_socket(AF_INET, SOCK_STREAM, 0, 0) */
static int wb_step_3(int wb_mode)
{
    struct wb_rec *r = wb_begin(3, "BIO_socket", "first = BIO_socket(AF_INET, SOCK_STREAM, 0, 0)");
    long wb_ret;
    (void)wb_mode;
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = first = BIO_socket(AF_INET, SOCK_STREAM, 0, 0);
    wb_record_call(r, wb_ret, wb_ret < 0);
    wb_created(r, first, &wb_info_first, 0);
    return 1;
}

/* step 5: BIO_connect(first, addr, 0) (fills the backlog) */
static int wb_step_4(int wb_mode)
{
    struct wb_rec *r = wb_begin(4, "BIO_connect", "BIO_connect(first, addr, 0)");
    long wb_ret;
    (void)wb_mode;
    if (first < 0)
        return wb_refuse(r, wb_info_first.gone);
    char wb_addr_text[512];
    if (wb_info_l.port <= 0)
        return wb_refuse(r, "addr: {l.port}: socket \"l\" has no bound port yet");
    snprintf(wb_addr_text, sizeof wb_addr_text, "127.0.0.1:%d", wb_info_l.port);
    BIO_ADDRINFO *res = NULL;
    const BIO_ADDR *addr = wb_lookup_for(r, first, wb_addr_text, BIO_LOOKUP_CLIENT, -1, &res);
    if (addr == NULL)
        return 1;
    wb_info_first.connected = 1;
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = BIO_connect(first, addr, 0);
    wb_record_call(r, wb_ret, wb_ret == 0);
    BIO_ADDRINFO_free(res);
    wb_snapshot(&r->socket, first, &wb_info_first);
    return 1;
}

/* step 6: second = BIO_socket(AF_INET, SOCK_STREAM, 0, 0) */
static int wb_step_5(int wb_mode)
{
    struct wb_rec *r = wb_begin(5, "BIO_socket", "second = BIO_socket(AF_INET, SOCK_STREAM, 0, 0)");
    long wb_ret;
    (void)wb_mode;
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = second = BIO_socket(AF_INET, SOCK_STREAM, 0, 0);
    wb_record_call(r, wb_ret, wb_ret < 0);
    wb_created(r, second, &wb_info_second, 0);
    return 1;
}

/* step 7: BIO_connect(second, addr, 0) (blocks: SYNs dropped) */
static int wb_step_6(int wb_mode)
{
    struct wb_rec *r = wb_begin(6, "BIO_connect", "BIO_connect(second, addr, 0)");
    long wb_ret;
    (void)wb_mode;
    if (second < 0)
        return wb_refuse(r, wb_info_second.gone);
    char wb_addr_text[512];
    if (wb_info_l.port <= 0)
        return wb_refuse(r, "addr: {l.port}: socket \"l\" has no bound port yet");
    snprintf(wb_addr_text, sizeof wb_addr_text, "127.0.0.1:%d", wb_info_l.port);
    BIO_ADDRINFO *res = NULL;
    const BIO_ADDR *addr = wb_lookup_for(r, second, wb_addr_text, BIO_LOOKUP_CLIENT, -1, &res);
    if (addr == NULL)
        return 1;
    wb_info_second.connected = 1;
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = BIO_connect(second, addr, 0);
    wb_record_call(r, wb_ret, wb_ret == 0);
    BIO_ADDRINFO_free(res);
    wb_snapshot(&r->socket, second, &wb_info_second);
    return 1;
}

/* step 8: poll(&(struct pollfd){ second, POLLOUT }, 1, 300) (still not connected after 300 ms) */
static int wb_step_7(int wb_mode)
{
    struct wb_rec *r = wb_begin(7, "wait", "poll(&(struct pollfd){ second, POLLOUT }, 1, 300)");
    long wb_ret;
    (void)wb_mode;
    if (second < 0)
        return wb_refuse(r, wb_info_second.gone);
    struct pollfd wb_pfd = { second, POLLOUT, 0 };
    wb_clock_start();
    wb_ret = poll(&wb_pfd, 1, wb_mode == WB_WAIT ? 300 : 0); /* poll(&(struct pollfd){ second, POLLOUT }, 1, 300) */
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
    wb_snapshot(&r->socket, second, &wb_info_second);
    return 1;
}

static void *wb_thread_6(void *arg)
{
    (void)arg;
    wb_step_6(WB_WAIT);
    return NULL;
}

static void wb_check_expectations(void)
{
    R[1].has_expect = 1;
    wb_expect_ret(&R[1], WB_RET_NUMBER, 1L);
    R[2].has_expect = 1;
    wb_expect_ret(&R[2], WB_RET_NUMBER, 0L);
    R[4].has_expect = 1;
    wb_expect_ret(&R[4], WB_RET_NUMBER, 1L);
    R[7].has_expect = 1;
    wb_expect_ret(&R[7], WB_RET_NUMBER, 0L);
    R[8].has_expect = 1;
    wb_expect_ret(&R[8], WB_RET_NUMBER, 0L);
    wb_expect_flag(&R[8], "cancelled", R[8].cancelled != NULL, 1);
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
    wb_start_thread(6, wb_thread_6, second); /* background connect: its own thread, errno and queue stay there */
    wb_step_7(WB_WAIT);
    /* step 9: cancel step 7 */
    wb_cancel_thread(6, second); /* cancel step 7 */
    wb_follow(8, "cancel", "/* cancel step 6 */", 6);
    wb_cancel_thread(6, second); /* never awaited: cancelled at the end, as the runner does */
    wb_check_expectations();
    int ok = wb_print(wb_title);
    if (l >= 0)
        BIO_closesocket(l);
    if (first >= 0)
        BIO_closesocket(first);
    if (second >= 0)
        BIO_closesocket(second);
    return ok ? 0 : 1;
}
