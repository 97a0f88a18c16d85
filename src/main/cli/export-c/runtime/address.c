/* ---- addresses: {tmp}, addr strings, BIO_lookup_ex and the candidate a call uses ---- */
#include "wb-runtime.h"

/* {tmp} in an addr: a directory of this run's own, emptied and removed at exit. */
static char wb_tmp_path[64];

static void wb_tmp_remove(void)
{
    DIR *d = opendir(wb_tmp_path);
    struct dirent *e;
    char path[400];
    while (d && (e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        snprintf(path, sizeof path, "%s/%s", wb_tmp_path, e->d_name);
        unlink(path);
    }
    if (d)
        closedir(d);
    rmdir(wb_tmp_path);
}

const char *wb_tmp_dir(void)
{
    if (wb_tmp_path[0] == '\0') {
        const char *base = getenv("TMPDIR");
        snprintf(wb_tmp_path, sizeof wb_tmp_path, "%s/bio-workbench-XXXXXX", base && strlen(base) < 40 ? base : "/tmp");
        if (mkdtemp(wb_tmp_path) == NULL)
            return "/tmp";
        atexit(wb_tmp_remove);
    }
    return wb_tmp_path;
}

/* A BIO_ADDR as the record writes it, by its own family (BIO_ADDR_family): unix:/path,
   127.0.0.1:443, [::1]:443, or AF_UNSPEC:? for an address BIO_ADDR_rawmake refused. */
void wb_addr_text(const BIO_ADDR *a, char *out, size_t n)
{
    int family = BIO_ADDR_family(a);
    unsigned char raw[128];
    size_t len = sizeof raw;
    memset(raw, 0, sizeof raw);
    BIO_ADDR_rawaddress(a, raw, &len);
    if (family == AF_UNIX)
        snprintf(out, n, "unix:%.*s", (int)strnlen((char *)raw, len), (char *)raw);
    else
        wb_format_ip(family, raw, ntohs(BIO_ADDR_rawport(a)), 0, out, n);
}

/* Splits host:service, [v6]:service or unix:/path as the workbench does; 1 for unix. */
int wb_parse_addr(const char *addr, char *hostbuf, size_t n, const char **host, const char **service)
{
    if (strncmp(addr, "unix:", 5) == 0) {
        snprintf(hostbuf, n, "%s", addr + 5);
        *host = hostbuf;
        *service = NULL;
        return 1;
    }
    if (addr[0] == '[') {
        const char *end = strchr(addr, ']');
        snprintf(hostbuf, n, "%.*s", (int)(end - addr - 1), addr + 1);
        *host = hostbuf;
        *service = end + 2;
        return 0;
    }
    const char *colon = strrchr(addr, ':');
    snprintf(hostbuf, n, "%.*s", (int)(colon - addr), addr);
    *host = (hostbuf[0] == '\0' || strcmp(hostbuf, "*") == 0) ? NULL : hostbuf;
    *service = colon + 1;
    return 0;
}

/*
 * Lists the candidates as the record does, each labelled with its address's own family
 * (BIO_ADDR_family), like the engine: for a unix path longer than sun_path holds,
 * BIO_lookup_ex gives an entry of family AF_UNIX whose BIO_ADDR stayed AF_UNSPEC.
 */
void wb_addresses(struct wb_rec *r, const BIO_ADDRINFO *res, const BIO_ADDRINFO *chosen)
{
    FILE *o = open_memstream(&r->addresses, &r->addresses_len);
    char text[200], name[32];
    fputc('[', o);
    for (const BIO_ADDRINFO *ai = res; ai != NULL; ai = BIO_ADDRINFO_next(ai)) {
        const BIO_ADDR *a = BIO_ADDRINFO_address(ai);
        wb_addr_text(a, text, sizeof text);
        fprintf(o, "%s{\"family\": ", ai == res ? "" : ", ");
        wb_json_str(o, wb_family_name(BIO_ADDR_family(a), name, sizeof name));
        fputs(", \"address\": ", o);
        wb_json_str(o, text);
        fprintf(o, ", \"used\": %s}", ai == chosen ? "true" : "false");
    }
    fputc(']', o);
    fclose(o);
    r->has_addresses = 1;
}

/* The step is not made: the record says why, in the engine's words, and lists the candidates. */
static const BIO_ADDR *wb_no_candidate(struct wb_rec *r, BIO_ADDRINFO **res, int family, const char *addr, int addr_index)
{
    char families[200] = "", name[32];
    int seen[16], nseen = 0, count = 0;
    for (const BIO_ADDRINFO *ai = *res; ai != NULL; ai = BIO_ADDRINFO_next(ai), count++) {
        int f = BIO_ADDR_family(BIO_ADDRINFO_address(ai)), known = 0;
        for (int i = 0; i < nseen; i++)
            known |= seen[i] == f;
        if (known || nseen == 16)
            continue;
        seen[nseen++] = f;
        snprintf(families + strlen(families), sizeof families - strlen(families), "%s%s", nseen > 1 ? ", " : "", wb_family_name(f, name, sizeof name));
    }
    if (addr_index >= 0)
        wb_refuse(r, wb_printf("addrIndex: %d is out of range; \"%s\" has %d candidate(s)", addr_index, addr, count));
    else
        wb_refuse(r, wb_printf("addr: \"%s\" resolves only to %s, and the socket is %s; pick a candidate with addrIndex to pass a mismatched address as C would",
                               addr, nseen ? families : "nothing", wb_family_name(family, name, sizeof name)));
    BIO_ADDRINFO_free(*res);
    *res = NULL;
    return NULL;
}

/* BIO_lookup_ex for a socket, then the candidate: the first whose address (BIO_ADDR_family)
   matches the socket's family, or addr_index. NULL (and the step refused) when there is none;
   *res must be freed. */
const BIO_ADDR *wb_lookup_for(struct wb_rec *r, int fd, const char *addr, int lookup_type, int addr_index, BIO_ADDRINFO **res)
{
    char hostbuf[512];
    const char *host, *service;
    int family = 0, type = wb_socktype(fd);
    wb_intopt(fd, SOL_SOCKET, SO_DOMAIN, &family);
    int is_unix = wb_parse_addr(addr, hostbuf, sizeof hostbuf, &host, &service);
    ERR_clear_error();
    if (!BIO_lookup_ex(host, service, lookup_type, (is_unix || family == AF_UNIX) ? AF_UNIX : AF_UNSPEC, type, 0, res)) {
        char detail[600] = "";
        wb_drain(r);
        for (int i = 0; i < r->nq; i++)
            snprintf(detail + strlen(detail), sizeof detail - strlen(detail), "%s%s", i ? "; " : "", r->q[i].text);
        wb_addresses(r, NULL, NULL);
        wb_refuse(r, wb_printf("addr: BIO_lookup_ex could not resolve \"%s\" (%s); %s was not called", addr, detail[0] ? detail : "no detail", r->call));
        *res = NULL;
        return NULL;
    }
    const BIO_ADDRINFO *chosen = NULL;
    int i = 0;
    for (const BIO_ADDRINFO *ai = *res; ai != NULL && chosen == NULL; ai = BIO_ADDRINFO_next(ai), i++) {
        if (addr_index >= 0 ? i == addr_index : BIO_ADDR_family(BIO_ADDRINFO_address(ai)) == family)
            chosen = ai;
    }
    wb_addresses(r, *res, chosen);
    if (chosen == NULL)
        return wb_no_candidate(r, res, family, addr, addr_index);
    return BIO_ADDRINFO_address(chosen);
}
