/*
 * BIO_lookup_ex and the deprecated calls from the manual's HISTORY
 * BIO_lookup_ex lists every candidate for an address. The calls deprecated in OpenSSL 1.1.0 still run on 3.x: BIO_get_port, BIO_get_host_ip, BIO_gethostbyname, BIO_get_accept_socket (a listener from "host:port") and BIO_accept (the accepted peer as text). The manual also names BIO_gethostname: no libcrypto 3.x exports it.
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

#define WB_STEPS 12
static struct wb_rec R[WB_STEPS];
static int wb_pending[WB_STEPS] __attribute__((unused));
static const char wb_title[] = "BIO_lookup_ex and the deprecated calls from the manual's HISTORY";

/* The scenario's sockets, named as the scenario names them. */
static int l = -1;
static BIO *bio_l __attribute__((unused));
static struct wb_info wb_info_l = { "l", 0, 0, 0, "no open socket is named \"l\" yet" };
static int c = -1;
static BIO *bio_c __attribute__((unused));
static struct wb_info wb_info_c = { "c", 0, 0, 0, "no open socket is named \"c\" yet" };
static int a = -1;
static BIO *bio_a __attribute__((unused));
static struct wb_info wb_info_a = { "a", 0, 0, 0, "no open socket is named \"a\" yet" };


/* step 1: BIO_lookup_ex(host, service, BIO_LOOKUP_CLIENT, AF_INET, SOCK_STREAM, 0, &res) */
static int wb_step_0(int wb_mode)
{
    struct wb_rec *r = wb_begin(0, "BIO_lookup_ex", "BIO_lookup_ex(host, service, BIO_LOOKUP_CLIENT, AF_INET, SOCK_STREAM, 0, &res)");
    long wb_ret;
    (void)wb_mode;
    char wb_addr_text[512];
    snprintf(wb_addr_text, sizeof wb_addr_text, "localhost:443");
    const char *host, *service;
    char wb_host_buf[512];
    int family = wb_parse_addr(wb_addr_text, wb_host_buf, sizeof wb_host_buf, &host, &service) ? AF_UNIX : AF_INET;
    BIO_ADDRINFO *res = NULL;
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = BIO_lookup_ex(host, service, BIO_LOOKUP_CLIENT, family, SOCK_STREAM, 0, &res);
    wb_record_call(r, wb_ret, 0);
    wb_addresses(r, wb_ret == 1 ? res : NULL, NULL);
    BIO_ADDRINFO_free(res);
    return 1;
}

/* step 2: BIO_lookup_ex(host, service, BIO_LOOKUP_CLIENT, AF_UNSPEC, SOCK_STREAM, 0, &res) */
static int wb_step_1(int wb_mode)
{
    struct wb_rec *r = wb_begin(1, "BIO_lookup_ex", "BIO_lookup_ex(host, service, BIO_LOOKUP_CLIENT, AF_UNSPEC, SOCK_STREAM, 0, &res)");
    long wb_ret;
    (void)wb_mode;
    char wb_addr_text[512];
    snprintf(wb_addr_text, sizeof wb_addr_text, "no-such-host.invalid:443");
    const char *host, *service;
    char wb_host_buf[512];
    int family = wb_parse_addr(wb_addr_text, wb_host_buf, sizeof wb_host_buf, &host, &service) ? AF_UNIX : AF_UNSPEC;
    BIO_ADDRINFO *res = NULL;
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = BIO_lookup_ex(host, service, BIO_LOOKUP_CLIENT, family, SOCK_STREAM, 0, &res);
    wb_record_call(r, wb_ret, 0);
    wb_addresses(r, wb_ret == 1 ? res : NULL, NULL);
    BIO_ADDRINFO_free(res);
    return 1;
}

/* step 3: BIO_get_port("443", &port) */
static int wb_step_2(int wb_mode)
{
    struct wb_rec *r = wb_begin(2, "BIO_get_port", "BIO_get_port(\"443\", &port)");
    long wb_ret;
    (void)wb_mode;
    r->deprecated = 1; /* deprecated since OpenSSL 1.1.0 */
    unsigned short port = 0;
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = BIO_get_port("443", &port);
    wb_record_call(r, wb_ret, wb_ret == 0);
    if (wb_ret == 1)
        wb_result_number(r, "port", port);
    return 1;
}

/* step 4: BIO_get_host_ip("127.0.0.1", ip) */
static int wb_step_3(int wb_mode)
{
    struct wb_rec *r = wb_begin(3, "BIO_get_host_ip", "BIO_get_host_ip(\"127.0.0.1\", ip)");
    long wb_ret;
    (void)wb_mode;
    r->deprecated = 1; /* deprecated since OpenSSL 1.1.0 */
    unsigned char ip[4] = { 0 };
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = BIO_get_host_ip("127.0.0.1", ip);
    wb_record_call(r, wb_ret, wb_ret == 0);
    if (wb_ret == 1) {
        char wb_text[32];
        snprintf(wb_text, sizeof wb_text, "%u.%u.%u.%u", ip[0], ip[1], ip[2], ip[3]);
        wb_result_text(r, "ip", wb_text);
    }
    return 1;
}

