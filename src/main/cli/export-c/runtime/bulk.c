/* ---- BIO_write and BIO_read loops (bytes, until, file): many calls, one record ---- */
#include "wb-runtime.h"
#include <openssl/evp.h>

#define WB_EDGE 64

/* What the loop moved so far: its count, hash and first and last 64 bytes. */
struct wb_bulk_tally {
    long long bytes;
    long calls, partial, eagain;
    int eof;
    EVP_MD_CTX *hash;
    unsigned char first[WB_EDGE], last[WB_EDGE];
    size_t nfirst, nlast;
};

static void wb_bulk_moved(struct wb_bulk_tally *t, const unsigned char *b, size_t n)
{
    EVP_DigestUpdate(t->hash, b, n);
    for (size_t i = 0; i < n && t->nfirst < WB_EDGE; i++)
        t->first[t->nfirst++] = b[i];
    if (n >= WB_EDGE) {
        memcpy(t->last, b + n - WB_EDGE, WB_EDGE);
        t->nlast = WB_EDGE;
        return;
    }
    size_t keep = t->nlast + n > WB_EDGE ? WB_EDGE - n : t->nlast;
    memmove(t->last, t->last + t->nlast - keep, keep);
    memcpy(t->last + keep, b, n);
    t->nlast = keep + n;
}

static void wb_hex(FILE *o, const unsigned char *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        fprintf(o, "%02x", b[i]);
}

/* The record's "bulk" summary, as the engine gives it. */
static void wb_bulk_summary(struct wb_rec *r, const struct wb_bulk_job *job, struct wb_bulk_tally *t, long long total, long duration_us)
{
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_DigestFinal_ex(t->hash, digest, &len);
    r->has_bulk = 1;
    r->bulk_bytes = t->bytes;
    for (unsigned int i = 0; i < len && i < 32; i++)
        snprintf(r->bulk_sha256 + 2 * i, 3, "%02x", digest[i]);
    FILE *o = wb_append(&r->bulk, &r->bulk_len);
    fprintf(o, "\"direction\": \"%s\", \"bytes\": %lld, \"requested\": ", job->writing ? "write" : "read", t->bytes);
    if (total < 0)
        fputs("null", o);
    else
        fprintf(o, "%lld", total);
    fprintf(o, ", \"chunk\": %zu, \"calls\": %ld, \"partial\": %ld, \"eagain\": %ld, \"durationUs\": %ld, \"sha256\": \"", job->chunk, t->calls, t->partial, t->eagain, duration_us);
    wb_hex(o, digest, len);
    fputs("\", \"first\": \"", o);
    wb_hex(o, t->first, t->nfirst);
    fputs("\", \"last\": \"", o);
    wb_hex(o, t->last, t->nlast);
    fprintf(o, "\", \"eof\": %s", t->eof ? "true" : "false");
    fclose(o);
}

/* The bytes a write loop sends at `offset`: the pattern laid out once, or the file read at that offset. */
static size_t wb_bulk_source(const struct wb_bulk_job *job, int file, long long size, const unsigned char *laid, unsigned char *buf, long long offset, size_t want, const unsigned char **out)
{
    if (file < 0) {
        *out = laid + offset % size;
        return want;
    }
    long long at = offset % size;
    ssize_t n = pread(file, buf, want < (size_t)(size - at) ? want : (size_t)(size - at), at);
    *out = buf;
    (void)job;
    return n > 0 ? (size_t)n : 0;
}

/* Waits for readiness on a blocking socket before a call, as the engine does; 0 when it timed out. */
static int wb_bulk_ready(int fd, const struct wb_bulk_job *job)
{
    struct pollfd pfd = { fd, job->writing ? POLLOUT : POLLIN, 0 };
    int n;
    while ((n = poll(&pfd, 1, job->timeout_ms)) < 0 && errno == EINTR)
        ;
    return n != 0;
}

