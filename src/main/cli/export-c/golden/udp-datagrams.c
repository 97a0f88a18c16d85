/*
 * UDP: bind, connect and a datagram through socket BIOs
 * A SOCK_DGRAM socket bound with BIO_bind, and a second one given a default peer with BIO_connect (no handshake: it returns 1 at once). A datagram written on one is read on the other. BIO_SOCK_NODELAY is a TCP option: on a UDP socket BIO_connect's setsockopt fails and the call returns 0.
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
static const char wb_title[] = "UDP: bind, connect and a datagram through socket BIOs";

/* The scenario's sockets, named as the scenario names them. */
static int u = -1;
static BIO *bio_u __attribute__((unused));
static struct wb_info wb_info_u = { "u", 0, 0, 0, "no open socket is named \"u\" yet" };
static int v = -1;
static BIO *bio_v __attribute__((unused));
static struct wb_info wb_info_v = { "v", 0, 0, 0, "no open socket is named \"v\" yet" };
static int w = -1;
static BIO *bio_w __attribute__((unused));
static struct wb_info wb_info_w = { "w", 0, 0, 0, "no open socket is named \"w\" yet" };


/* step 1: u = BIO_socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP, 0) */
static int wb_step_0(int wb_mode)
{
    struct wb_rec *r = wb_begin(0, "BIO_socket", "u = BIO_socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP, 0)");
    long wb_ret;
    (void)wb_mode;
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = u = BIO_socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP, 0);
    wb_record_call(r, wb_ret, wb_ret < 0);
    wb_created(r, u, &wb_info_u, 0);
    return 1;
}

/* step 2: BIO_bind(u, addr, 0) */
static int wb_step_1(int wb_mode)
{
    struct wb_rec *r = wb_begin(1, "BIO_bind", "BIO_bind(u, addr, 0)");
    long wb_ret;
    (void)wb_mode;
    if (u < 0)
        return wb_refuse(r, wb_info_u.gone);
    char wb_addr_text[512];
    snprintf(wb_addr_text, sizeof wb_addr_text, "127.0.0.1:0");
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

/* step 3: v = BIO_socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP, 0) */
static int wb_step_2(int wb_mode)
{
    struct wb_rec *r = wb_begin(2, "BIO_socket", "v = BIO_socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP, 0)");
    long wb_ret;
    (void)wb_mode;
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = v = BIO_socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP, 0);
    wb_record_call(r, wb_ret, wb_ret < 0);
    wb_created(r, v, &wb_info_v, 0);
    return 1;
}

/* step 4: BIO_connect(v, addr, 0) */
static int wb_step_3(int wb_mode)
{
    struct wb_rec *r = wb_begin(3, "BIO_connect", "BIO_connect(v, addr, 0)");
    long wb_ret;
    (void)wb_mode;
    if (v < 0)
        return wb_refuse(r, wb_info_v.gone);
    char wb_addr_text[512];
    if (wb_info_u.port <= 0)
        return wb_refuse(r, "addr: {u.port}: socket \"u\" has no bound port yet");
    snprintf(wb_addr_text, sizeof wb_addr_text, "127.0.0.1:%d", wb_info_u.port);
    BIO_ADDRINFO *res = NULL;
    const BIO_ADDR *addr = wb_lookup_for(r, v, wb_addr_text, BIO_LOOKUP_CLIENT, -1, &res);
    if (addr == NULL)
        return 1;
    wb_info_v.connected = 1;
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = BIO_connect(v, addr, 0);
    wb_record_call(r, wb_ret, wb_ret == 0);
    BIO_ADDRINFO_free(res);
    wb_snapshot(&r->socket, v, &wb_info_v);
    return 1;
}

/* step 5: BIO_write(bio_v, data, 4) */
static int wb_step_4(int wb_mode)
{
    struct wb_rec *r = wb_begin(4, "BIO_write", "BIO_write(bio_v, data, 4)");
    long wb_ret;
    (void)wb_mode;
    if (v < 0)
        return wb_refuse(r, wb_info_v.gone);
    static const unsigned char data[5] = "ping";
    wb_set_data(r, data, 4);
    int wb_go = wb_readiness(r, wb_mode, v, &wb_info_v, POLLOUT, -1, "room in the send buffer");
    if (wb_go != WB_GO)
        return wb_go == WB_ENDED;
    if (bio_v == NULL)
        bio_v = BIO_new_socket(v, BIO_NOCLOSE);
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = BIO_write(bio_v, data, 4);
    wb_record_call(r, wb_ret, wb_ret < 0);
    wb_snapshot(&r->socket, v, &wb_info_v);
    return 1;
}

