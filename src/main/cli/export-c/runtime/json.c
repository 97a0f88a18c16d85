/* ---- the --json output: {"ok", "title", "libcrypto", "steps": [...]} ---- */
#include "wb-runtime.h"

void wb_json_string(FILE *o, const char *s, size_t n)
{
    fputc('"', o);
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch == '"' || ch == '\\')
            fprintf(o, "\\%c", ch);
        else if (ch == '\n')
            fputs("\\n", o);
        else if (ch == '\r')
            fputs("\\r", o);
        else if (ch == '\t')
            fputs("\\t", o);
        else if (ch < 0x20 || ch == 0x7f)
            fprintf(o, "\\u%04x", ch);
        else
            fputc(ch, o);
    }
    fputc('"', o);
}

/* A C string as JSON; NULL as null. */
void wb_json_str(FILE *o, const char *s)
{
    if (s == NULL)
        fputs("null", o);
    else
        wb_json_string(o, s, strlen(s));
}

/* `, "key": value` with value a JSON string or null: one member after the first. */
void wb_json_field(FILE *o, const char *key, const char *value)
{
    fprintf(o, ", \"%s\": ", key);
    wb_json_str(o, value);
}

/* {"code", "name", "message"}, as the record writes an errno. */
void wb_json_errno(FILE *o, int code)
{
    const char *name = strerrorname_np(code);
    fprintf(o, "{\"code\": %d, \"name\": ", code);
    if (name != NULL)
        wb_json_str(o, name);
    else
        fprintf(o, "\"E%d\"", code);
    fputs(", \"message\": ", o);
    wb_json_str(o, strerror(code));
    fputc('}', o);
}

/* The JSON text of one string (null for NULL), in memory of its own. */
const char *wb_json_quote(const char *s)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *o = open_memstream(&buf, &len);
    wb_json_str(o, s);
    fclose(o);
    return buf;
}

/* The JSON text of a list of strings, in memory of its own. */
const char *wb_json_strings(const char *const *items, int n)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *o = open_memstream(&buf, &len);
    fputc('[', o);
    for (int i = 0; i < n; i++) {
        if (i)
            fputs(", ", o);
        wb_json_str(o, items[i]);
    }
    fputc(']', o);
    fclose(o);
    return buf;
}

static void wb_print_view(FILE *o, const struct wb_view *v)
{
    fprintf(o, "{\"fd\": %d", v->fd);
    wb_json_field(o, "name", v->name);
    wb_json_field(o, "role", v->role);
    wb_json_field(o, "family", v->family);
    wb_json_field(o, "type", v->type);
    wb_json_field(o, "local", v->has_local ? v->local : NULL);
    wb_json_field(o, "peer", v->has_peer ? v->peer : NULL);
    wb_json_field(o, "state", v->state);
    if (v->so_error_pending)
        fputs(", \"soError\": \"pending\"", o);
    else
        fprintf(o, ", \"soError\": %d", v->so_error);
    fputs(", \"applied\": {", o);
    int first = 1;
    for (int i = 0; i < WB_OPTIONS; i++) {
        if (!v->has_opt[i])
            continue;
        fprintf(o, "%s\"%s\": ", first ? "" : ", ", wb_option_names[i]);
        if (wb_option_is_number[i])
            fprintf(o, "%d", v->opt[i]);
        else
            fputs(v->opt[i] ? "true" : "false", o);
        first = 0;
    }
    fputc('}', o);
}

static void wb_print_queue(FILE *o, const struct wb_rec *r)
{
    fputc('[', o);
    for (int i = 0; i < r->nq; i++) {
        const struct wb_entry *e = &r->q[i];
        fprintf(o, "%s{\"code\": %lu, \"hex\": \"%08lX\"", i ? ", " : "", e->code, e->code);
        wb_json_field(o, "library", e->library);
        wb_json_field(o, "reason", e->reason);
        wb_json_field(o, "file", e->file);
        fprintf(o, ", \"line\": %d", e->line);
        wb_json_field(o, "function", e->function);
        wb_json_field(o, "data", e->data);
        wb_json_field(o, "text", e->text);
        fputc('}', o);
    }
    fputc(']', o);
}