/* A write loop's file, refused as the engine refuses it: not there, not a regular file, or empty with bytes to repeat. */
static int wb_bulk_file(struct wb_rec *r, const struct wb_bulk_job *job, long long *size)
{
    struct stat st;
    if (stat(job->file, &st) != 0)
        return wb_refuse(r, wb_printf("file: cannot read %s: %s", job->file, strerrorname_np(errno))), -1;
    if (!S_ISREG(st.st_mode))
        return wb_refuse(r, wb_printf("file: expected a regular file, %s is %s", job->file, S_ISDIR(st.st_mode) ? "a directory" : "not a regular file")), -1;
    if (st.st_size == 0 && job->bytes >= 0)
        return wb_refuse(r, wb_printf("file: %s is empty, so there is nothing to repeat for bytes", job->file)), -1;
    int fd = open(job->file, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return wb_refuse(r, wb_printf("file: cannot open %s: %s", job->file, strerror(errno))), -1;
    *size = st.st_size;
    return fd;
}

/* The last call's ret, errno and queue become the record's, as the engine keeps them. */
static void wb_bulk_last(struct wb_rec *r, long ret, int err)
{
    r->has_ret = 1;
    r->ret = ret;
    r->has_err = ret < 0;
    r->err = ret < 0 ? err : 0;
    r->nq = 0;
    wb_drain(r);
}

/* The calls, one after another until the bytes went, the peer ended, a call failed, or a wait timed out. */
static int wb_bulk_loop(struct wb_rec *r, int fd, BIO *bio, const struct wb_bulk_job *job, struct wb_bulk_tally *t, long long total, int file, long long size, const unsigned char *laid)
{
    int blocking = !wb_nonblocking(fd);
    unsigned char *buf = malloc(job->chunk);
    int timed_out = 0;
    for (;;) {
        if (total >= 0 && t->bytes >= total)
            break;
        size_t want = total < 0 || (long long)job->chunk < total - t->bytes ? job->chunk : (size_t)(total - t->bytes);
        if (blocking && !wb_bulk_ready(fd, job)) {
            timed_out = 1;
            break;
        }
        const unsigned char *out = buf;
        size_t asked = job->writing ? wb_bulk_source(job, file, size, laid, buf, t->bytes, want, &out) : want;
        if (job->writing && asked == 0)
            break;   /* the file ended before the bytes it was stat()ed with were read */
        ERR_clear_error();
        errno = 0;
        int ret = job->writing ? BIO_write(bio, out, (int)asked) : BIO_read(bio, buf, (int)asked);
        int err = errno;
        t->calls++;
        wb_bulk_last(r, ret, err);
        if (ret > 0) {
            wb_bulk_moved(t, job->writing ? out : buf, (size_t)ret);
            t->bytes += ret;
            t->partial += (size_t)ret < asked;
            continue;
        }
        if (ret < 0 && err == EAGAIN) {
            t->eagain++;
            if (!wb_bulk_ready(fd, job)) {
                timed_out = 1;
                break;
            }
            continue;
        }
        t->eof = ret == 0 && !job->writing;
        break;
    }
    free(buf);
    return timed_out;
}

void wb_bulk(struct wb_rec *r, int fd, const struct wb_bulk_job *job)
{
    long long size = (long long)job->pattern_len;
    int file = -1;
    if (job->file != NULL && (file = wb_bulk_file(r, job, &size)) < 0)
        return;
    long long total = job->writing && job->bytes < 0 ? size : job->bytes;
    unsigned char *laid = NULL;
    if (job->writing && file < 0 && size > 0) {
        /* One pattern longer than a chunk: any offset's next chunk is one slice of it. */
        laid = malloc((size_t)size - 1 + job->chunk);
        for (size_t at = 0; at < (size_t)size - 1 + job->chunk; at++)
            laid[at] = job->pattern[at % (size_t)size];
    }
    struct wb_bulk_tally t = { .hash = EVP_MD_CTX_new() };
    EVP_DigestInit_ex(t.hash, EVP_sha256(), NULL);
    BIO *bio = BIO_new_socket(fd, BIO_NOCLOSE);
    wb_clock_start();
    int timed_out = wb_bulk_loop(r, fd, bio, job, &t, total, file, size, laid);
    r->duration_us = wb_clock_us();
    BIO_free(bio);
    if (file >= 0)
        close(file);
    free(laid);
    if (timed_out)
        r->cancelled = wb_printf("timeout: the socket was not ready within %d ms; the loop stopped after %lld byte(s) in %ld %s call(s)", job->timeout_ms, t.bytes, t.calls, job->writing ? "BIO_write" : "BIO_read");
    wb_bulk_summary(r, job, &t, total, r->duration_us);
    EVP_MD_CTX_free(t.hash);
}
