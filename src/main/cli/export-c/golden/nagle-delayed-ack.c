/*
 * Nagle and delayed ACKs: the 40 ms stall BIO_SOCK_NODELAY removes
 * A client sends a request in two small writes and waits for a short reply (write-write-read). With Nagle's algorithm on, the second write waits for the ACK of the first, and the server delays that ACK up to about 40 ms because it has nothing to send yet: compare the duration of the wait steps for the two clients. Not every round stalls: whether the server delays its ACK depends on the kernel's ACK state at that moment, and a new connection's first round can wait longer than 40 ms. BIO_connect with BIO_SOCK_NODELAY sets TCP_NODELAY and the stall disappears. Durations vary with the machine, so they are shown, not checked.
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

#define WB_STEPS 55
static struct wb_rec R[WB_STEPS];
static int wb_pending[WB_STEPS] __attribute__((unused));
static const char wb_title[] = "Nagle and delayed ACKs: the 40 ms stall BIO_SOCK_NODELAY removes";

/* The scenario's sockets, named as the scenario names them. */
static int l = -1;
static BIO *bio_l __attribute__((unused));
static struct wb_info wb_info_l = { "l", 0, 0, 0, "no open socket is named \"l\" yet" };
static int nagle = -1;
static BIO *bio_nagle __attribute__((unused));
static struct wb_info wb_info_nagle = { "nagle", 0, 0, 0, "no open socket is named \"nagle\" yet" };
static int served1 = -1;
static BIO *bio_served1 __attribute__((unused));
static struct wb_info wb_info_served1 = { "served1", 0, 0, 0, "no open socket is named \"served1\" yet" };
static int nodelay = -1;
static BIO *bio_nodelay __attribute__((unused));
static struct wb_info wb_info_nodelay = { "nodelay", 0, 0, 0, "no open socket is named \"nodelay\" yet" };
static int served2 = -1;
static BIO *bio_served2 __attribute__((unused));
static struct wb_info wb_info_served2 = { "served2", 0, 0, 0, "no open socket is named \"served2\" yet" };


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

/* step 3: nagle = BIO_socket(AF_INET, SOCK_STREAM, 0, 0) */
static int wb_step_2(int wb_mode)
{
    struct wb_rec *r = wb_begin(2, "BIO_socket", "nagle = BIO_socket(AF_INET, SOCK_STREAM, 0, 0)");
    long wb_ret;
    (void)wb_mode;
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = nagle = BIO_socket(AF_INET, SOCK_STREAM, 0, 0);
    wb_record_call(r, wb_ret, wb_ret < 0);
    wb_created(r, nagle, &wb_info_nagle, 0);
    return 1;
}

/* step 4: BIO_connect(nagle, addr, 0) (Nagle on (the default): a small write waits while earlier data is unacknowledged) */
static int wb_step_3(int wb_mode)
{
    struct wb_rec *r = wb_begin(3, "BIO_connect", "BIO_connect(nagle, addr, 0)");
    long wb_ret;
    (void)wb_mode;
    if (nagle < 0)
        return wb_refuse(r, wb_info_nagle.gone);
    char wb_addr_text[512];
    if (wb_info_l.port <= 0)
        return wb_refuse(r, "addr: {l.port}: socket \"l\" has no bound port yet");
    snprintf(wb_addr_text, sizeof wb_addr_text, "127.0.0.1:%d", wb_info_l.port);
    BIO_ADDRINFO *res = NULL;
    const BIO_ADDR *addr = wb_lookup_for(r, nagle, wb_addr_text, BIO_LOOKUP_CLIENT, -1, &res);
    if (addr == NULL)
        return 1;
    wb_info_nagle.connected = 1;
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = BIO_connect(nagle, addr, 0);
    wb_record_call(r, wb_ret, wb_ret == 0);
    BIO_ADDRINFO_free(res);
    wb_snapshot(&r->socket, nagle, &wb_info_nagle);
    return 1;
}

/* step 5: served1 = BIO_accept_ex(l, peer, 0) */
static int wb_step_4(int wb_mode)
{
    struct wb_rec *r = wb_begin(4, "BIO_accept_ex", "served1 = BIO_accept_ex(l, peer, 0)");
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
    wb_ret = served1 = BIO_accept_ex(l, peer, 0);
    wb_record_call(r, wb_ret, wb_ret < 0);
    if (wb_ret >= 0)
        wb_result_peer(r, peer);
    BIO_ADDR_free(peer);
    wb_created(r, served1, &wb_info_served1, 1);
    wb_snapshot(wb_ret >= 0 ? &r->listener : &r->socket, l, &wb_info_l);
    return 1;
}

/* step 6: BIO_write(bio_nagle, data, 4) */
static int wb_step_5(int wb_mode)
{
    struct wb_rec *r = wb_begin(5, "BIO_write", "BIO_write(bio_nagle, data, 4)");
    long wb_ret;
    (void)wb_mode;
    if (nagle < 0)
        return wb_refuse(r, wb_info_nagle.gone);
    static const unsigned char data[5] = "head";
    wb_set_data(r, data, 4);
    int wb_go = wb_readiness(r, wb_mode, nagle, &wb_info_nagle, POLLOUT, -1, "room in the send buffer");
    if (wb_go != WB_GO)
        return wb_go == WB_ENDED;
    if (bio_nagle == NULL)
        bio_nagle = BIO_new_socket(nagle, BIO_NOCLOSE);
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = BIO_write(bio_nagle, data, 4);
    wb_record_call(r, wb_ret, wb_ret < 0);
    wb_snapshot(&r->socket, nagle, &wb_info_nagle);
    return 1;
}

/* step 7: BIO_write(bio_nagle, data, 4) (held back by Nagle until the server ACKs "head") */
static int wb_step_6(int wb_mode)
{
    struct wb_rec *r = wb_begin(6, "BIO_write", "BIO_write(bio_nagle, data, 4)");
    long wb_ret;
    (void)wb_mode;
    if (nagle < 0)
        return wb_refuse(r, wb_info_nagle.gone);
    static const unsigned char data[5] = "body";
    wb_set_data(r, data, 4);
    int wb_go = wb_readiness(r, wb_mode, nagle, &wb_info_nagle, POLLOUT, -1, "room in the send buffer");
    if (wb_go != WB_GO)
        return wb_go == WB_ENDED;
    if (bio_nagle == NULL)
        bio_nagle = BIO_new_socket(nagle, BIO_NOCLOSE);
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = BIO_write(bio_nagle, data, 4);
    wb_record_call(r, wb_ret, wb_ret < 0);
    wb_snapshot(&r->socket, nagle, &wb_info_nagle);
    return 1;
}

/* step 8: BIO_read(bio_served1, buf, 4) */
static int wb_step_7(int wb_mode)
{
    struct wb_rec *r = wb_begin(7, "BIO_read", "BIO_read(bio_served1, buf, 4)");
    long wb_ret;
    (void)wb_mode;
    if (served1 < 0)
        return wb_refuse(r, wb_info_served1.gone);
    int wb_go = wb_readiness(r, wb_mode, served1, &wb_info_served1, POLLIN, 5000, "data to read");
    if (wb_go != WB_GO)
        return wb_go == WB_ENDED;
    unsigned char *buf = malloc(4);
    if (bio_served1 == NULL)
        bio_served1 = BIO_new_socket(served1, BIO_NOCLOSE);
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = BIO_read(bio_served1, buf, 4);
    wb_record_call(r, wb_ret, wb_ret < 0);
    wb_set_data(r, buf, wb_ret > 0 ? (size_t)wb_ret : 0);
    free(buf);
    wb_snapshot(&r->socket, served1, &wb_info_served1);
    return 1;
}

