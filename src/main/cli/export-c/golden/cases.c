/*
 * export-c cases
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

#define WB_STEPS 20
static struct wb_rec R[WB_STEPS];
static int wb_pending[WB_STEPS] __attribute__((unused));
static const char wb_title[] = "export-c cases";

/* The scenario's sockets, named as the scenario names them. */
static int l = -1;
static BIO *bio_l __attribute__((unused));
static struct wb_info wb_info_l = { "l", 0, 0, 0, "no open socket is named \"l\" yet" };
static int c = -1;
static BIO *bio_c __attribute__((unused));
static struct wb_info wb_info_c = { "c", 0, 0, 0, "no open socket is named \"c\" yet" };
static int n = -1;
static BIO *bio_n __attribute__((unused));
static struct wb_info wb_info_n = { "n", 0, 0, 0, "no open socket is named \"n\" yet" };
static int t = -1;
static BIO *bio_t __attribute__((unused));
static struct wb_info wb_info_t = { "t", 0, 0, 0, "no open socket is named \"t\" yet" };
static int wb_fd_0 = -1;
static struct wb_info wb_info_wb_fd_0 = { NULL, 0, 0, 0, "unnamed" };
static int wb_fd_3 = -1;
static struct wb_info wb_info_wb_fd_3 = { NULL, 0, 0, 0, "unnamed" };


