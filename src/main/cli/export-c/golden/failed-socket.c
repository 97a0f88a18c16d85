/*
 * BIO_socket that fails, and the steps that then have no socket
 * AF_UNIX has no TCP: BIO_socket(AF_UNIX, SOCK_STREAM, IPPROTO_TCP, 0) returns -1 with errno EPROTONOSUPPORT, and the queue holds the system library's entry (data "calling socket()") then BIO's "unable to create socket". A later step on that name is refused before any call is made, as is a step naming an fd number the workbench did not create.
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

#define WB_STEPS 4
static struct wb_rec R[WB_STEPS];
static int wb_pending[WB_STEPS] __attribute__((unused));
static const char wb_title[] = "BIO_socket that fails, and the steps that then have no socket";

/* The scenario's sockets, named as the scenario names them. */
static int bad = -1;
static BIO *bio_bad __attribute__((unused));
static struct wb_info wb_info_bad = { "bad", 0, 0, 0, "no open socket is named \"bad\" yet" };
static int udp_tcp = -1;
static BIO *bio_udp_tcp __attribute__((unused));
static struct wb_info wb_info_udp_tcp = { "udp_tcp", 0, 0, 0, "no open socket is named \"udp_tcp\" yet" };


/* step 1: bad = BIO_socket(AF_UNIX, SOCK_STREAM, IPPROTO_TCP, 0) */
static int wb_step_0(int wb_mode)
{
    struct wb_rec *r = wb_begin(0, "BIO_socket", "bad = BIO_socket(AF_UNIX, SOCK_STREAM, IPPROTO_TCP, 0)");
    long wb_ret;
    (void)wb_mode;
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = bad = BIO_socket(AF_UNIX, SOCK_STREAM, IPPROTO_TCP, 0);
    wb_record_call(r, wb_ret, wb_ret < 0);
    wb_created(r, bad, &wb_info_bad, 0);
    return 1;
}

/* step 2: BIO_listen(bad, addr, 0) */
static int wb_step_1(int wb_mode)
{
    struct wb_rec *r = wb_begin(1, "BIO_listen", "BIO_listen(bad, addr, 0)");
    long wb_ret;
    (void)wb_mode;
    if (bad < 0)
        return wb_refuse(r, wb_info_bad.gone);
    char wb_addr_text[512];
    snprintf(wb_addr_text, sizeof wb_addr_text, "127.0.0.1:0");
    BIO_ADDRINFO *res = NULL;
    const BIO_ADDR *addr = wb_lookup_for(r, bad, wb_addr_text, BIO_LOOKUP_SERVER, -1, &res);
    if (addr == NULL)
        return 1;
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = BIO_listen(bad, addr, 0);
    wb_record_call(r, wb_ret, wb_ret == 0);
    BIO_ADDRINFO_free(res);
    wb_snapshot(&r->socket, bad, &wb_info_bad);
    return 1;
}

/* step 3: udp_tcp = BIO_socket(AF_INET, SOCK_DGRAM, IPPROTO_TCP, 0) */
static int wb_step_2(int wb_mode)
{
    struct wb_rec *r = wb_begin(2, "BIO_socket", "udp_tcp = BIO_socket(AF_INET, SOCK_DGRAM, IPPROTO_TCP, 0)");
    long wb_ret;
    (void)wb_mode;
    ERR_clear_error();
    errno = 0;
    wb_clock_start();
    wb_ret = udp_tcp = BIO_socket(AF_INET, SOCK_DGRAM, IPPROTO_TCP, 0);
    wb_record_call(r, wb_ret, wb_ret < 0);
    wb_created(r, udp_tcp, &wb_info_udp_tcp, 0);
    return 1;
}

/* step 4: BIO_closesocket(0) is not made: fd 0 is not a socket this program created (the engine refuses fds it did not create; an fd number in a scenario names a socket of the engine's process) (fd 0 is standard input, not a socket the workbench made) */
static int wb_step_3(int wb_mode)
{
    (void)wb_mode;
    return wb_refuse(wb_begin(3, "BIO_closesocket", "BIO_closesocket(0)"), "fd 0 is not a socket this program created (the engine refuses fds it did not create; an fd number in a scenario names a socket of the engine's process)");
}

static void wb_check_expectations(void)
{
    R[0].has_expect = 1;
    wb_expect_ret(&R[0], WB_RET_NUMBER, -1L);
    wb_expect_errno(&R[0], "EPROTONOSUPPORT");
    wb_expect_queue(&R[0], (const char *const[]){ "calling socket()", "unable to create socket" }, 2);
    R[1].has_expect = 1;
    wb_expect_ret(&R[1], WB_RET_NULL, 0);
    wb_expect_flag(&R[1], "refused", R[1].refused != NULL, 1);
    R[2].has_expect = 1;
    wb_expect_ret(&R[2], WB_RET_NUMBER, -1L);
    wb_expect_errno(&R[2], "EPROTONOSUPPORT");
    R[3].has_expect = 1;
    wb_expect_flag(&R[3], "refused", R[3].refused != NULL, 1);
}

int main(void)
{
    wb_start(R, WB_STEPS);
    wb_step_0(WB_WAIT);
    wb_step_1(WB_WAIT);
    wb_step_2(WB_WAIT);
    wb_step_3(WB_WAIT);
    wb_check_expectations();
    int ok = wb_print(wb_title);
    if (bad >= 0)
        BIO_closesocket(bad);
    if (udp_tcp >= 0)
        BIO_closesocket(udp_tcp);
    return ok ? 0 : 1;
}