/* step 9: poll(&(struct pollfd){ served1, POLLIN }, 1, 5000) (look at its duration: about 40 ms (the server's delayed-ACK timer) in a round that stalls; not every round does) */
static int wb_step_8(int wb_mode)
{
    struct wb_rec *r = wb_begin(8, "wait", "poll(&(struct pollfd){ served1, POLLIN }, 1, 5000)");
    long wb_ret;
    (void)wb_mode;
    if (served1 < 0)
        return wb_refuse(r, wb_info_served1.gone);
    struct pollfd wb_pfd = { served1, POLLIN, 0 };
    wb_clock_start();
    wb_ret = poll(&wb_pfd, 1, wb_mode == WB_WAIT ? 5000 : 0); /* poll(&(struct pollfd){ served1, POLLIN }, 1, 5000) */
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
    wb_snapshot(&r->socket, served1, &wb_info_served1);
    return 1;
}

/* step 10: BIO_read(bio_served1, buf, 4) */
static int wb_step_9(int wb_mode)
{
    struct wb_rec *r = wb_begin(9, "BIO_read", "BIO_read(bio_served1, buf, 4)");
    long wb_ret;
    (void)wb_mode;
    if (served1 < 0)
        return wb_refuse(r, wb_info_served1.gone);
    int wb_go = wb_readiness(r, wb_mode, served1, &wb_info_served1, POLLIN, -1, "data to read");
    if (wb_go != WB_GO)
        return wb_go == WB_ENDED;
    unsigned char *buf = malloc(4);
    if (bio_served1 == NULL)
        bio_served1 = BIO_new_socket(served1, BIO_NOCLOSE);
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = BIO_read(bio_served1, buf, 4);
    wb_record_call(r, wb_ret, wb_ret < 0);
    wb_set_data(r, buf, wb_ret > 0 ? (size_t)wb_ret : 0);
    free(buf);
    wb_snapshot(&r->socket, served1, &wb_info_served1);
    return 1;
}

/* step 11: BIO_write(bio_served1, data, 2) */
static int wb_step_10(int wb_mode)
{
    struct wb_rec *r = wb_begin(10, "BIO_write", "BIO_write(bio_served1, data, 2)");
    long wb_ret;
    (void)wb_mode;
    if (served1 < 0)
        return wb_refuse(r, wb_info_served1.gone);
    static const unsigned char data[3] = "ok";
    wb_set_data(r, data, 2);
    int wb_go = wb_readiness(r, wb_mode, served1, &wb_info_served1, POLLOUT, -1, "room in the send buffer");
    if (wb_go != WB_GO)
        return wb_go == WB_ENDED;
    if (bio_served1 == NULL)
        bio_served1 = BIO_new_socket(served1, BIO_NOCLOSE);
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = BIO_write(bio_served1, data, 2);
    wb_record_call(r, wb_ret, wb_ret < 0);
    wb_snapshot(&r->socket, served1, &wb_info_served1);
    return 1;
}

/* step 12: BIO_read(bio_nagle, buf, 2) */
static int wb_step_11(int wb_mode)
{
    struct wb_rec *r = wb_begin(11, "BIO_read", "BIO_read(bio_nagle, buf, 2)");
    long wb_ret;
    (void)wb_mode;
    if (nagle < 0)
        return wb_refuse(r, wb_info_nagle.gone);
    int wb_go = wb_readiness(r, wb_mode, nagle, &wb_info_nagle, POLLIN, 5000, "data to read");
    if (wb_go != WB_GO)
        return wb_go == WB_ENDED;
    unsigned char *buf = malloc(2);
    if (bio_nagle == NULL)
        bio_nagle = BIO_new_socket(nagle, BIO_NOCLOSE);
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = BIO_read(bio_nagle, buf, 2);
    wb_record_call(r, wb_ret, wb_ret < 0);
    wb_set_data(r, buf, wb_ret > 0 ? (size_t)wb_ret : 0);
    free(buf);
    wb_snapshot(&r->socket, nagle, &wb_info_nagle);
    return 1;
}

/* step 13: BIO_write(bio_nagle, data, 4) */
static int wb_step_12(int wb_mode)
{
    struct wb_rec *r = wb_begin(12, "BIO_write", "BIO_write(bio_nagle, data, 4)");
    long wb_ret;
    (void)wb_mode;
    if (nagle < 0)
        return wb_refuse(r, wb_info_nagle.gone);
    static const unsigned char data[5] = "head";
    wb_set_data(r, data, 4);
    int wb_go = wb_readiness(r, wb_mode, nagle, &wb_info_nagle, POLLOUT, -1, "room in the send buffer");
    if (wb_go != WB_GO)
        return wb_go == WB_ENDED;
    if (bio_nagle == NULL)
        bio_nagle = BIO_new_socket(nagle, BIO_NOCLOSE);
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = BIO_write(bio_nagle, data, 4);
    wb_record_call(r, wb_ret, wb_ret < 0);
    wb_snapshot(&r->socket, nagle, &wb_info_nagle);
    return 1;
}

/* step 14: BIO_write(bio_nagle, data, 4) (held back by Nagle until the server ACKs "head") */
static int wb_step_13(int wb_mode)
{
    struct wb_rec *r = wb_begin(13, "BIO_write", "BIO_write(bio_nagle, data, 4)");
    long wb_ret;
    (void)wb_mode;
    if (nagle < 0)
        return wb_refuse(r, wb_info_nagle.gone);
    static const unsigned char data[5] = "body";
    wb_set_data(r, data, 4);
    int wb_go = wb_readiness(r, wb_mode, nagle, &wb_info_nagle, POLLOUT, -1, "room in the send buffer");
    if (wb_go != WB_GO)
        return wb_go == WB_ENDED;
    if (bio_nagle == NULL)
        bio_nagle = BIO_new_socket(nagle, BIO_NOCLOSE);
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = BIO_write(bio_nagle, data, 4);
    wb_record_call(r, wb_ret, wb_ret < 0);
    wb_snapshot(&r->socket, nagle, &wb_info_nagle);
    return 1;
}

/* step 15: BIO_read(bio_served1, buf, 4) */
static int wb_step_14(int wb_mode)
{
    struct wb_rec *r = wb_begin(14, "BIO_read", "BIO_read(bio_served1, buf, 4)");
    long wb_ret;
    (void)wb_mode;
    if (served1 < 0)
        return wb_refuse(r, wb_info_served1.gone);
    int wb_go = wb_readiness(r, wb_mode, served1, &wb_info_served1, POLLIN, 5000, "data to read");
    if (wb_go != WB_GO)
        return wb_go == WB_ENDED;
    unsigned char *buf = malloc(4);
    if (bio_served1 == NULL)
        bio_served1 = BIO_new_socket(served1, BIO_NOCLOSE);
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = BIO_read(bio_served1, buf, 4);
    wb_record_call(r, wb_ret, wb_ret < 0);
    wb_set_data(r, buf, wb_ret > 0 ? (size_t)wb_ret : 0);
    free(buf);
    wb_snapshot(&r->socket, served1, &wb_info_served1);
    return 1;
}