/* step 1: BIO_socket(AF_INET, SOCK_STREAM, 0, 0) */
static int wb_step_0(int wb_mode)
{
    struct wb_rec *r = wb_begin(0, "BIO_socket", "BIO_socket(AF_INET, SOCK_STREAM, 0, 0)");
    long wb_ret;
    (void)wb_mode;
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = wb_fd_0 = BIO_socket(AF_INET, SOCK_STREAM, 0, 0);
    wb_record_call(r, wb_ret, wb_ret < 0);
    wb_created(r, wb_fd_0, &wb_info_wb_fd_0, 0);
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

/* step 3: BIO_listen(l, addr, 0) */
static int wb_step_2(int wb_mode)
{
    struct wb_rec *r = wb_begin(2, "BIO_listen", "BIO_listen(l, addr, 0)");
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

/* step 4: BIO_accept_ex(l, peer, 0) */
static int wb_step_3(int wb_mode)
{
    struct wb_rec *r = wb_begin(3, "BIO_accept_ex", "BIO_accept_ex(l, peer, 0)");
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
    wb_ret = wb_fd_3 = BIO_accept_ex(l, peer, 0);
    wb_record_call(r, wb_ret, wb_ret < 0);
    if (wb_ret >= 0)
        wb_result_peer(r, peer);
    BIO_ADDR_free(peer);
    wb_created(r, wb_fd_3, &wb_info_wb_fd_3, 1);
    wb_snapshot(wb_ret >= 0 ? &r->listener : &r->socket, l, &wb_info_l);
    return 1;
}

/* step 5: c = BIO_socket(AF_INET, SOCK_STREAM, 0, 0) */
static int wb_step_4(int wb_mode)
{
    struct wb_rec *r = wb_begin(4, "BIO_socket", "c = BIO_socket(AF_INET, SOCK_STREAM, 0, 0)");
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

/* step 6: BIO_connect(c, addr, 0) */
static int wb_step_5(int wb_mode)
{
    struct wb_rec *r = wb_begin(5, "BIO_connect", "BIO_connect(c, addr, 0)");
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
    wb_send_timeout(c, 500); /* timeoutMs: SO_SNDTIMEO bounds a blocking connect */
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = BIO_connect(c, addr, 0);
    wb_record_call(r, wb_ret, wb_ret == 0);
    if (wb_ret == 0 && r->err == EINPROGRESS && wb_socktype(c) == SOCK_STREAM)
        r->cancelled = "timed out after 500 ms (SO_SNDTIMEO); the connect goes on in the kernel";
    BIO_ADDRINFO_free(res);
    wb_snapshot(&r->socket, c, &wb_info_c);
    return 1;
}

/* step 7: n = BIO_socket(AF_INET, SOCK_STREAM, 0, BIO_SOCK_NONBLOCK) */
static int wb_step_6(int wb_mode)
{
    struct wb_rec *r = wb_begin(6, "BIO_socket", "n = BIO_socket(AF_INET, SOCK_STREAM, 0, BIO_SOCK_NONBLOCK)");
    long wb_ret;
    (void)wb_mode;
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = n = BIO_socket(AF_INET, SOCK_STREAM, 0, BIO_SOCK_NONBLOCK);
    wb_record_call(r, wb_ret, wb_ret < 0);
    wb_created(r, n, &wb_info_n, 0);
    return 1;
}

/* step 8: BIO_connect(n, addr, BIO_SOCK_NONBLOCK) (a nonblocking connect / * returns at once * /) */
static int wb_step_7(int wb_mode)
{
    struct wb_rec *r = wb_begin(7, "BIO_connect", "BIO_connect(n, addr, BIO_SOCK_NONBLOCK)");
    long wb_ret;
    (void)wb_mode;
    if (n < 0)
        return wb_refuse(r, wb_info_n.gone);
    char wb_addr_text[512];
    if (wb_info_l.port <= 0)
        return wb_refuse(r, "addr: {l.port}: socket \"l\" has no bound port yet");
    snprintf(wb_addr_text, sizeof wb_addr_text, "127.0.0.1:%d", wb_info_l.port);
    BIO_ADDRINFO *res = NULL;
    const BIO_ADDR *addr = wb_lookup_for(r, n, wb_addr_text, BIO_LOOKUP_CLIENT, -1, &res);
    if (addr == NULL)
        return 1;
    wb_info_n.connected = 1;
    wb_send_timeout(n, 500); /* timeoutMs: SO_SNDTIMEO bounds a blocking connect */
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = BIO_connect(n, addr, BIO_SOCK_NONBLOCK);
    wb_record_call(r, wb_ret, wb_ret == 0);
    BIO_ADDRINFO_free(res);
    wb_snapshot(&r->socket, n, &wb_info_n);
    return 1;
}

/* step 9: BIO_write(bio_c, chunk, 65483) / * in a loop: 100 bytes of the pattern repeated * / */
static int wb_step_8(int wb_mode)
{
    struct wb_rec *r = wb_begin(8, "BIO_write", "BIO_write(bio_c, chunk, 65483) /* in a loop: 100 bytes of the pattern repeated */");
    long wb_ret;
    (void)wb_mode;
    if (c < 0)
        return wb_refuse(r, wb_info_c.gone);
    (void)wb_ret; /* the loop keeps its last call's ret in the record */
    static const unsigned char pattern[2] = "x";
    const struct wb_bulk_job job = {
        .writing = 1, .pattern = pattern, .pattern_len = 1, .file = NULL,
        .bytes = 100LL, .chunk = 65483, .timeout_ms = -1,
    };
    wb_bulk(r, c, &job);
    if (r->refused)
        return 1;
    wb_snapshot(&r->socket, c, &wb_info_c);
    return 1;
}

/* step 10: BIO_read(bio_c, buf, 65483) / * in a loop: until end of file * / */
static int wb_step_9(int wb_mode)
{
    struct wb_rec *r = wb_begin(9, "BIO_read", "BIO_read(bio_c, buf, 65483) /* in a loop: until end of file */");
    long wb_ret;
    (void)wb_mode;
    if (c < 0)
        return wb_refuse(r, wb_info_c.gone);
    (void)wb_ret; /* the loop keeps its last call's ret in the record */
    const struct wb_bulk_job job = {
        .writing = 0, .pattern = NULL, .pattern_len = 0, .file = NULL,
        .bytes = -1LL, .chunk = 65483, .timeout_ms = -1,
    };
    wb_bulk(r, c, &job);
    if (r->refused)
        return 1;
    wb_snapshot(&r->socket, c, &wb_info_c);
    return 1;
}

/* step 11: BIO_write(bio_c, chunk, 65483) / * in a loop: file "{tmp}/f" * / */
static int wb_step_10(int wb_mode)
{
    struct wb_rec *r = wb_begin(10, "BIO_write", "BIO_write(bio_c, chunk, 65483) /* in a loop: file \"{tmp}/f\" */");
    long wb_ret;
    (void)wb_mode;
    if (c < 0)
        return wb_refuse(r, wb_info_c.gone);
    (void)wb_ret; /* the loop keeps its last call's ret in the record */
    const struct wb_bulk_job job = {
        .writing = 1, .pattern = NULL, .pattern_len = 0, .file = "{tmp}/f",
        .bytes = -1LL, .chunk = 65483, .timeout_ms = -1,
    };
    wb_bulk(r, c, &job);
    if (r->refused)
        return 1;
    wb_snapshot(&r->socket, c, &wb_info_c);
    return 1;
}

/* step 12: BIO_write(bio_c, data, 3) */
static int wb_step_11(int wb_mode)
{
    struct wb_rec *r = wb_begin(11, "BIO_write", "BIO_write(bio_c, data, 3)");
    long wb_ret;
    (void)wb_mode;
    if (c < 0)
        return wb_refuse(r, wb_info_c.gone);
    static const unsigned char data[4] = "ABC";
    wb_set_data(r, data, 3);
    int wb_go = wb_readiness(r, wb_mode, c, &wb_info_c, POLLOUT, -1, "room in the send buffer");
    if (wb_go != WB_GO)
        return wb_go == WB_ENDED;
    if (bio_c == NULL)
        bio_c = BIO_new_socket(c, BIO_NOCLOSE);
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = BIO_write(bio_c, data, 3);
    wb_record_call(r, wb_ret, wb_ret < 0);
    wb_snapshot(&r->socket, c, &wb_info_c);
    return 1;
}

/* step 13: shutdown(c, SHUT_WR) */
static int wb_step_12(int wb_mode)
{
    struct wb_rec *r = wb_begin(12, "shutdown", "shutdown(c, SHUT_WR)");
    long wb_ret;
    (void)wb_mode;
    if (c < 0)
        return wb_refuse(r, wb_info_c.gone);
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = shutdown(c, SHUT_WR);
    wb_record_call(r, wb_ret, wb_ret != 0);
    wb_snapshot(&r->socket, c, &wb_info_c);
    return 1;
}

/* step 14: BIO_closesocket(l) */
static int wb_step_13(int wb_mode)
{
    struct wb_rec *r = wb_begin(13, "BIO_closesocket", "BIO_closesocket(l)");
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

/* step 15: BIO_closesocket(3) is not made: fd 3 is not a socket this program created (the engine refuses fds it did not create; an fd number in a scenario names a socket of the engine's process) */
static int wb_step_14(int wb_mode)
{
    (void)wb_mode;
    return wb_refuse(wb_begin(14, "BIO_closesocket", "BIO_closesocket(3)"), "fd 3 is not a socket this program created (the engine refuses fds it did not create; an fd number in a scenario names a socket of the engine's process)");
}

/* step 16: t = BIO_socket(AF_INET, SOCK_STREAM, 0, 0) */
static int wb_step_15(int wb_mode)
{
    struct wb_rec *r = wb_begin(15, "BIO_socket", "t = BIO_socket(AF_INET, SOCK_STREAM, 0, 0)");
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

/* step 17: BIO_connect(t, addr, 0) */
static int wb_step_16(int wb_mode)
{
    struct wb_rec *r = wb_begin(16, "BIO_connect", "BIO_connect(t, addr, 0)");
    long wb_ret;
    (void)wb_mode;
    if (t < 0)
        return wb_refuse(r, wb_info_t.gone);
    char wb_addr_text[512];
    snprintf(wb_addr_text, sizeof wb_addr_text, "127.0.0.1:1");
    BIO_ADDRINFO *res = NULL;
    const BIO_ADDR *addr = wb_lookup_for(r, t, wb_addr_text, BIO_LOOKUP_CLIENT, -1, &res);
    if (addr == NULL)
        return 1;
    wb_info_t.connected = 1;
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = BIO_connect(t, addr, 0);
    wb_record_call(r, wb_ret, wb_ret == 0);
    BIO_ADDRINFO_free(res);
    wb_snapshot(&r->socket, t, &wb_info_t);
    return 1;
}

/* step 18: BIO_read(bio_c, buf, 16) */
static int wb_step_17(int wb_mode)
{
    struct wb_rec *r = wb_begin(17, "BIO_read", "BIO_read(bio_c, buf, 16)");
    long wb_ret;
    (void)wb_mode;
    if (c < 0)
        return wb_refuse(r, wb_info_c.gone);
    int wb_go = wb_readiness(r, wb_mode, c, &wb_info_c, POLLIN, -1, "data to read");
    if (wb_go != WB_GO)
        return wb_go == WB_ENDED;
    unsigned char *buf = malloc(16);
    if (bio_c == NULL)
        bio_c = BIO_new_socket(c, BIO_NOCLOSE);
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = BIO_read(bio_c, buf, 16);
    wb_record_call(r, wb_ret, wb_ret < 0);
    wb_set_data(r, buf, wb_ret > 0 ? (size_t)wb_ret : 0);
    free(buf);
    wb_snapshot(&r->socket, c, &wb_info_c);
    return 1;
}

static void *wb_thread_16(void *arg)
{
    (void)arg;
    wb_step_16(WB_WAIT);
    return NULL;
}

/* Background steps still waiting: made as soon as their socket is ready. */
static void wb_try_pending(void)
{
    if (wb_pending[3] && wb_step_3(WB_NOW))
        wb_pending[3] = 0;
    if (wb_pending[17] && wb_step_17(WB_NOW))
        wb_pending[17] = 0;
}

static void wb_check_expectations(void)
{
    R[5].has_expect = 1;
    wb_expect_ret(&R[5], WB_RET_NUMBER, 1L);
    wb_expect_errno(&R[5], NULL);
    wb_expect_queue_empty(&R[5], 1);
    R[11].has_expect = 1;
    wb_expect_ret(&R[11], WB_RET_NUMBER, 3L);
    R[15].has_expect = 1;
    wb_expect_applied(&R[15], "SO_KEEPALIVE", 1, 0);
    wb_expect_applied(&R[15], "TCP_FASTOPEN", 0, 5);
    R[18].has_expect = 1;
    wb_expect_ret(&R[18], WB_RET_NUMBER, 0L);
    wb_expect_errno(&R[18], "ECONNREFUSED");
}

int main(void)
{
    wb_start(R, WB_STEPS);
    wb_step_0(WB_WAIT);
    wb_try_pending();
    wb_step_1(WB_WAIT);
    wb_try_pending();
    wb_step_2(WB_WAIT);
    wb_try_pending();
    wb_pending[3] = !wb_step_3(WB_NOW); /* background: made now if ready, else later */
    wb_try_pending();
    wb_step_4(WB_WAIT);
    wb_try_pending();
    wb_step_5(WB_WAIT);
    wb_try_pending();
    wb_step_6(WB_WAIT);
    wb_try_pending();
    wb_step_7(WB_WAIT);
    wb_try_pending();
    wb_step_8(WB_WAIT);
    wb_try_pending();
    wb_step_9(WB_WAIT);
    wb_try_pending();
    wb_step_10(WB_WAIT);
    wb_try_pending();
    wb_step_11(WB_WAIT);
    wb_try_pending();
    wb_step_12(WB_WAIT);
    wb_try_pending();
    if (wb_pending[3]) {
        wb_step_3(WB_CANCEL); /* BIO_closesocket(l) ends the waiting step 4 */
        wb_pending[3] = 0;
    }
    wb_step_13(WB_WAIT);
    wb_try_pending();
    wb_step_14(WB_WAIT);
    wb_try_pending();
    wb_step_15(WB_WAIT); /* background, but it never waits for readiness: made in place */
    wb_try_pending();
    wb_start_thread(16, wb_thread_16, t); /* background connect: its own thread, errno and queue stay there */
    wb_try_pending();
    wb_pending[17] = !wb_step_17(WB_NOW); /* background: made now if ready, else later */
    wb_try_pending();
    /* step 19: await step 17 */
    wb_join_thread(16);
    wb_follow(18, "await", "/* await step 16 */", 16);
    /* step 20: await step 18 */
    if (wb_pending[17]) {
        wb_step_17(WB_WAIT); /* the deferred step waits here for what it needs */
        wb_pending[17] = 0;
    }
    wb_follow(19, "await", "/* await step 17 */", 17);
    if (wb_pending[3]) {
        wb_step_3(WB_CANCEL); /* never awaited: cancelled at the end, as the runner does */
        wb_pending[3] = 0;
    }
    if (wb_pending[17]) {
        wb_step_17(WB_CANCEL); /* never awaited: cancelled at the end, as the runner does */
        wb_pending[17] = 0;
    }
    wb_cancel_thread(16, t); /* never awaited: cancelled at the end, as the runner does */
    wb_check_expectations();
    int ok = wb_print(wb_title);
    if (l >= 0)
        BIO_closesocket(l);
    if (c >= 0)
        BIO_closesocket(c);
    if (n >= 0)
        BIO_closesocket(n);
    if (t >= 0)
        BIO_closesocket(t);
    if (wb_fd_0 >= 0)
        BIO_closesocket(wb_fd_0);
    if (wb_fd_3 >= 0)
        BIO_closesocket(wb_fd_3);
    return ok ? 0 : 1;
}
