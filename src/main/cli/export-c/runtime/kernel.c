/* ---- the kernel's view of a socket, and waiting for it to be ready ---- */
#include "wb-runtime.h"

const char *const wb_option_names[WB_OPTIONS] = {
    "SO_REUSEADDR", "SO_KEEPALIVE", "O_NONBLOCK", "TCP_NODELAY", "IPV6_V6ONLY", "TCP_FASTOPEN", "TCP_FASTOPEN_CONNECT"
};
const int wb_option_is_number[WB_OPTIONS] = { 0, 0, 0, 0, 0, 1, 1 };
static const char *const wb_tcp_states[] = {
    "", "ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT1", "FIN_WAIT2", "TIME_WAIT", "CLOSE",
    "CLOSE_WAIT", "LAST_ACK", "LISTEN", "CLOSING", "NEW_SYN_RECV"
};

int wb_intopt(int fd, int level, int name, int *v)
{
    socklen_t len = sizeof *v;
    *v = 0;
    return getsockopt(fd, level, name, v, &len) == 0;
}

int wb_nonblocking(int fd)
{
    int fl = fcntl(fd, F_GETFL);
    return fl >= 0 && (fl & O_NONBLOCK) != 0;
}

int wb_socktype(int fd)
{
    int v;
    wb_intopt(fd, SOL_SOCKET, SO_TYPE, &v);
    return v;
}

/*
 * A blocking socket waits for readiness before its call, as the engine does; a nonblocking one
 * does not (its call returns what C returns, -1 with EAGAIN). WB_GO: make the call now.
 * WB_NOT_YET: not ready and mode is WB_NOW. WB_ENDED: the wait timed out or was cancelled,
 * and the record says so.
 */
int wb_readiness(struct wb_rec *r, int mode, int fd, struct wb_info *info, short events, int timeout_ms, const char *what)
{
    struct pollfd pfd = { fd, events, 0 };
    if (wb_nonblocking(fd) || poll(&pfd, 1, mode == WB_WAIT ? timeout_ms : 0) > 0)
        return WB_GO;
    if (mode == WB_NOW)
        return WB_NOT_YET;
    if (mode == WB_CANCEL)
        r->cancelled = wb_printf("cancelled by request; cancelled before %s was made (no %s came); the socket is unchanged", r->call, what);
    else
        r->cancelled = wb_printf("timeout: no %s within %d ms; cancelled before %s was made; the socket is unchanged", what, timeout_ms, r->call);
    wb_snapshot(&r->socket, fd, info);
    return WB_ENDED;
}

/* SO_SNDTIMEO also bounds a blocking connect on Linux: it returns EINPROGRESS when it expires. */
void wb_send_timeout(int fd, int ms)
{
    struct timeval tv = { ms / 1000, (ms % 1000) * 1000 };
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
}

const char *wb_family_name(int family, char *buf, size_t n)
{
    switch (family) {
    case AF_UNSPEC: return "AF_UNSPEC";
    case AF_UNIX: return "AF_UNIX";
    case AF_INET: return "AF_INET";
    case AF_INET6: return "AF_INET6";
    }
    snprintf(buf, n, "AF_%d", family);
    return buf;
}

/* As the record writes an IP address: 127.0.0.1:47801, [::1]:47801, [fe80::1%2]:47801; any
   other family as AF_UNSPEC:? (the family's name, no address). */
void wb_format_ip(int family, const void *ip, unsigned port, unsigned scope, char *out, size_t n)
{
    char text[INET6_ADDRSTRLEN], name[16];
    if (family == AF_INET) {
        inet_ntop(AF_INET, ip, text, sizeof text);
        snprintf(out, n, "%s:%u", text, port);
    } else if (family == AF_INET6) {
        inet_ntop(AF_INET6, ip, text, sizeof text);
        if (scope)
            snprintf(out, n, "[%s%%%u]:%u", text, scope, port);
        else
            snprintf(out, n, "[%s]:%u", text, port);
    } else {
        snprintf(out, n, "%s:?", wb_family_name(family, name, sizeof name));
    }
}

/* A sockaddr from getsockname or getpeername, as the record writes it; unix:@name for abstract. */
static void wb_format_sockaddr(const struct sockaddr_storage *ss, socklen_t len, char *out, size_t n)
{
    if (ss->ss_family == AF_INET) {
        const struct sockaddr_in *a = (const void *)ss;
        wb_format_ip(AF_INET, &a->sin_addr, ntohs(a->sin_port), 0, out, n);
    } else if (ss->ss_family == AF_INET6) {
        const struct sockaddr_in6 *a = (const void *)ss;
        wb_format_ip(AF_INET6, &a->sin6_addr, ntohs(a->sin6_port), a->sin6_scope_id, out, n);
    } else if (ss->ss_family == AF_UNIX) {
        const struct sockaddr_un *a = (const void *)ss;
        size_t plen = len > sizeof(sa_family_t) ? len - sizeof(sa_family_t) : 0;
        if (plen == 0)
            snprintf(out, n, "unix:");
        else if (a->sun_path[0] == '\0')   /* abstract: @name, as ss(8) shows it */
            snprintf(out, n, "unix:@%.*s", (int)plen - 1, a->sun_path + 1);
        else
            snprintf(out, n, "unix:%.*s", (int)strnlen(a->sun_path, plen), a->sun_path);
    } else {
        wb_format_ip(ss->ss_family, NULL, 0, 0, out, n);
    }
}