/* step 16: poll(&(struct pollfd){ served1, POLLIN }, 1, 5000) (look at its duration: about 40 ms (the server's delayed-ACK timer) in a round that stalls; not every round does) */
static int wb_step_15(int wb_mode)
{
    struct wb_rec *r = wb_begin(15, "wait", "poll(&(struct pollfd){ served1, POLLIN }, 1, 5000)");
    long wb_ret;
    (void)wb_mode;
    if (served1 < 0)
        return wb_refuse(r, wb_info_served1.gone);
    struct pollfd wb_pfd = { served1, POLLIN, 0 };
    wb_clock_start();
    wb_ret = poll(&wb_pfd, 1, wb_mode == WB_WAIT ? 5000 : 0); /* poll(&(struct pollfd){ served1, POLLIN }, 1, 5000) */
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
    wb_snapshot(&r->socket, served1, &wb_info_served1);
    return 1;
}

/* step 17: BIO_read(bio_served1, buf, 4) */
static int wb_step_16(int wb_mode)
{
    struct wb_rec *r = wb_begin(16, "BIO_read", "BIO_read(bio_served1, buf, 4)");
    long wb_ret;
    (void)wb_mode;
    if (served1 < 0)
        return wb_refuse(r, wb_info_served1.gone);
    int wb_go = wb_readiness(r, wb_mode, served1, &wb_info_served1, POLLIN, -1, "data to read");
    if (wb_go != WB_GO)
        return wb_go == WB_ENDED;
    unsigned char *buf = malloc(4);
    if (bio_served1 == NULL)
        bio_served1 = BIO_new_socket(served1, BIO_NOCLOSE);
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = BIO_read(bio_served1, buf, 4);
    wb_record_call(r, wb_ret, wb_ret < 0);
    wb_set_data(r, buf, wb_ret > 0 ? (size_t)wb_ret : 0);
    free(buf);
    wb_snapshot(&r->socket, served1, &wb_info_served1);
    return 1;
}

/* step 18: BIO_write(bio_served1, data, 2) */
static int wb_step_17(int wb_mode)
{
    struct wb_rec *r = wb_begin(17, "BIO_write", "BIO_write(bio_served1, data, 2)");
    long wb_ret;
    (void)wb_mode;
    if (served1 < 0)
        return wb_refuse(r, wb_info_served1.gone);
    static const unsigned char data[3] = "ok";
    wb_set_data(r, data, 2);
    int wb_go = wb_readiness(r, wb_mode, served1, &wb_info_served1, POLLOUT, -1, "room in the send buffer");
    if (wb_go != WB_GO)
        return wb_go == WB_ENDED;
    if (bio_served1 == NULL)
        bio_served1 = BIO_new_socket(served1, BIO_NOCLOSE);
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = BIO_write(bio_served1, data, 2);
    wb_record_call(r, wb_ret, wb_ret < 0);
    wb_snapshot(&r->socket, served1, &wb_info_served1);
    return 1;
}

/* step 19: BIO_read(bio_nagle, buf, 2) */
static int wb_step_18(int wb_mode)
{
    struct wb_rec *r = wb_begin(18, "BIO_read", "BIO_read(bio_nagle, buf, 2)");
    long wb_ret;
    (void)wb_mode;
    if (nagle < 0)
        return wb_refuse(r, wb_info_nagle.gone);
    int wb_go = wb_readiness(r, wb_mode, nagle, &wb_info_nagle, POLLIN, 5000, "data to read");
    if (wb_go != WB_GO)
        return wb_go == WB_ENDED;
    unsigned char *buf = malloc(2);
    if (bio_nagle == NULL)
        bio_nagle = BIO_new_socket(nagle, BIO_NOCLOSE);
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = BIO_read(bio_nagle, buf, 2);
    wb_record_call(r, wb_ret, wb_ret < 0);
    wb_set_data(r, buf, wb_ret > 0 ? (size_t)wb_ret : 0);
    free(buf);
    wb_snapshot(&r->socket, nagle, &wb_info_nagle);
    return 1;
}

/* step 20: BIO_write(bio_nagle, data, 4) */
static int wb_step_19(int wb_mode)
{
    struct wb_rec *r = wb_begin(19, "BIO_write", "BIO_write(bio_nagle, data, 4)");
    long wb_ret;
    (void)wb_mode;
    if (nagle < 0)
        return wb_refuse(r, wb_info_nagle.gone);
    static const unsigned char data[5] = "head";
    wb_set_data(r, data, 4);
    int wb_go = wb_readiness(r, wb_mode, nagle, &wb_info_nagle, POLLOUT, -1, "room in the send buffer");
    if (wb_go != WB_GO)
        return wb_go == WB_ENDED;
    if (bio_nagle == NULL)
        bio_nagle = BIO_new_socket(nagle, BIO_NOCLOSE);
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = BIO_write(bio_nagle, data, 4);
    wb_record_call(r, wb_ret, wb_ret < 0);
    wb_snapshot(&r->socket, nagle, &wb_info_nagle);
    return 1;
}

/* step 21: BIO_write(bio_nagle, data, 4) (held back by Nagle until the server ACKs "head") */
static int wb_step_20(int wb_mode)
{
    struct wb_rec *r = wb_begin(20, "BIO_write", "BIO_write(bio_nagle, data, 4)");
    long wb_ret;
    (void)wb_mode;
    if (nagle < 0)
        return wb_refuse(r, wb_info_nagle.gone);
    static const unsigned char data[5] = "body";
    wb_set_data(r, data, 4);
    int wb_go = wb_readiness(r, wb_mode, nagle, &wb_info_nagle, POLLOUT, -1, "room in the send buffer");
    if (wb_go != WB_GO)
        return wb_go == WB_ENDED;
    if (bio_nagle == NULL)
        bio_nagle = BIO_new_socket(nagle, BIO_NOCLOSE);
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = BIO_write(bio_nagle, data, 4);
    wb_record_call(r, wb_ret, wb_ret < 0);
    wb_snapshot(&r->socket, nagle, &wb_info_nagle);
    return 1;
}

/* step 22: BIO_read(bio_served1, buf, 4) */
static int wb_step_21(int wb_mode)
{
    struct wb_rec *r = wb_begin(21, "BIO_read", "BIO_read(bio_served1, buf, 4)");
    long wb_ret;
    (void)wb_mode;
    if (served1 < 0)
        return wb_refuse(r, wb_info_served1.gone);
    int wb_go = wb_readiness(r, wb_mode, served1, &wb_info_served1, POLLIN, 5000, "data to read");
    if (wb_go != WB_GO)
        return wb_go == WB_ENDED;
    unsigned char *buf = malloc(4);
    if (bio_served1 == NULL)
        bio_served1 = BIO_new_socket(served1, BIO_NOCLOSE);
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = BIO_read(bio_served1, buf, 4);
    wb_record_call(r, wb_ret, wb_ret < 0);
    wb_set_data(r, buf, wb_ret > 0 ? (size_t)wb_ret : 0);
    free(buf);
    wb_snapshot(&r->socket, served1, &wb_info_served1);
    return 1;
}