/* step 5: BIO_gethostbyname("localhost") */
static int wb_step_4(int wb_mode)
{
    struct wb_rec *r = wb_begin(4, "BIO_gethostbyname", "BIO_gethostbyname(\"localhost\")");
    long wb_ret;
    (void)wb_mode;
    r->deprecated = 1; /* deprecated since OpenSSL 1.1.0 */
    struct hostent *he = NULL;
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = (he = BIO_gethostbyname("localhost")) != NULL /* ret shows 1 for non-NULL and 0 for NULL */;
    wb_record_call(r, wb_ret, wb_ret == 0);
    return 1;
}

/* step 6: l = BIO_get_accept_socket("127.0.0.1:0", BIO_BIND_REUSEADDR) */
static int wb_step_5(int wb_mode)
{
    struct wb_rec *r = wb_begin(5, "BIO_get_accept_socket", "l = BIO_get_accept_socket(\"127.0.0.1:0\", BIO_BIND_REUSEADDR)");
    long wb_ret;
    (void)wb_mode;
    r->deprecated = 1; /* deprecated since OpenSSL 1.1.0 */
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = l = BIO_get_accept_socket("127.0.0.1:0", BIO_BIND_REUSEADDR);
    wb_record_call(r, wb_ret, wb_ret < 0);
    wb_created(r, l, &wb_info_l, 0);
    return 1;
}

/* step 7: c = BIO_socket(AF_INET, SOCK_STREAM, 0, 0) */
static int wb_step_6(int wb_mode)
{
    struct wb_rec *r = wb_begin(6, "BIO_socket", "c = BIO_socket(AF_INET, SOCK_STREAM, 0, 0)");
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

/* step 8: BIO_connect(c, addr, 0) */
static int wb_step_7(int wb_mode)
{
    struct wb_rec *r = wb_begin(7, "BIO_connect", "BIO_connect(c, addr, 0)");
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

/* step 9: a = BIO_accept(l, &ip_port) */
static int wb_step_8(int wb_mode)
{
    struct wb_rec *r = wb_begin(8, "BIO_accept", "a = BIO_accept(l, &ip_port)");
    long wb_ret;
    (void)wb_mode;
    r->deprecated = 1; /* deprecated since OpenSSL 1.1.0 */
    if (l < 0)
        return wb_refuse(r, wb_info_l.gone);
    int wb_go = wb_readiness(r, wb_mode, l, &wb_info_l, POLLIN, 2000, "incoming connection");
    if (wb_go != WB_GO)
        return wb_go == WB_ENDED;
    char *ip_port = NULL;
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = a = BIO_accept(l, &ip_port);
    wb_record_call(r, wb_ret, wb_ret < 0);
    if (ip_port != NULL) {
        wb_result_text(r, "peer", ip_port);
        OPENSSL_free(ip_port);
    }
    wb_created(r, a, &wb_info_a, 1);
    wb_snapshot(wb_ret >= 0 ? &r->listener : &r->socket, l, &wb_info_l);
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

/* step 12: BIO_closesocket(l) */
static int wb_step_11(int wb_mode)
{
    struct wb_rec *r = wb_begin(11, "BIO_closesocket", "BIO_closesocket(l)");
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
    wb_expect_ret(&R[0], WB_RET_NUMBER, 1L);
    R[1].has_expect = 1;
    wb_expect_ret(&R[1], WB_RET_NUMBER, 0L);
    R[2].has_expect = 1;
    wb_expect_ret(&R[2], WB_RET_NUMBER, 1L);
    R[3].has_expect = 1;
    wb_expect_ret(&R[3], WB_RET_NUMBER, 1L);
    R[4].has_expect = 1;
    wb_expect_ret(&R[4], WB_RET_NUMBER, 1L);
    R[5].has_expect = 1;
    wb_expect_ret(&R[5], WB_RET_FD, 0);
    wb_expect_applied(&R[5], "SO_REUSEADDR", 1, 1);
    wb_expect_state(&R[5], "LISTEN");
    R[7].has_expect = 1;
    wb_expect_ret(&R[7], WB_RET_NUMBER, 1L);
    R[8].has_expect = 1;
    wb_expect_ret(&R[8], WB_RET_FD, 0);
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
    wb_check_expectations();
    int ok = wb_print(wb_title);
    if (l >= 0)
        BIO_closesocket(l);
    if (c >= 0)
        BIO_closesocket(c);
    if (a >= 0)
        BIO_closesocket(a);
    return ok ? 0 : 1;
}
