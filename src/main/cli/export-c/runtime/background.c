/* ---- background steps: connects on threads of their own, await and cancel ---- */
#include "wb-runtime.h"

/* Background connects run in threads, as the engine's pool runs them; the main thread goes on.
   Each thread has its own errno and error queue, so its record is its own. */
static pthread_t *wb_threads;
static int *wb_thread_state;   /* 0 none, 1 running, 2 joined */
static int *wb_thread_done;

struct wb_thread_start {
    int index;
    void *(*fn)(void *);
};

void wb_background_start(int n)
{
    wb_threads = calloc((size_t)n, sizeof *wb_threads);
    wb_thread_state = calloc((size_t)n, sizeof *wb_thread_state);
    wb_thread_done = calloc((size_t)n, sizeof *wb_thread_done);
}

static void *wb_thread_trampoline(void *arg)
{
    struct wb_thread_start start = *(struct wb_thread_start *)arg;
    free(arg);
    start.fn(NULL);
    __atomic_store_n(&wb_thread_done[start.index], 1, __ATOMIC_SEQ_CST);
    return NULL;
}

void wb_start_thread(int index, void *(*fn)(void *), int fd)
{
    struct wb_thread_start *start = malloc(sizeof *start);
    start->index = index;
    start->fn = fn;
    if (pthread_create(&wb_threads[index], NULL, wb_thread_trampoline, start) != 0)
        return;
    wb_thread_state[index] = 1;
    /* Go on only once the connect is under way (SYN_SENT) or over, so later steps see it. */
    for (int i = 0; i < 2000 && !__atomic_load_n(&wb_thread_done[index], __ATOMIC_SEQ_CST); i++) {
        struct tcp_info ti;
        socklen_t len = sizeof ti;
        if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, &ti, &len) == 0 && ti.tcpi_state != TCP_CLOSE)
            break;
        nanosleep(&(struct timespec){ 0, 1000000 }, NULL);
    }
}

void wb_join_thread(int index)
{
    if (wb_thread_state[index] != 1)
        return;
    pthread_join(wb_threads[index], NULL);
    wb_thread_state[index] = 2;
}

/* Cancel: a connect still blocked in the kernel can only be woken by shutdown(fd, SHUT_RDWR);
   it then returns C's own error, and the socket is spent. */
void wb_cancel_thread(int index, int fd)
{
    if (wb_thread_state[index] != 1)
        return;
    int woke = 0;
    if (!__atomic_load_n(&wb_thread_done[index], __ATOMIC_SEQ_CST)) {
        shutdown(fd, SHUT_RDWR);
        woke = 1;
    }
    wb_join_thread(index);
    if (woke)
        wb_recs[index].cancelled = "cancelled by request: shutdown(fd, SHUT_RDWR) woke the blocked BIO_connect; the socket is spent";
}

/* An await or cancel step: its record is the awaited step's, with its own index and call. */
void wb_follow(int index, const char *call, const char *c, int target)
{
    struct wb_rec *r = &wb_recs[index];
    *r = wb_recs[target];
    r->index = index;
    r->call = call;
    r->c = c;
    r->deprecated = 0;
    r->has_expect = 0;
    r->has_addresses = 0;
    r->result = NULL;
    r->mismatches = NULL;
    wb_result_number(r, "step", target);
}