/* step 23: poll(&(struct pollfd){ served1, POLLIN }, 1, 5000) (look at its duration: about 40 ms (the server's delayed-ACK timer) in a round that stalls; not every round does) */
static int wb_step_22(int wb_mode)
{
    struct wb_rec *r = wb_begin(22, "wait", "poll(&(struct pollfd){ served1, POLLIN }, 1, 5000)");
    long wb_ret;
    (void)wb_mode;
    if (served1 < 0)
        return wb_refuse(r, wb_info_served1.gone);
    struct pollfd wb_pfd = { served1, POLLIN, 0 };
    wb_clock_start();
    wb_ret = poll(&wb_pfd, 1, wb_mode == WB_WAIT ? 5000 : 0); /* poll(&(struct pollfd){ served1, POLLIN }, 1, 5000) */
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
    wb_snapshot(&r->socket, served1, &wb_info_served1);
    return 1;
}

/* step 24: BIO_read(bio_served1, buf, 4) */
static int wb_step_23(int wb_mode)
{
    struct wb_rec *r = wb_begin(23, "BIO_read", "BIO_read(bio_served1, buf, 4)");
    long wb_ret;
    (void)wb_mode;
    if (served1 < 0)
        return wb_refuse(r, wb_info_served1.gone);
    int wb_go = wb_readiness(r, wb_mode, served1, &wb_info_served1, POLLIN, -1, "data to read");
    if (wb_go != WB_GO)
        return wb_go == WB_ENDED;
    unsigned char *buf = malloc(4);
    if (bio_served1 == NULL)
        bio_served1 = BIO_new_socket(served1, BIO_NOCLOSE);
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = BIO_read(bio_served1, buf, 4);
    wb_record_call(r, wb_ret, wb_ret < 0);
    wb_set_data(r, buf, wb_ret > 0 ? (size_t)wb_ret : 0);
    free(buf);
    wb_snapshot(&r->socket, served1, &wb_info_served1);
    return 1;
}

/* step 25: BIO_write(bio_served1, data, 2) */
static int wb_step_24(int wb_mode)
{
    struct wb_rec *r = wb_begin(24, "BIO_write", "BIO_write(bio_served1, data, 2)");
    long wb_ret;
    (void)wb_mode;
    if (served1 < 0)
        return wb_refuse(r, wb_info_served1.gone);
    static const unsigned char data[3] = "ok";
    wb_set_data(r, data, 2);
    int wb_go = wb_readiness(r, wb_mode, served1, &wb_info_served1, POLLOUT, -1, "room in the send buffer");
    if (wb_go != WB_GO)
        return wb_go == WB_ENDED;
    if (bio_served1 == NULL)
        bio_served1 = BIO_new_socket(served1, BIO_NOCLOSE);
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = BIO_write(bio_served1, data, 2);
    wb_record_call(r, wb_ret, wb_ret < 0);
    wb_snapshot(&r->socket, served1, &wb_info_served1);
    return 1;
}

/* step 26: BIO_read(bio_nagle, buf, 2) */
static int wb_step_25(int wb_mode)
{
    struct wb_rec *r = wb_begin(25, "BIO_read", "BIO_read(bio_nagle, buf, 2)");
    long wb_ret;
    (void)wb_mode;
    if (nagle < 0)
        return wb_refuse(r, wb_info_nagle.gone);
    int wb_go = wb_readiness(r, wb_mode, nagle, &wb_info_nagle, POLLIN, 5000, "data to read");
    if (wb_go != WB_GO)
        return wb_go == WB_ENDED;
    unsigned char *buf = malloc(2);
    if (bio_nagle == NULL)
        bio_nagle = BIO_new_socket(nagle, BIO_NOCLOSE);
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = BIO_read(bio_nagle, buf, 2);
    wb_record_call(r, wb_ret, wb_ret < 0);
    wb_set_data(r, buf, wb_ret > 0 ? (size_t)wb_ret : 0);
    free(buf);
    wb_snapshot(&r->socket, nagle, &wb_info_nagle);
    return 1;
}

/* step 27: BIO_closesocket(nagle) */
static int wb_step_26(int wb_mode)
{
    struct wb_rec *r = wb_begin(26, "BIO_closesocket", "BIO_closesocket(nagle)");
    long wb_ret;
    (void)wb_mode;
    if (nagle < 0)
        return wb_refuse(r, wb_info_nagle.gone);
    if (bio_nagle != NULL) {
        BIO_free(bio_nagle);
        bio_nagle = NULL;
    }
    wb_snapshot(&r->socket, nagle, &wb_info_nagle); /* the record shows the socket as it was, marked closed */
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = BIO_closesocket(nagle);
    wb_record_call(r, wb_ret, wb_ret == 0);
    wb_closed(r, &wb_info_nagle);
    nagle = -1;
    return 1;
}

/* step 28: BIO_closesocket(served1) */
static int wb_step_27(int wb_mode)
{
    struct wb_rec *r = wb_begin(27, "BIO_closesocket", "BIO_closesocket(served1)");
    long wb_ret;
    (void)wb_mode;
    if (served1 < 0)
        return wb_refuse(r, wb_info_served1.gone);
    if (bio_served1 != NULL) {
        BIO_free(bio_served1);
        bio_served1 = NULL;
    }
    wb_snapshot(&r->socket, served1, &wb_info_served1); /* the record shows the socket as it was, marked closed */
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = BIO_closesocket(served1);
    wb_record_call(r, wb_ret, wb_ret == 0);
    wb_closed(r, &wb_info_served1);
    served1 = -1;
    return 1;
}

/* step 29: nodelay = BIO_socket(AF_INET, SOCK_STREAM, 0, 0) */
static int wb_step_28(int wb_mode)
{
    struct wb_rec *r = wb_begin(28, "BIO_socket", "nodelay = BIO_socket(AF_INET, SOCK_STREAM, 0, 0)");
    long wb_ret;
    (void)wb_mode;
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = nodelay = BIO_socket(AF_INET, SOCK_STREAM, 0, 0);
    wb_record_call(r, wb_ret, wb_ret < 0);
    wb_created(r, nodelay, &wb_info_nodelay, 0);
    return 1;
}

/* step 30: BIO_connect(nodelay, addr, BIO_SOCK_NODELAY) (TCP_NODELAY on: every write leaves at once) */
static int wb_step_29(int wb_mode)
{
    struct wb_rec *r = wb_begin(29, "BIO_connect", "BIO_connect(nodelay, addr, BIO_SOCK_NODELAY)");
    long wb_ret;
    (void)wb_mode;
    if (nodelay < 0)
        return wb_refuse(r, wb_info_nodelay.gone);
    char wb_addr_text[512];
    if (wb_info_l.port <= 0)
        return wb_refuse(r, "addr: {l.port}: socket \"l\" has no bound port yet");
    snprintf(wb_addr_text, sizeof wb_addr_text, "127.0.0.1:%d", wb_info_l.port);
    BIO_ADDRINFO *res = NULL;
    const BIO_ADDR *addr = wb_lookup_for(r, nodelay, wb_addr_text, BIO_LOOKUP_CLIENT, -1, &res);
    if (addr == NULL)
        return 1;
    wb_info_nodelay.connected = 1;
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = BIO_connect(nodelay, addr, BIO_SOCK_NODELAY);
    wb_record_call(r, wb_ret, wb_ret == 0);
    BIO_ADDRINFO_free(res);
    wb_snapshot(&r->socket, nodelay, &wb_info_nodelay);
    return 1;
}