static void wb_print_rec(FILE *o, const struct wb_rec *r)
{
    fprintf(o, "    {\"index\": %d, \"call\": ", r->index);
    wb_json_str(o, r->call);
    fputs(", \"c\": ", o);
    wb_json_str(o, r->c);
    fputs(", \"ret\": ", o);
    if (r->has_ret)
        fprintf(o, "%ld", r->ret);
    else
        fputs("null", o);
    fputs(", \"errno\": ", o);
    if (r->has_err)
        wb_json_errno(o, r->err);
    else
        fputs("null", o);
    fputs(",\n      \"errorQueue\": ", o);
    wb_print_queue(o, r);
    fputs(",\n      \"socket\": ", o);
    if (r->socket.present) {
        wb_print_view(o, &r->socket);
        if (r->listener.present) {
            fputs(", \"listener\": ", o);
            wb_print_view(o, &r->listener);
            fputc('}', o);
        }
        fputc('}', o);
    } else {
        fputs("null", o);
    }
    fprintf(o, ",\n      \"addresses\": %s", r->has_addresses && r->addresses ? r->addresses : "null");
    fprintf(o, ", \"durationUs\": %ld, \"blocked\": false, \"cancelled\": ", r->duration_us);
    wb_json_str(o, r->cancelled);
    fputs(", \"refused\": ", o);
    wb_json_str(o, r->refused);
    fputs(", \"warnings\": [], \"data\": ", o);
    if (r->has_data) {
        fputs("{\"hex\": \"", o);
        for (size_t i = 0; i < r->data_len; i++)
            fprintf(o, "%02x", r->data[i]);
        fputs("\"}", o);
    } else {
        fputs("null", o);
    }
    if (r->result)
        fprintf(o, ", \"result\": {%s}", r->result);
    if (r->bulk)
        fprintf(o, ", \"bulk\": {%s}", r->bulk);
    if (r->deprecated)
        fputs(", \"deprecated\": true", o);
    if (r->has_expect)
        fprintf(o, ", \"expect\": {\"ok\": %s, \"mismatches\": [%s]}", r->mismatches ? "false" : "true", r->mismatches ? r->mismatches : "");
    else
        fputs(", \"expect\": null", o);
    fputc('}', o);
}

/* The libcrypto file this process really mapped, from /proc/self/maps ("" when not found). */
static void wb_libcrypto_path(char *path, size_t n)
{
    FILE *maps = fopen("/proc/self/maps", "r");
    char line[1024];
    path[0] = '\0';
    while (maps && fgets(line, sizeof line, maps)) {
        char *slash = strchr(line, '/');
        if (slash && strstr(slash, "libcrypto")) {
            slash[strcspn(slash, "\n")] = '\0';
            snprintf(path, n, "%s", slash);
            break;
        }
    }
    if (maps)
        fclose(maps);
}

/* Prints {"ok", "title", "libcrypto", "steps"}; returns whether every expectation held. */
int wb_print(const char *title)
{
    int ok = 1;
    for (int i = 0; i < wb_nrecs; i++)
        if (wb_recs[i].has_expect && wb_recs[i].mismatches)
            ok = 0;
    char path[512];
    wb_libcrypto_path(path, sizeof path);
    unsigned long version = OpenSSL_version_num();
    printf("{\"ok\": %s, \"title\": ", ok ? "true" : "false");
    wb_json_str(stdout, title);
    printf(",\n  \"libcrypto\": {\"path\": ");
    wb_json_str(stdout, path);
    printf(", \"resolvedPath\": ");
    wb_json_str(stdout, path);
    printf(", \"version\": ");
    wb_json_str(stdout, OpenSSL_version(OPENSSL_VERSION));
    /* BIO_SOCK_TFO means something from OpenSSL 3.2 on. */
    printf(", \"versionNumber\": %lu, \"supports\": {\"TFO\": %s}},\n  \"steps\": [\n", version, version >= 0x30200000UL ? "true" : "false");
    for (int i = 0; i < wb_nrecs; i++) {
        wb_print_rec(stdout, &wb_recs[i]);
        fputs(i + 1 < wb_nrecs ? ",\n" : "\n", stdout);
    }
    printf("  ]\n}\n");
    return ok;
}
