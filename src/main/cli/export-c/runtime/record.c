/* ---- recording a call: return value, errno, the error queue, results ---- */
#include "wb-runtime.h"

struct wb_rec *wb_recs;
int wb_nrecs;
static __thread struct timespec wb_t0;   /* per thread: a background connect times itself */

void wb_start(struct wb_rec *recs, int n)
{
    /* A write to a peer that reset the connection raises SIGPIPE, which kills a C program by
       default. Node ignores SIGPIPE, so the workbench's write returns -1 with EPIPE: ignore it
       here too, so this program records the same -1 EPIPE instead of dying. */
    signal(SIGPIPE, SIG_IGN);
    wb_recs = recs;
    wb_nrecs = n;
    wb_background_start(n);
}

void wb_clock_start(void)
{
    clock_gettime(CLOCK_MONOTONIC, &wb_t0);
}

long wb_clock_us(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (t.tv_sec - wb_t0.tv_sec) * 1000000L + (t.tv_nsec - wb_t0.tv_nsec) / 1000L;
}

struct wb_rec *wb_begin(int index, const char *call, const char *c)
{
    struct wb_rec *r = &wb_recs[index];
    memset(r, 0, sizeof *r);
    r->ran = 1;
    r->index = index;
    r->call = call;
    r->c = c;
    return r;
}

/* A message formatted into memory of its own; it lives as long as the program. */
const char *wb_printf(const char *format, ...)
{
    char *text = NULL;
    va_list args;
    va_start(args, format);
    int n = vasprintf(&text, format, args);
    va_end(args);
    return n < 0 ? format : text;
}

/* The step is not made; returns 1, the step is over. */
int wb_refuse(struct wb_rec *r, const char *why)
{
    r->refused = why;
    r->has_ret = 0;
    return 1;
}

/* Pops every entry off this thread's queue, oldest first. */
void wb_drain(struct wb_rec *r)
{
    const char *file, *func, *data;
    int line, flags;
    unsigned long code;
    while ((code = ERR_get_error_all(&file, &line, &func, &data, &flags)) != 0) {
        if (r->nq == WB_MAX_QUEUE)
            continue;
        struct wb_entry *e = &r->q[r->nq++];
        e->code = code;
        e->line = line;
        e->file = file != NULL ? strdup(file) : NULL;   /* copied now: the queue's strings do not outlive it */
        e->function = func != NULL ? strdup(func) : NULL;
        e->library = ERR_lib_error_string(code);
        /* OpenSSL 3.0 gives no reason string for system-library entries: it is the errno. */
        e->reason = (code & 0x80000000UL) ? strdup(strerror((int)(code & 0x7fffffffUL))) : ERR_reason_error_string(code);
        e->data = ((flags & ERR_TXT_STRING) || data != NULL) ? strdup(data != NULL ? data : "") : NULL;
        ERR_error_string_n(code, e->text, sizeof e->text);
    }
}

/* Right after the call: errno first (nothing may touch it before), then the queue. */
void wb_record_call(struct wb_rec *r, long ret, int failed)
{
    int e = errno;
    r->duration_us = wb_clock_us();
    r->has_ret = 1;
    r->ret = ret;
    r->has_err = failed != 0;
    r->err = failed ? e : 0;
    wb_drain(r);
}

/* After a call that makes a socket (fd, or -1): the new socket's view, or why its name means nothing. */
void wb_created(struct wb_rec *r, int fd, struct wb_info *info, int accepted)
{
    if (fd >= 0) {
        info->connected = 0;
        info->accepted = accepted;
        wb_snapshot(&r->socket, fd, info);
    } else if (info->name != NULL) {
        info->gone = wb_printf("%s for \"%s\" failed (ret %ld), so there is no socket named \"%s\"", r->call, info->name, r->ret, info->name);
    }
}

/* After BIO_closesocket: the record shows the socket as it was, marked closed; its name is free. */
void wb_closed(struct wb_rec *r, struct wb_info *info)
{
    r->socket.role = "closed";
    r->socket.state = NULL;
    if (info->name != NULL)
        info->gone = wb_printf("no open socket is named \"%s\" (it was closed)", info->name);
}

/* A stream appending to the JSON list fragment in *buf (", " between items). */
FILE *wb_append(char **buf, size_t *len)
{
    char *old = *buf;
    FILE *o = open_memstream(buf, len);
    if (old != NULL) {
        fputs(old, o);
        fputs(", ", o);
        free(old);
    }
    return o;
}

void wb_result_text(struct wb_rec *r, const char *key, const char *value)
{
    FILE *o = wb_append(&r->result, &r->result_len);
    wb_json_str(o, key);
    fputs(": ", o);
    wb_json_str(o, value);
    fclose(o);
}

void wb_result_number(struct wb_rec *r, const char *key, long value)
{
    FILE *o = wb_append(&r->result, &r->result_len);
    wb_json_str(o, key);
    fprintf(o, ": %ld", value);
    fclose(o);
}

void wb_result_peer(struct wb_rec *r, const BIO_ADDR *peer)
{
    char text[200];
    wb_addr_text(peer, text, sizeof text);
    wb_result_text(r, "peer", text);
}

void wb_result_errno(struct wb_rec *r, const char *key, int code)
{
    FILE *o = wb_append(&r->result, &r->result_len);
    wb_json_str(o, key);
    fputs(": ", o);
    wb_json_errno(o, code);
    fclose(o);
}

void wb_result_revents(struct wb_rec *r, short revents)
{
    static const struct { short bit; const char *name; } names[] = {
        { POLLIN, "POLLIN" }, { POLLOUT, "POLLOUT" }, { POLLERR, "POLLERR" }, { POLLHUP, "POLLHUP" }, { POLLNVAL, "POLLNVAL" }
    };
    char text[64] = "";
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        if (revents & names[i].bit) {
            if (text[0])
                strcat(text, " | ");
            strcat(text, names[i].name);
        }
    }
    wb_result_number(r, "revents", revents);
    wb_result_text(r, "reventsText", text[0] ? text : "0");
}

void wb_set_data(struct wb_rec *r, const unsigned char *bytes, size_t n)
{
    r->has_data = 1;
    r->data = malloc(n + 1);
    memcpy(r->data, bytes, n);
    r->data_len = n;
}