/* step 31: served2 = BIO_accept_ex(l, peer, 0) */
static int wb_step_30(int wb_mode)
{
    struct wb_rec *r = wb_begin(30, "BIO_accept_ex", "served2 = BIO_accept_ex(l, peer, 0)");
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
    wb_ret = served2 = BIO_accept_ex(l, peer, 0);
    wb_record_call(r, wb_ret, wb_ret < 0);
    if (wb_ret >= 0)
        wb_result_peer(r, peer);
    BIO_ADDR_free(peer);
    wb_created(r, served2, &wb_info_served2, 1);
    wb_snapshot(wb_ret >= 0 ? &r->listener : &r->socket, l, &wb_info_l);
    return 1;
}

/* step 32: BIO_write(bio_nodelay, data, 4) */
static int wb_step_31(int wb_mode)
{
    struct wb_rec *r = wb_begin(31, "BIO_write", "BIO_write(bio_nodelay, data, 4)");
    long wb_ret;
    (void)wb_mode;
    if (nodelay < 0)
        return wb_refuse(r, wb_info_nodelay.gone);
    static const unsigned char data[5] = "head";
    wb_set_data(r, data, 4);
    int wb_go = wb_readiness(r, wb_mode, nodelay, &wb_info_nodelay, POLLOUT, -1, "room in the send buffer");
    if (wb_go != WB_GO)
        return wb_go == WB_ENDED;
    if (bio_nodelay == NULL)
        bio_nodelay = BIO_new_socket(nodelay, BIO_NOCLOSE);
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = BIO_write(bio_nodelay, data, 4);
    wb_record_call(r, wb_ret, wb_ret < 0);
    wb_snapshot(&r->socket, nodelay, &wb_info_nodelay);
    return 1;
}

/* step 33: BIO_write(bio_nodelay, data, 4) (sent at once) */
static int wb_step_32(int wb_mode)
{
    struct wb_rec *r = wb_begin(32, "BIO_write", "BIO_write(bio_nodelay, data, 4)");
    long wb_ret;
    (void)wb_mode;
    if (nodelay < 0)
        return wb_refuse(r, wb_info_nodelay.gone);
    static const unsigned char data[5] = "body";
    wb_set_data(r, data, 4);
    int wb_go = wb_readiness(r, wb_mode, nodelay, &wb_info_nodelay, POLLOUT, -1, "room in the send buffer");
    if (wb_go != WB_GO)
        return wb_go == WB_ENDED;
    if (bio_nodelay == NULL)
        bio_nodelay = BIO_new_socket(nodelay, BIO_NOCLOSE);
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = BIO_write(bio_nodelay, data, 4);
    wb_record_call(r, wb_ret, wb_ret < 0);
    wb_snapshot(&r->socket, nodelay, &wb_info_nodelay);
    return 1;
}

/* step 34: BIO_read(bio_served2, buf, 4) */
static int wb_step_33(int wb_mode)
{
    struct wb_rec *r = wb_begin(33, "BIO_read", "BIO_read(bio_served2, buf, 4)");
    long wb_ret;
    (void)wb_mode;
    if (served2 < 0)
        return wb_refuse(r, wb_info_served2.gone);
    int wb_go = wb_readiness(r, wb_mode, served2, &wb_info_served2, POLLIN, 5000, "data to read");
    if (wb_go != WB_GO)
        return wb_go == WB_ENDED;
    unsigned char *buf = malloc(4);
    if (bio_served2 == NULL)
        bio_served2 = BIO_new_socket(served2, BIO_NOCLOSE);
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = BIO_read(bio_served2, buf, 4);
    wb_record_call(r, wb_ret, wb_ret < 0);
    wb_set_data(r, buf, wb_ret > 0 ? (size_t)wb_ret : 0);
    free(buf);
    wb_snapshot(&r->socket, served2, &wb_info_served2);
    return 1;
}

/* step 35: poll(&(struct pollfd){ served2, POLLIN }, 1, 5000) (look at its duration: well under a millisecond) */
static int wb_step_34(int wb_mode)
{
    struct wb_rec *r = wb_begin(34, "wait", "poll(&(struct pollfd){ served2, POLLIN }, 1, 5000)");
    long wb_ret;
    (void)wb_mode;
    if (served2 < 0)
        return wb_refuse(r, wb_info_served2.gone);
    struct pollfd wb_pfd = { served2, POLLIN, 0 };
    wb_clock_start();
    wb_ret = poll(&wb_pfd, 1, wb_mode == WB_WAIT ? 5000 : 0); /* poll(&(struct pollfd){ served2, POLLIN }, 1, 5000) */
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
    wb_snapshot(&r->socket, served2, &wb_info_served2);
    return 1;
}

/* step 36: BIO_read(bio_served2, buf, 4) */
static int wb_step_35(int wb_mode)
{
    struct wb_rec *r = wb_begin(35, "BIO_read", "BIO_read(bio_served2, buf, 4)");
    long wb_ret;
    (void)wb_mode;
    if (served2 < 0)
        return wb_refuse(r, wb_info_served2.gone);
    int wb_go = wb_readiness(r, wb_mode, served2, &wb_info_served2, POLLIN, -1, "data to read");
    if (wb_go != WB_GO)
        return wb_go == WB_ENDED;
    unsigned char *buf = malloc(4);
    if (bio_served2 == NULL)
        bio_served2 = BIO_new_socket(served2, BIO_NOCLOSE);
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = BIO_read(bio_served2, buf, 4);
    wb_record_call(r, wb_ret, wb_ret < 0);
    wb_set_data(r, buf, wb_ret > 0 ? (size_t)wb_ret : 0);
    free(buf);
    wb_snapshot(&r->socket, served2, &wb_info_served2);
    return 1;
}

/* step 37: BIO_write(bio_served2, data, 2) */
static int wb_step_36(int wb_mode)
{
    struct wb_rec *r = wb_begin(36, "BIO_write", "BIO_write(bio_served2, data, 2)");
    long wb_ret;
    (void)wb_mode;
    if (served2 < 0)
        return wb_refuse(r, wb_info_served2.gone);
    static const unsigned char data[3] = "ok";
    wb_set_data(r, data, 2);
    int wb_go = wb_readiness(r, wb_mode, served2, &wb_info_served2, POLLOUT, -1, "room in the send buffer");
    if (wb_go != WB_GO)
        return wb_go == WB_ENDED;
    if (bio_served2 == NULL)
        bio_served2 = BIO_new_socket(served2, BIO_NOCLOSE);
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = BIO_write(bio_served2, data, 2);
    wb_record_call(r, wb_ret, wb_ret < 0);
    wb_snapshot(&r->socket, served2, &wb_info_served2);
    return 1;
}

/* step 38: BIO_read(bio_nodelay, buf, 2) */
static int wb_step_37(int wb_mode)
{
    struct wb_rec *r = wb_begin(37, "BIO_read", "BIO_read(bio_nodelay, buf, 2)");
    long wb_ret;
    (void)wb_mode;
    if (nodelay < 0)
        return wb_refuse(r, wb_info_nodelay.gone);
    int wb_go = wb_readiness(r, wb_mode, nodelay, &wb_info_nodelay, POLLIN, 5000, "data to read");
    if (wb_go != WB_GO)
        return wb_go == WB_ENDED;
    unsigned char *buf = malloc(2);
    if (bio_nodelay == NULL)
        bio_nodelay = BIO_new_socket(nodelay, BIO_NOCLOSE);
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = BIO_read(bio_nodelay, buf, 2);
    wb_record_call(r, wb_ret, wb_ret < 0);
    wb_set_data(r, buf, wb_ret > 0 ? (size_t)wb_ret : 0);
    free(buf);
    wb_snapshot(&r->socket, nodelay, &wb_info_nodelay);
    return 1;
}

