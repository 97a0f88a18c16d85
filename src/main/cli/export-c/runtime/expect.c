/* ---- expectations, checked as the workbench checks them ---- */
#include "wb-runtime.h"

/* One mismatch, kept as JSON: {"field", "expected", "actual"}. */
static void wb_miss(struct wb_rec *r, const char *field, const char *expected_json, const char *actual_json)
{
    FILE *o = wb_append(&r->mismatches, &r->mismatches_len);
    fputs("{\"field\": ", o);
    wb_json_str(o, field);
    fprintf(o, ", \"expected\": %s, \"actual\": %s}", expected_json, actual_json);
    fclose(o);
}

static const char *wb_queue_texts(const struct wb_rec *r)
{
    const char *texts[WB_MAX_QUEUE];
    for (int i = 0; i < r->nq; i++)
        texts[i] = r->q[i].text;
    return wb_json_strings(texts, r->nq);
}

void wb_expect_ret(struct wb_rec *r, int kind, long value)
{
    int ok = kind == WB_RET_FD ? (r->has_ret && r->ret >= 0) : kind == WB_RET_NULL ? !r->has_ret : (r->has_ret && r->ret == value);
    if (ok)
        return;
    const char *expected = kind == WB_RET_FD ? "\"fd\"" : kind == WB_RET_NULL ? "null" : wb_printf("%ld", value);
    wb_miss(r, "ret", expected, r->has_ret ? wb_printf("%ld", r->ret) : "null");
}

void wb_expect_errno(struct wb_rec *r, const char *name)
{
    const char *actual = !r->has_err ? NULL : strerrorname_np(r->err) ? strerrorname_np(r->err) : wb_printf("E%d", r->err);
    if ((name == NULL && actual == NULL) || (name != NULL && actual != NULL && strcmp(name, actual) == 0))
        return;
    wb_miss(r, "errno", wb_json_quote(name), wb_json_quote(actual));
}

/* A pattern matches an entry when it is part of its hex code, text, reason, function or data. */
static int wb_entry_matches(const struct wb_entry *e, const char *pattern)
{
    char hex[9];
    snprintf(hex, sizeof hex, "%08lX", e->code);
    const char *fields[] = { hex, e->text, e->reason, e->function, e->data };
    for (size_t i = 0; i < sizeof fields / sizeof *fields; i++)
        if (fields[i] != NULL && strstr(fields[i], pattern) != NULL)
            return 1;
    return 0;
}

/* Every pattern matches an entry, in order (entries may be skipped between them). */
void wb_expect_queue(struct wb_rec *r, const char *const *patterns, int n)
{
    int at = 0;
    for (int p = 0; p < n; p++, at++) {
        while (at < r->nq && !wb_entry_matches(&r->q[at], patterns[p]))
            at++;
        if (at >= r->nq) {
            wb_miss(r, "errorQueue", wb_json_strings(patterns, n), wb_queue_texts(r));
            return;
        }
    }
}

void wb_expect_queue_empty(struct wb_rec *r, int want)
{
    if ((r->nq == 0) != want)
        wb_miss(r, "errorQueueEmpty", want ? "true" : "false", wb_queue_texts(r));
}

void wb_expect_applied(struct wb_rec *r, const char *name, int is_bool, int value)
{
    const char *actual = "null";
    for (int i = 0; i < WB_OPTIONS; i++) {
        if (strcmp(wb_option_names[i], name) != 0 || !r->socket.present || !r->socket.has_opt[i])
            continue;
        int v = r->socket.opt[i];
        actual = wb_option_is_number[i] ? wb_printf("%d", v) : v ? "true" : "false";
        if (wb_option_is_number[i] == !is_bool && v == value)
            return;
    }
    wb_miss(r, wb_printf("applied.%s", name), is_bool ? (value ? "true" : "false") : wb_printf("%d", value), actual);
}

void wb_expect_state(struct wb_rec *r, const char *state)
{
    const char *actual = r->socket.present ? r->socket.state : NULL;
    if (actual != NULL && strcmp(actual, state) == 0)
        return;
    wb_miss(r, "state", wb_json_quote(state), wb_json_quote(actual));
}

void wb_expect_data(struct wb_rec *r, const char *text, size_t n)
{
    if (r->has_data && r->data_len == n && memcmp(r->data, text, n) == 0)
        return;
    char *actual = NULL;
    size_t len = 0;
    FILE *o = open_memstream(&actual, &len);
    if (r->has_data)
        wb_json_string(o, (const char *)r->data, r->data_len);
    else
        fputs("null", o);
    fclose(o);
    wb_miss(r, "data", wb_json_quote(text), actual);
}

void wb_expect_flag(struct wb_rec *r, const char *field, int actual, int want)
{
    if (actual != want)
        wb_miss(r, field, want ? "true" : "false", actual ? "true" : "false");
}

/* A loop's byte count and SHA-256 (a record with no loop has neither: null). */
void wb_expect_bulk_bytes(struct wb_rec *r, long long want)
{
    if (r->has_bulk && r->bulk_bytes == want)
        return;
    wb_miss(r, "bytes", wb_printf("%lld", want), r->has_bulk ? wb_printf("%lld", r->bulk_bytes) : "null");
}

void wb_expect_bulk_sha256(struct wb_rec *r, const char *want)
{
    if (r->has_bulk && strcasecmp(r->bulk_sha256, want) == 0)
        return;
    wb_miss(r, "sha256", wb_json_quote(want), r->has_bulk ? wb_json_quote(r->bulk_sha256) : "null");
}