/* step 6: BIO_read(bio_u, buf, 64) */
static int wb_step_5(int wb_mode)
{
    struct wb_rec *r = wb_begin(5, "BIO_read", "BIO_read(bio_u, buf, 64)");
    long wb_ret;
    (void)wb_mode;
    if (u < 0)
        return wb_refuse(r, wb_info_u.gone);
    int wb_go = wb_readiness(r, wb_mode, u, &wb_info_u, POLLIN, 2000, "data to read");
    if (wb_go != WB_GO)
        return wb_go == WB_ENDED;
    unsigned char *buf = malloc(64);
    if (bio_u == NULL)
        bio_u = BIO_new_socket(u, BIO_NOCLOSE);
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = BIO_read(bio_u, buf, 64);
    wb_record_call(r, wb_ret, wb_ret < 0);
    wb_set_data(r, buf, wb_ret > 0 ? (size_t)wb_ret : 0);
    free(buf);
    wb_snapshot(&r->socket, u, &wb_info_u);
    return 1;
}

/* step 7: w = BIO_socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP, 0) */
static int wb_step_6(int wb_mode)
{
    struct wb_rec *r = wb_begin(6, "BIO_socket", "w = BIO_socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP, 0)");
    long wb_ret;
    (void)wb_mode;
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = w = BIO_socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP, 0);
    wb_record_call(r, wb_ret, wb_ret < 0);
    wb_created(r, w, &wb_info_w, 0);
    return 1;
}

/* step 8: BIO_connect(w, addr, BIO_SOCK_NODELAY) */
static int wb_step_7(int wb_mode)
{
    struct wb_rec *r = wb_begin(7, "BIO_connect", "BIO_connect(w, addr, BIO_SOCK_NODELAY)");
    long wb_ret;
    (void)wb_mode;
    if (w < 0)
        return wb_refuse(r, wb_info_w.gone);
    char wb_addr_text[512];
    if (wb_info_u.port <= 0)
        return wb_refuse(r, "addr: {u.port}: socket \"u\" has no bound port yet");
    snprintf(wb_addr_text, sizeof wb_addr_text, "127.0.0.1:%d", wb_info_u.port);
    BIO_ADDRINFO *res = NULL;
    const BIO_ADDR *addr = wb_lookup_for(r, w, wb_addr_text, BIO_LOOKUP_CLIENT, -1, &res);
    if (addr == NULL)
        return 1;
    wb_info_w.connected = 1;
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = BIO_connect(w, addr, BIO_SOCK_NODELAY);
    wb_record_call(r, wb_ret, wb_ret == 0);
    BIO_ADDRINFO_free(res);
    wb_snapshot(&r->socket, w, &wb_info_w);
    return 1;
}

/* step 9: BIO_closesocket(w) */
static int wb_step_8(int wb_mode)
{
    struct wb_rec *r = wb_begin(8, "BIO_closesocket", "BIO_closesocket(w)");
    long wb_ret;
    (void)wb_mode;
    if (w < 0)
        return wb_refuse(r, wb_info_w.gone);
    if (bio_w != NULL) {
        BIO_free(bio_w);
        bio_w = NULL;
    }
    wb_snapshot(&r->socket, w, &wb_info_w); /* the record shows the socket as it was, marked closed */
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = BIO_closesocket(w);
    wb_record_call(r, wb_ret, wb_ret == 0);
    wb_closed(r, &wb_info_w);
    w = -1;
    return 1;
}

/* step 10: BIO_closesocket(v) */
static int wb_step_9(int wb_mode)
{
    struct wb_rec *r = wb_begin(9, "BIO_closesocket", "BIO_closesocket(v)");
    long wb_ret;
    (void)wb_mode;
    if (v < 0)
        return wb_refuse(r, wb_info_v.gone);
    if (bio_v != NULL) {
        BIO_free(bio_v);
        bio_v = NULL;
    }
    wb_snapshot(&r->socket, v, &wb_info_v); /* the record shows the socket as it was, marked closed */
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = BIO_closesocket(v);
    wb_record_call(r, wb_ret, wb_ret == 0);
    wb_closed(r, &wb_info_v);
    v = -1;
    return 1;
}

/* step 11: BIO_closesocket(u) */
static int wb_step_10(int wb_mode)
{
    struct wb_rec *r = wb_begin(10, "BIO_closesocket", "BIO_closesocket(u)");
    long wb_ret;
    (void)wb_mode;
    if (u < 0)
        return wb_refuse(r, wb_info_u.gone);
    if (bio_u != NULL) {
        BIO_free(bio_u);
        bio_u = NULL;
    }
    wb_snapshot(&r->socket, u, &wb_info_u); /* the record shows the socket as it was, marked closed */
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = BIO_closesocket(u);
    wb_record_call(r, wb_ret, wb_ret == 0);
    wb_closed(r, &wb_info_u);
    u = -1;
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
    wb_expect_queue_empty(&R[3], 1);
    R[4].has_expect = 1;
    wb_expect_ret(&R[4], WB_RET_NUMBER, 4L);
    R[5].has_expect = 1;
    wb_expect_ret(&R[5], WB_RET_NUMBER, 4L);
    wb_expect_data(&R[5], "ping", 4);
    R[7].has_expect = 1;
    wb_expect_ret(&R[7], WB_RET_NUMBER, 0L);
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
    wb_check_expectations();
    int ok = wb_print(wb_title);
    if (u >= 0)
        BIO_closesocket(u);
    if (v >= 0)
        BIO_closesocket(v);
    if (w >= 0)
        BIO_closesocket(w);
    return ok ? 0 : 1;
}