/* step 39: BIO_write(bio_nodelay, data, 4) */
static int wb_step_38(int wb_mode)
{
    struct wb_rec *r = wb_begin(38, "BIO_write", "BIO_write(bio_nodelay, data, 4)");
    long wb_ret;
    (void)wb_mode;
    if (nodelay < 0)
        return wb_refuse(r, wb_info_nodelay.gone);
    static const unsigned char data[5] = "head";
    wb_set_data(r, data, 4);
    int wb_go = wb_readiness(r, wb_mode, nodelay, &wb_info_nodelay, POLLOUT, -1, "room in the send buffer");
    if (wb_go != WB_GO)
        return wb_go == WB_ENDED;
    if (bio_nodelay == NULL)
        bio_nodelay = BIO_new_socket(nodelay, BIO_NOCLOSE);
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = BIO_write(bio_nodelay, data, 4);
    wb_record_call(r, wb_ret, wb_ret < 0);
    wb_snapshot(&r->socket, nodelay, &wb_info_nodelay);
    return 1;
}

/* step 40: BIO_write(bio_nodelay, data, 4) (sent at once) */
static int wb_step_39(int wb_mode)
{
    struct wb_rec *r = wb_begin(39, "BIO_write", "BIO_write(bio_nodelay, data, 4)");
    long wb_ret;
    (void)wb_mode;
    if (nodelay < 0)
        return wb_refuse(r, wb_info_nodelay.gone);
    static const unsigned char data[5] = "body";
    wb_set_data(r, data, 4);
    int wb_go = wb_readiness(r, wb_mode, nodelay, &wb_info_nodelay, POLLOUT, -1, "room in the send buffer");
    if (wb_go != WB_GO)
        return wb_go == WB_ENDED;
    if (bio_nodelay == NULL)
        bio_nodelay = BIO_new_socket(nodelay, BIO_NOCLOSE);
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = BIO_write(bio_nodelay, data, 4);
    wb_record_call(r, wb_ret, wb_ret < 0);
    wb_snapshot(&r->socket, nodelay, &wb_info_nodelay);
    return 1;
}

/* step 41: BIO_read(bio_served2, buf, 4) */
static int wb_step_40(int wb_mode)
{
    struct wb_rec *r = wb_begin(40, "BIO_read", "BIO_read(bio_served2, buf, 4)");
    long wb_ret;
    (void)wb_mode;
    if (served2 < 0)
        return wb_refuse(r, wb_info_served2.gone);
    int wb_go = wb_readiness(r, wb_mode, served2, &wb_info_served2, POLLIN, 5000, "data to read");
    if (wb_go != WB_GO)
        return wb_go == WB_ENDED;
    unsigned char *buf = malloc(4);
    if (bio_served2 == NULL)
        bio_served2 = BIO_new_socket(served2, BIO_NOCLOSE);
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = BIO_read(bio_served2, buf, 4);
    wb_record_call(r, wb_ret, wb_ret < 0);
    wb_set_data(r, buf, wb_ret > 0 ? (size_t)wb_ret : 0);
    free(buf);
    wb_snapshot(&r->socket, served2, &wb_info_served2);
    return 1;
}

/* step 42: poll(&(struct pollfd){ served2, POLLIN }, 1, 5000) (look at its duration: well under a millisecond) */
static int wb_step_41(int wb_mode)
{
    struct wb_rec *r = wb_begin(41, "wait", "poll(&(struct pollfd){ served2, POLLIN }, 1, 5000)");
    long wb_ret;
    (void)wb_mode;
    if (served2 < 0)
        return wb_refuse(r, wb_info_served2.gone);
    struct pollfd wb_pfd = { served2, POLLIN, 0 };
    wb_clock_start();
    wb_ret = poll(&wb_pfd, 1, wb_mode == WB_WAIT ? 5000 : 0); /* poll(&(struct pollfd){ served2, POLLIN }, 1, 5000) */
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
    wb_snapshot(&r->socket, served2, &wb_info_served2);
    return 1;
}

/* step 43: BIO_read(bio_served2, buf, 4) */
static int wb_step_42(int wb_mode)
{
    struct wb_rec *r = wb_begin(42, "BIO_read", "BIO_read(bio_served2, buf, 4)");
    long wb_ret;
    (void)wb_mode;
    if (served2 < 0)
        return wb_refuse(r, wb_info_served2.gone);
    int wb_go = wb_readiness(r, wb_mode, served2, &wb_info_served2, POLLIN, -1, "data to read");
    if (wb_go != WB_GO)
        return wb_go == WB_ENDED;
    unsigned char *buf = malloc(4);
    if (bio_served2 == NULL)
        bio_served2 = BIO_new_socket(served2, BIO_NOCLOSE);
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = BIO_read(bio_served2, buf, 4);
    wb_record_call(r, wb_ret, wb_ret < 0);
    wb_set_data(r, buf, wb_ret > 0 ? (size_t)wb_ret : 0);
    free(buf);
    wb_snapshot(&r->socket, served2, &wb_info_served2);
    return 1;
}

/* step 44: BIO_write(bio_served2, data, 2) */
static int wb_step_43(int wb_mode)
{
    struct wb_rec *r = wb_begin(43, "BIO_write", "BIO_write(bio_served2, data, 2)");
    long wb_ret;
    (void)wb_mode;
    if (served2 < 0)
        return wb_refuse(r, wb_info_served2.gone);
    static const unsigned char data[3] = "ok";
    wb_set_data(r, data, 2);
    int wb_go = wb_readiness(r, wb_mode, served2, &wb_info_served2, POLLOUT, -1, "room in the send buffer");
    if (wb_go != WB_GO)
        return wb_go == WB_ENDED;
    if (bio_served2 == NULL)
        bio_served2 = BIO_new_socket(served2, BIO_NOCLOSE);
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = BIO_write(bio_served2, data, 2);
    wb_record_call(r, wb_ret, wb_ret < 0);
    wb_snapshot(&r->socket, served2, &wb_info_served2);
    return 1;
}

/* step 45: BIO_read(bio_nodelay, buf, 2) */
static int wb_step_44(int wb_mode)
{
    struct wb_rec *r = wb_begin(44, "BIO_read", "BIO_read(bio_nodelay, buf, 2)");
    long wb_ret;
    (void)wb_mode;
    if (nodelay < 0)
        return wb_refuse(r, wb_info_nodelay.gone);
    int wb_go = wb_readiness(r, wb_mode, nodelay, &wb_info_nodelay, POLLIN, 5000, "data to read");
    if (wb_go != WB_GO)
        return wb_go == WB_ENDED;
    unsigned char *buf = malloc(2);
    if (bio_nodelay == NULL)
        bio_nodelay = BIO_new_socket(nodelay, BIO_NOCLOSE);
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = BIO_read(bio_nodelay, buf, 2);
    wb_record_call(r, wb_ret, wb_ret < 0);
    wb_set_data(r, buf, wb_ret > 0 ? (size_t)wb_ret : 0);
    free(buf);
    wb_snapshot(&r->socket, nodelay, &wb_info_nodelay);
    return 1;
}