static int wb_port_of(const struct sockaddr_storage *ss)
{
    if (ss->ss_family == AF_INET)
        return ntohs(((const struct sockaddr_in *)ss)->sin_port);
    if (ss->ss_family == AF_INET6)
        return ntohs(((const struct sockaddr_in6 *)ss)->sin6_port);
    return 0;
}

static void wb_bool_option(struct wb_view *v, int i, int fd, int level, int name)
{
    int x;
    wb_intopt(fd, level, name, &x);
    v->has_opt[i] = 1;
    v->opt[i] = x == 1;
}

static void wb_number_option(struct wb_view *v, int i, int fd, int level, int name)
{
    v->has_opt[i] = 1;
    wb_intopt(fd, level, name, &v->opt[i]);
}

/* The kernel's view of fd (errno kept); remembers its bound port for {name.port}. */
void wb_snapshot(struct wb_view *v, int fd, struct wb_info *info)
{
    int saved = errno;
    int type, family = 0, listening = 0;
    char buf[32];
    memset(v, 0, sizeof *v);
    v->present = 1;
    v->fd = fd;
    v->name = info->name;
    if (!wb_intopt(fd, SOL_SOCKET, SO_TYPE, &type)) {
        v->role = "closed";
        strcpy(v->family, "closed");
        strcpy(v->type, "closed");
        errno = saved;
        return;
    }
    wb_intopt(fd, SOL_SOCKET, SO_DOMAIN, &family);
    wb_intopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening);
    snprintf(v->family, sizeof v->family, "%s", wb_family_name(family, buf, sizeof buf));
    if (type == SOCK_STREAM)
        strcpy(v->type, "SOCK_STREAM");
    else if (type == SOCK_DGRAM)
        strcpy(v->type, "SOCK_DGRAM");
    else
        snprintf(v->type, sizeof v->type, "SOCK_%d", type);
    int tcp = family != AF_UNIX && type == SOCK_STREAM;

    struct sockaddr_storage ss;
    socklen_t len = sizeof ss;
    int local_port = 0;
    if (getsockname(fd, (struct sockaddr *)&ss, &len) == 0) {
        v->has_local = 1;
        wb_format_sockaddr(&ss, len, v->local, sizeof v->local);
        local_port = wb_port_of(&ss);
    }
    len = sizeof ss;
    if (getpeername(fd, (struct sockaddr *)&ss, &len) == 0) {
        v->has_peer = 1;
        wb_format_sockaddr(&ss, len, v->peer, sizeof v->peer);
    }

    wb_bool_option(v, 0, fd, SOL_SOCKET, SO_REUSEADDR);
    wb_bool_option(v, 1, fd, SOL_SOCKET, SO_KEEPALIVE);
    v->has_opt[2] = 1;
    v->opt[2] = wb_nonblocking(fd);
    if (tcp)
        wb_bool_option(v, 3, fd, IPPROTO_TCP, TCP_NODELAY);
    if (family == AF_INET6)
        wb_bool_option(v, 4, fd, IPPROTO_IPV6, IPV6_V6ONLY);
    if (tcp) {
        wb_number_option(v, 5, fd, IPPROTO_TCP, TCP_FASTOPEN);
        wb_number_option(v, 6, fd, IPPROTO_TCP, TCP_FASTOPEN_CONNECT);
        struct tcp_info ti;
        socklen_t tlen = sizeof ti;
        memset(&ti, 0, sizeof ti);
        if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, &ti, &tlen) == 0 && ti.tcpi_state < sizeof wb_tcp_states / sizeof *wb_tcp_states)
            v->state = wb_tcp_states[ti.tcpi_state];
    }
    /* SO_ERROR without consuming it: poll reports POLLERR exactly when one is pending. */
    struct pollfd pfd = { fd, 0, 0 };
    v->so_error_pending = poll(&pfd, 1, 0) >= 0 && (pfd.revents & POLLERR) != 0;

    if (type == SOCK_DGRAM)
        v->role = "datagram";
    else if (listening)
        v->role = "listener";
    else if (info->accepted)
        v->role = "accepted";
    else if (info->connected || v->has_peer)
        v->role = "client";
    else if (local_port || (family == AF_UNIX && v->has_local && strcmp(v->local, "unix:") != 0))
        v->role = "bound";
    else
        v->role = "new";
    if (info->name != NULL && local_port > 0)
        info->port = local_port;
    errno = saved;
}
