// Resolvers and the deprecated calls: BIO_lookup_ex, and BIO_get_accept_socket, BIO_accept,
// BIO_get_port, BIO_get_host_ip and BIO_gethostbyname (deprecated since OpenSSL 1.1.0, still
// exported by libcrypto 3.x).
import type { StepOf } from '../../../shared/steps';
import { acceptLines } from './setup-calls';
import { addressLines, callLines, type StepWriter } from './step-writer';

/** BIO_lookup_ex on its own: every candidate listed, none used. A unix: addr looks up AF_UNIX. */
export function lookupLines(w: StepWriter, step: StepOf<'BIO_lookup_ex'>, code: string): void {
  addressLines(w, step.addr);
  w.line('const char *host, *service;');
  w.line('char wb_host_buf[512];');
  w.line(`int family = wb_parse_addr(wb_addr_text, wb_host_buf, sizeof wb_host_buf, &host, &service) ? AF_UNIX : ${step.family ?? 'AF_UNSPEC'};`);
  w.line('BIO_ADDRINFO *res = NULL;');
  callLines(w, `wb_ret = ${code.replace(/, (AF_UNSPEC|AF_INET6?|AF_UNIX), /, ', family, ')}`, '0');
  w.line('wb_addresses(r, wb_ret == 1 ? res : NULL, NULL);');
  w.line('BIO_ADDRINFO_free(res);');
}

/** BIO_accept: an accept whose peer comes back as an "ip:port" string libcrypto allocated. */
export function deprecatedAcceptLines(w: StepWriter, step: StepOf<'BIO_accept'>, code: string): void {
  acceptLines(w, step, code, {
    declare: 'char *ip_port = NULL;',
    result: ['if (ip_port != NULL) {', '    wb_result_text(r, "peer", ip_port);', '    OPENSSL_free(ip_port);', '}'],
  });
}

export function getPortLines(w: StepWriter, code: string): void {
  w.line('unsigned short port = 0;');
  callLines(w, `wb_ret = ${code}`, 'wb_ret == 0');
  w.line('if (wb_ret == 1)');
  w.line('    wb_result_number(r, "port", port);');
}

export function getHostIpLines(w: StepWriter, code: string): void {
  w.line('unsigned char ip[4] = { 0 };');
  callLines(w, `wb_ret = ${code}`, 'wb_ret == 0');
  w.line('if (wb_ret == 1) {');
  w.line('    char wb_text[32];');
  w.line('    snprintf(wb_text, sizeof wb_text, "%u.%u.%u.%u", ip[0], ip[1], ip[2], ip[3]);');
  w.line('    wb_result_text(r, "ip", wb_text);');
  w.line('}');
}

export function gethostbynameLines(w: StepWriter, code: string): void {
  w.line('struct hostent *he = NULL;');
  callLines(w, `wb_ret = (he = ${code}) != NULL /* ret shows 1 for non-NULL and 0 for NULL */`, 'wb_ret == 0');
}