/* step 46: BIO_write(bio_nodelay, data, 4) */
static int wb_step_45(int wb_mode)
{
    struct wb_rec *r = wb_begin(45, "BIO_write", "BIO_write(bio_nodelay, data, 4)");
    long wb_ret;
    (void)wb_mode;
    if (nodelay < 0)
        return wb_refuse(r, wb_info_nodelay.gone);
    static const unsigned char data[5] = "head";
    wb_set_data(r, data, 4);
    int wb_go = wb_readiness(r, wb_mode, nodelay, &wb_info_nodelay, POLLOUT, -1, "room in the send buffer");
    if (wb_go != WB_GO)
        return wb_go == WB_ENDED;
    if (bio_nodelay == NULL)
        bio_nodelay = BIO_new_socket(nodelay, BIO_NOCLOSE);
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = BIO_write(bio_nodelay, data, 4);
    wb_record_call(r, wb_ret, wb_ret < 0);
    wb_snapshot(&r->socket, nodelay, &wb_info_nodelay);
    return 1;
}

/* step 47: BIO_write(bio_nodelay, data, 4) (sent at once) */
static int wb_step_46(int wb_mode)
{
    struct wb_rec *r = wb_begin(46, "BIO_write", "BIO_write(bio_nodelay, data, 4)");
    long wb_ret;
    (void)wb_mode;
    if (nodelay < 0)
        return wb_refuse(r, wb_info_nodelay.gone);
    static const unsigned char data[5] = "body";
    wb_set_data(r, data, 4);
    int wb_go = wb_readiness(r, wb_mode, nodelay, &wb_info_nodelay, POLLOUT, -1, "room in the send buffer");
    if (wb_go != WB_GO)
        return wb_go == WB_ENDED;
    if (bio_nodelay == NULL)
        bio_nodelay = BIO_new_socket(nodelay, BIO_NOCLOSE);
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = BIO_write(bio_nodelay, data, 4);
    wb_record_call(r, wb_ret, wb_ret < 0);
    wb_snapshot(&r->socket, nodelay, &wb_info_nodelay);
    return 1;
}

/* step 48: BIO_read(bio_served2, buf, 4) */
static int wb_step_47(int wb_mode)
{
    struct wb_rec *r = wb_begin(47, "BIO_read", "BIO_read(bio_served2, buf, 4)");
    long wb_ret;
    (void)wb_mode;
    if (served2 < 0)
        return wb_refuse(r, wb_info_served2.gone);
    int wb_go = wb_readiness(r, wb_mode, served2, &wb_info_served2, POLLIN, 5000, "data to read");
    if (wb_go != WB_GO)
        return wb_go == WB_ENDED;
    unsigned char *buf = malloc(4);
    if (bio_served2 == NULL)
        bio_served2 = BIO_new_socket(served2, BIO_NOCLOSE);
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = BIO_read(bio_served2, buf, 4);
    wb_record_call(r, wb_ret, wb_ret < 0);
    wb_set_data(r, buf, wb_ret > 0 ? (size_t)wb_ret : 0);
    free(buf);
    wb_snapshot(&r->socket, served2, &wb_info_served2);
    return 1;
}

/* step 49: poll(&(struct pollfd){ served2, POLLIN }, 1, 5000) (look at its duration: well under a millisecond) */
static int wb_step_48(int wb_mode)
{
    struct wb_rec *r = wb_begin(48, "wait", "poll(&(struct pollfd){ served2, POLLIN }, 1, 5000)");
    long wb_ret;
    (void)wb_mode;
    if (served2 < 0)
        return wb_refuse(r, wb_info_served2.gone);
    struct pollfd wb_pfd = { served2, POLLIN, 0 };
    wb_clock_start();
    wb_ret = poll(&wb_pfd, 1, wb_mode == WB_WAIT ? 5000 : 0); /* poll(&(struct pollfd){ served2, POLLIN }, 1, 5000) */
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
    wb_snapshot(&r->socket, served2, &wb_info_served2);
    return 1;
}

/* step 50: BIO_read(bio_served2, buf, 4) */
static int wb_step_49(int wb_mode)
{
    struct wb_rec *r = wb_begin(49, "BIO_read", "BIO_read(bio_served2, buf, 4)");
    long wb_ret;
    (void)wb_mode;
    if (served2 < 0)
        return wb_refuse(r, wb_info_served2.gone);
    int wb_go = wb_readiness(r, wb_mode, served2, &wb_info_served2, POLLIN, -1, "data to read");
    if (wb_go != WB_GO)
        return wb_go == WB_ENDED;
    unsigned char *buf = malloc(4);
    if (bio_served2 == NULL)
        bio_served2 = BIO_new_socket(served2, BIO_NOCLOSE);
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = BIO_read(bio_served2, buf, 4);
    wb_record_call(r, wb_ret, wb_ret < 0);
    wb_set_data(r, buf, wb_ret > 0 ? (size_t)wb_ret : 0);
    free(buf);
    wb_snapshot(&r->socket, served2, &wb_info_served2);
    return 1;
}

/* step 51: BIO_write(bio_served2, data, 2) */
static int wb_step_50(int wb_mode)
{
    struct wb_rec *r = wb_begin(50, "BIO_write", "BIO_write(bio_served2, data, 2)");
    long wb_ret;
    (void)wb_mode;
    if (served2 < 0)
        return wb_refuse(r, wb_info_served2.gone);
    static const unsigned char data[3] = "ok";
    wb_set_data(r, data, 2);
    int wb_go = wb_readiness(r, wb_mode, served2, &wb_info_served2, POLLOUT, -1, "room in the send buffer");
    if (wb_go != WB_GO)
        return wb_go == WB_ENDED;
    if (bio_served2 == NULL)
        bio_served2 = BIO_new_socket(served2, BIO_NOCLOSE);
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = BIO_write(bio_served2, data, 2);
    wb_record_call(r, wb_ret, wb_ret < 0);
    wb_snapshot(&r->socket, served2, &wb_info_served2);
    return 1;
}

/* step 52: BIO_read(bio_nodelay, buf, 2) */
static int wb_step_51(int wb_mode)
{
    struct wb_rec *r = wb_begin(51, "BIO_read", "BIO_read(bio_nodelay, buf, 2)");
    long wb_ret;
    (void)wb_mode;
    if (nodelay < 0)
        return wb_refuse(r, wb_info_nodelay.gone);
    int wb_go = wb_readiness(r, wb_mode, nodelay, &wb_info_nodelay, POLLIN, 5000, "data to read");
    if (wb_go != WB_GO)
        return wb_go == WB_ENDED;
    unsigned char *buf = malloc(2);
    if (bio_nodelay == NULL)
        bio_nodelay = BIO_new_socket(nodelay, BIO_NOCLOSE);
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = BIO_read(bio_nodelay, buf, 2);
    wb_record_call(r, wb_ret, wb_ret < 0);
    wb_set_data(r, buf, wb_ret > 0 ? (size_t)wb_ret : 0);
    free(buf);
    wb_snapshot(&r->socket, nodelay, &wb_info_nodelay);
    return 1;
}

/* step 53: BIO_closesocket(nodelay) */
static int wb_step_52(int wb_mode)
{
    struct wb_rec *r = wb_begin(52, "BIO_closesocket", "BIO_closesocket(nodelay)");
    long wb_ret;
    (void)wb_mode;
    if (nodelay < 0)
        return wb_refuse(r, wb_info_nodelay.gone);
    if (bio_nodelay != NULL) {
        BIO_free(bio_nodelay);
        bio_nodelay = NULL;
    }
    wb_snapshot(&r->socket, nodelay, &wb_info_nodelay); /* the record shows the socket as it was, marked closed */
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = BIO_closesocket(nodelay);
    wb_record_call(r, wb_ret, wb_ret == 0);
    wb_closed(r, &wb_info_nodelay);
    nodelay = -1;
    return 1;
}

