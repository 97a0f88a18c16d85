/*
 * A blocking accept in the background, ended by a connect
 * BIO_accept_ex on a blocking listener waits for a connection. Started with "background": true it waits while the scenario goes on; the client's BIO_connect lands in the listener's backlog, the accept returns the new socket, and "await" shows its record. The two then exchange a byte.
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

#define WB_STEPS 11
static struct wb_rec R[WB_STEPS];
static int wb_pending[WB_STEPS] __attribute__((unused));
static const char wb_title[] = "A blocking accept in the background, ended by a connect";

/* The scenario's sockets, named as the scenario names them. */
static int l = -1;
static BIO *bio_l __attribute__((unused));
static struct wb_info wb_info_l = { "l", 0, 0, 0, "no open socket is named \"l\" yet" };
static int a = -1;
static BIO *bio_a __attribute__((unused));
static struct wb_info wb_info_a = { "a", 0, 0, 0, "no open socket is named \"a\" yet" };
static int c = -1;
static BIO *bio_c __attribute__((unused));
static struct wb_info wb_info_c = { "c", 0, 0, 0, "no open socket is named \"c\" yet" };


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

/* step 3: a = BIO_accept_ex(l, peer, 0) */
static int wb_step_2(int wb_mode)
{
    struct wb_rec *r = wb_begin(2, "BIO_accept_ex", "a = BIO_accept_ex(l, peer, 0)");
    long wb_ret;
    (void)wb_mode;
    if (l < 0)
        return wb_refuse(r, wb_info_l.gone);
    int wb_go = wb_readiness(r, wb_mode, l, &wb_info_l, POLLIN, 5000, "incoming connection");
    if (wb_go != WB_GO)
        return wb_go == WB_ENDED;
    BIO_ADDR *peer = BIO_ADDR_new();
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = a = BIO_accept_ex(l, peer, 0);
    wb_record_call(r, wb_ret, wb_ret < 0);
    if (wb_ret >= 0)
        wb_result_peer(r, peer);
    BIO_ADDR_free(peer);
    wb_created(r, a, &wb_info_a, 1);
    wb_snapshot(wb_ret >= 0 ? &r->listener : &r->socket, l, &wb_info_l);
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

/* step 5: BIO_connect(c, addr, 0) */
static int wb_step_4(int wb_mode)
{
    struct wb_rec *r = wb_begin(4, "BIO_connect", "BIO_connect(c, addr, 0)");
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

/* step 7: BIO_write(bio_c, data, 1) */
static int wb_step_6(int wb_mode)
{
    struct wb_rec *r = wb_begin(6, "BIO_write", "BIO_write(bio_c, data, 1)");
    long wb_ret;
    (void)wb_mode;
    if (c < 0)
        return wb_refuse(r, wb_info_c.gone);
    static const unsigned char data[2] = "!";
    wb_set_data(r, data, 1);
    int wb_go = wb_readiness(r, wb_mode, c, &wb_info_c, POLLOUT, -1, "room in the send buffer");
    if (wb_go != WB_GO)
        return wb_go == WB_ENDED;
    if (bio_c == NULL)
        bio_c = BIO_new_socket(c, BIO_NOCLOSE);
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = BIO_write(bio_c, data, 1);
    wb_record_call(r, wb_ret, wb_ret < 0);
    wb_snapshot(&r->socket, c, &wb_info_c);
    return 1;
}

/* step 8: BIO_read(bio_a, buf, 1) */
static int wb_step_7(int wb_mode)
{
    struct wb_rec *r = wb_begin(7, "BIO_read", "BIO_read(bio_a, buf, 1)");
    long wb_ret;
    (void)wb_mode;
    if (a < 0)
        return wb_refuse(r, wb_info_a.gone);
    int wb_go = wb_readiness(r, wb_mode, a, &wb_info_a, POLLIN, 2000, "data to read");
    if (wb_go != WB_GO)
        return wb_go == WB_ENDED;
    unsigned char *buf = malloc(1);
    if (bio_a == NULL)
        bio_a = BIO_new_socket(a, BIO_NOCLOSE);
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = BIO_read(bio_a, buf, 1);
    wb_record_call(r, wb_ret, wb_ret < 0);
    wb_set_data(r, buf, wb_ret > 0 ? (size_t)wb_ret : 0);
    free(buf);
    wb_snapshot(&r->socket, a, &wb_info_a);
    return 1;
}

/* step 9: BIO_closesocket(a) */
static int wb_step_8(int wb_mode)
{
    struct wb_rec *r = wb_begin(8, "BIO_closesocket", "BIO_closesocket(a)");
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

/* step 10: BIO_closesocket(c) */
static int wb_step_9(int wb_mode)
{
    struct wb_rec *r = wb_begin(9, "BIO_closesocket", "BIO_closesocket(c)");
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

/* step 11: BIO_closesocket(l) */
static int wb_step_10(int wb_mode)
{
    struct wb_rec *r = wb_begin(10, "BIO_closesocket", "BIO_closesocket(l)");
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

/* Background steps still waiting: made as soon as their socket is ready. */
static void wb_try_pending(void)
{
    if (wb_pending[2] && wb_step_2(WB_NOW))
        wb_pending[2] = 0;
}

static void wb_check_expectations(void)
{
    R[0].has_expect = 1;
    wb_expect_ret(&R[0], WB_RET_FD, 0);
    R[1].has_expect = 1;
    wb_expect_ret(&R[1], WB_RET_NUMBER, 1L);
    R[4].has_expect = 1;
    wb_expect_ret(&R[4], WB_RET_NUMBER, 1L);
    R[5].has_expect = 1;
    wb_expect_ret(&R[5], WB_RET_FD, 0);
    wb_expect_state(&R[5], "ESTABLISHED");
    R[6].has_expect = 1;
    wb_expect_ret(&R[6], WB_RET_NUMBER, 1L);
    R[7].has_expect = 1;
    wb_expect_ret(&R[7], WB_RET_NUMBER, 1L);
    wb_expect_data(&R[7], "!", 1);
}

int main(void)
{
    wb_start(R, WB_STEPS);
    wb_step_0(WB_WAIT);
    wb_try_pending();
    wb_step_1(WB_WAIT);
    wb_try_pending();
    wb_pending[2] = !wb_step_2(WB_NOW); /* background: made now if ready, else later */
    wb_try_pending();
    wb_step_3(WB_WAIT);
    wb_try_pending();
    wb_step_4(WB_WAIT);
    wb_try_pending();
    /* step 6: await step 3 */
    if (wb_pending[2]) {
        wb_step_2(WB_WAIT); /* the deferred step waits here for what it needs */
        wb_pending[2] = 0;
    }
    wb_follow(5, "await", "/* await step 2 */", 2);
    wb_step_6(WB_WAIT);
    wb_try_pending();
    wb_step_7(WB_WAIT);
    wb_try_pending();
    wb_step_8(WB_WAIT);
    wb_try_pending();
    wb_step_9(WB_WAIT);
    wb_try_pending();
    if (wb_pending[2]) {
        wb_step_2(WB_CANCEL); /* BIO_closesocket(l) ends the waiting step 3 */
        wb_pending[2] = 0;
    }
    wb_step_10(WB_WAIT);
    wb_try_pending();
    if (wb_pending[2]) {
        wb_step_2(WB_CANCEL); /* never awaited: cancelled at the end, as the runner does */
        wb_pending[2] = 0;
    }
    wb_check_expectations();
    int ok = wb_print(wb_title);
    if (l >= 0)
        BIO_closesocket(l);
    if (a >= 0)
        BIO_closesocket(a);
    if (c >= 0)
        BIO_closesocket(c);
    return ok ? 0 : 1;
}