/* step 54: BIO_closesocket(served2) */
static int wb_step_53(int wb_mode)
{
    struct wb_rec *r = wb_begin(53, "BIO_closesocket", "BIO_closesocket(served2)");
    long wb_ret;
    (void)wb_mode;
    if (served2 < 0)
        return wb_refuse(r, wb_info_served2.gone);
    if (bio_served2 != NULL) {
        BIO_free(bio_served2);
        bio_served2 = NULL;
    }
    wb_snapshot(&r->socket, served2, &wb_info_served2); /* the record shows the socket as it was, marked closed */
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = BIO_closesocket(served2);
    wb_record_call(r, wb_ret, wb_ret == 0);
    wb_closed(r, &wb_info_served2);
    served2 = -1;
    return 1;
}

/* step 55: BIO_closesocket(l) */
static int wb_step_54(int wb_mode)
{
    struct wb_rec *r = wb_begin(54, "BIO_closesocket", "BIO_closesocket(l)");
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

static void wb_check_expectations(void)
{
    R[0].has_expect = 1;
    wb_expect_ret(&R[0], WB_RET_FD, 0);
    R[1].has_expect = 1;
    wb_expect_ret(&R[1], WB_RET_NUMBER, 1L);
    R[3].has_expect = 1;
    wb_expect_ret(&R[3], WB_RET_NUMBER, 1L);
    wb_expect_applied(&R[3], "TCP_NODELAY", 1, 0);
    R[4].has_expect = 1;
    wb_expect_ret(&R[4], WB_RET_FD, 0);
    R[5].has_expect = 1;
    wb_expect_ret(&R[5], WB_RET_NUMBER, 4L);
    R[6].has_expect = 1;
    wb_expect_ret(&R[6], WB_RET_NUMBER, 4L);
    R[7].has_expect = 1;
    wb_expect_data(&R[7], "head", 4);
    R[8].has_expect = 1;
    wb_expect_ret(&R[8], WB_RET_NUMBER, 1L);
    R[9].has_expect = 1;
    wb_expect_data(&R[9], "body", 4);
    R[10].has_expect = 1;
    wb_expect_ret(&R[10], WB_RET_NUMBER, 2L);
    R[11].has_expect = 1;
    wb_expect_data(&R[11], "ok", 2);
    R[12].has_expect = 1;
    wb_expect_ret(&R[12], WB_RET_NUMBER, 4L);
    R[13].has_expect = 1;
    wb_expect_ret(&R[13], WB_RET_NUMBER, 4L);
    R[14].has_expect = 1;
    wb_expect_data(&R[14], "head", 4);
    R[15].has_expect = 1;
    wb_expect_ret(&R[15], WB_RET_NUMBER, 1L);
    R[16].has_expect = 1;
    wb_expect_data(&R[16], "body", 4);
    R[17].has_expect = 1;
    wb_expect_ret(&R[17], WB_RET_NUMBER, 2L);
    R[18].has_expect = 1;
    wb_expect_data(&R[18], "ok", 2);
    R[19].has_expect = 1;
    wb_expect_ret(&R[19], WB_RET_NUMBER, 4L);
    R[20].has_expect = 1;
    wb_expect_ret(&R[20], WB_RET_NUMBER, 4L);
    R[21].has_expect = 1;
    wb_expect_data(&R[21], "head", 4);
    R[22].has_expect = 1;
    wb_expect_ret(&R[22], WB_RET_NUMBER, 1L);
    R[23].has_expect = 1;
    wb_expect_data(&R[23], "body", 4);
    R[24].has_expect = 1;
    wb_expect_ret(&R[24], WB_RET_NUMBER, 2L);
    R[25].has_expect = 1;
    wb_expect_data(&R[25], "ok", 2);
    R[29].has_expect = 1;
    wb_expect_ret(&R[29], WB_RET_NUMBER, 1L);
    wb_expect_applied(&R[29], "TCP_NODELAY", 1, 1);
    R[30].has_expect = 1;
    wb_expect_ret(&R[30], WB_RET_FD, 0);
    R[31].has_expect = 1;
    wb_expect_ret(&R[31], WB_RET_NUMBER, 4L);
    R[32].has_expect = 1;
    wb_expect_ret(&R[32], WB_RET_NUMBER, 4L);
    R[33].has_expect = 1;
    wb_expect_data(&R[33], "head", 4);
    R[34].has_expect = 1;
    wb_expect_ret(&R[34], WB_RET_NUMBER, 1L);
    R[35].has_expect = 1;
    wb_expect_data(&R[35], "body", 4);
    R[36].has_expect = 1;
    wb_expect_ret(&R[36], WB_RET_NUMBER, 2L);
    R[37].has_expect = 1;
    wb_expect_data(&R[37], "ok", 2);
    R[38].has_expect = 1;
    wb_expect_ret(&R[38], WB_RET_NUMBER, 4L);
    R[39].has_expect = 1;
    wb_expect_ret(&R[39], WB_RET_NUMBER, 4L);
    R[40].has_expect = 1;
    wb_expect_data(&R[40], "head", 4);
    R[41].has_expect = 1;
    wb_expect_ret(&R[41], WB_RET_NUMBER, 1L);
    R[42].has_expect = 1;
    wb_expect_data(&R[42], "body", 4);
    R[43].has_expect = 1;
    wb_expect_ret(&R[43], WB_RET_NUMBER, 2L);
    R[44].has_expect = 1;
    wb_expect_data(&R[44], "ok", 2);
    R[45].has_expect = 1;
    wb_expect_ret(&R[45], WB_RET_NUMBER, 4L);
    R[46].has_expect = 1;
    wb_expect_ret(&R[46], WB_RET_NUMBER, 4L);
    R[47].has_expect = 1;
    wb_expect_data(&R[47], "head", 4);
    R[48].has_expect = 1;
    wb_expect_ret(&R[48], WB_RET_NUMBER, 1L);
    R[49].has_expect = 1;
    wb_expect_data(&R[49], "body", 4);
    R[50].has_expect = 1;
    wb_expect_ret(&R[50], WB_RET_NUMBER, 2L);
    R[51].has_expect = 1;
    wb_expect_data(&R[51], "ok", 2);
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
    wb_step_40(WB_WAIT);
    wb_step_41(WB_WAIT);
    wb_step_42(WB_WAIT);
    wb_step_43(WB_WAIT);
    wb_step_44(WB_WAIT);
    wb_step_45(WB_WAIT);
    wb_step_46(WB_WAIT);
    wb_step_47(WB_WAIT);
    wb_step_48(WB_WAIT);
    wb_step_49(WB_WAIT);
    wb_step_50(WB_WAIT);
    wb_step_51(WB_WAIT);
    wb_step_52(WB_WAIT);
    wb_step_53(WB_WAIT);
    wb_step_54(WB_WAIT);
    wb_check_expectations();
    int ok = wb_print(wb_title);
    if (l >= 0)
        BIO_closesocket(l);
    if (nagle >= 0)
        BIO_closesocket(nagle);
    if (served1 >= 0)
        BIO_closesocket(served1);
    if (nodelay >= 0)
        BIO_closesocket(nodelay);
    if (served2 >= 0)
        BIO_closesocket(served2);
    return ok ? 0 : 1;
}
