// export-c: one self-contained C program making a scenario's calls in the same order against
// the same libcrypto, printing the engine's --json shape, so the workbench can be checked
// against C (DESIGN fact 13). Build it with `cc prog.c -lcrypto` on OpenSSL 3.0 headers.
import { DEPRECATED_CALLS, type Scenario, type Step, type StepOf, type Expect } from '../../shared/steps';
import { cExpression } from '../../shared/c-expression';
import { composeOptions, FLAGS } from '../../shared/flags';
import { ADDR_PLACEHOLDER } from '../../shared/address';

/** Calls that wait for readiness first: as background steps they can be deferred to their await. */
const DEFERRABLE = new Set<Step['call']>(['BIO_accept_ex', 'BIO_accept', 'BIO_read', 'BIO_write', 'wait']);

const C_KEYWORDS = new Set(
  'auto break case char const continue default do double else enum extern float for goto if inline int long register restrict return short signed sizeof static struct switch typedef union unsigned void volatile while _Bool _Complex _Imaginary _Alignas _Alignof _Atomic _Generic _Noreturn _Static_assert _Thread_local bool true false NULL'.split(' '),
);
/** Identifiers the generated code or its headers use: a socket named like one gets a suffix. */
const TAKEN = new Set(
  ('main errno r addr peer data buf res host service ip ip_port port he socket bind listen connect accept accept4 close read write send recv sendto recvfrom ' +
    'poll select shutdown getsockopt setsockopt getsockname getpeername fcntl pipe dup dup2 open kill signal wait sleep link unlink remove rename ' +
    'index rindex time exit abort free malloc calloc realloc printf fprintf sprintf snprintf puts stdin stdout stderr memset memcpy strlen strcmp ' +
    'strerror strdup optarg environ timezone daylight tzname h_errno in6addr_any in6addr_loopback').split(' '),
);
const TAKEN_PREFIX = /^(wb_|bio_|BIO_|ERR_|SSL_|OPENSSL_|OSSL_|CRYPTO_|AF_|PF_|SOCK_|IPPROTO_|IPV6_|SO_|SOL_|TCP_|POLL|O_|F_|E[A-Z0-9]+$|_[A-Z_])/;

function cVar(name: string): string {
  const v = name.replace(/-/g, '_');
  return C_KEYWORDS.has(v) || TAKEN.has(v) || TAKEN_PREFIX.test(v) ? `${v}_sock` : v;
}

/** A C string literal: printable ASCII kept, everything else as octal escapes (never greedy). */
export function cLiteral(text: string | Uint8Array): string {
  const bytes = typeof text === 'string' ? new TextEncoder().encode(text) : text;
  let out = '"';
  for (const b of bytes) {
    if (b === 0x22) out += '\\"';
    else if (b === 0x5c) out += '\\\\';
    else if (b === 0x3f) out += '\\?'; // no trigraphs
    else if (b >= 0x20 && b < 0x7f) out += String.fromCharCode(b);
    else out += '\\' + b.toString(8).padStart(3, '0');
  }
  return out + '"';
}

function comment(text: string): string {
  return text.replace(/\*\//g, '* /').replace(/\n/g, ' ');
}

type SockStep = Step & { sock: string | number };

interface Plan {
  /** Socket names (scenario's) to their C variables. */
  vars: Map<string, string>;
  /** Sockets a step made without an `as`: an anonymous variable each. */
  anon: Set<number>;
  deferred: Set<number>;
  /** Background BIO_connects: each runs in its own thread, as the engine's pool runs it. */
  threaded: Set<number>;
}

function plan(scenario: Scenario): Plan {
  const vars = new Map<string, string>();
  const used = new Set<string>();
  const anon = new Set<number>();
  const deferred = new Set<number>();
  const threaded = new Set<number>();
  scenario.steps.forEach((s, i) => {
    const step = s as Step & { as?: string; background?: boolean };
    if (step.as !== undefined && !vars.has(step.as)) {
      let v = cVar(step.as);
      while (used.has(v)) v += '_';
      used.add(v);
      vars.set(step.as, v);
    } else if (step.as === undefined && (step.call === 'BIO_socket' || step.call === 'BIO_accept_ex' || step.call === 'BIO_accept' || step.call === 'BIO_get_accept_socket')) {
      anon.add(i);
    }
    if (step.background && DEFERRABLE.has(step.call)) deferred.add(i);
    if (step.background && step.call === 'BIO_connect' && typeof step.sock === 'string') threaded.add(i);
  });
  return { vars, anon, deferred, threaded };
}

/** The step with its socket names replaced by C variables, so cExpression gives the code's text. */
function withVars(step: Step, p: Plan): Step {
  const s = { ...step } as Step & { sock?: string | number; as?: string };
  if (typeof s.sock === 'string') s.sock = p.vars.get(s.sock) ?? s.sock;
  if (s.as !== undefined) s.as = p.vars.get(s.as) ?? s.as;
  return s as Step;
}

class StepWriter {
  private lines: string[] = [];
  constructor(
    readonly index: number,
    readonly step: Step,
    readonly p: Plan,
  ) {}
  line(text = ''): this {
    this.lines.push(text === '' ? '' : '    ' + text);
    return this;
  }
  text(): string {
    return this.lines.join('\n');
  }
}

function sockOf(w: StepWriter): { v: string; info: string } | null {
  const sock = (w.step as SockStep).sock;
  if (typeof sock !== 'string') return null;
  const v = w.p.vars.get(sock)!;
  return { v, info: `wb_info_${v}` };
}

/** Where the socket a step creates goes: its `as` variable, or an anonymous one. */
function target(w: StepWriter): { v: string; info: string } {
  const as = (w.step as { as?: string }).as;
  const v = as !== undefined ? w.p.vars.get(as)! : `wb_fd_${w.index}`;
  return { v, info: `wb_info_${v}` };
}

function resolveSock(w: StepWriter): { v: string; info: string } {
  const s = sockOf(w)!;
  w.line(`if (${s.v} < 0)`);
  w.line(`    return wb_refuse(r, ${s.info}.gone);`);
  return s;
}

function callLines(w: StepWriter, call: string, failed: string): void {
  w.line('ERR_clear_error();');
  w.line('errno = 0;');
  w.line('wb_clock_start();');
  w.line(`${call};`);
  w.line(`wb_record_call(r, wb_ret, ${failed});`);
}

/** Fills `{name.port}` placeholders at run time from the ports getsockname showed. */
function addressLines(w: StepWriter, addr: string): void {
  const names: string[] = [];
  const args: string[] = [];
  const format = addr.replace(/%/g, '%%').replace(ADDR_PLACEHOLDER, (_, name: string | undefined) => {
    if (name === undefined) {
      args.push('wb_tmp_dir()');
      return '%s';
    }
    names.push(name);
    args.push(`wb_info_${w.p.vars.get(name)!}.port`);
    return '%d';
  });
  w.line('char wb_addr_text[512];');
  for (const name of new Set(names)) {
    const v = w.p.vars.get(name)!;
    w.line(`if (wb_info_${v}.port <= 0)`);
    w.line(`    return wb_refuse(r, ${cLiteral(`addr: {${name}.port}: socket "${name}" has no bound port yet`)});`);
  }
  w.line(`snprintf(wb_addr_text, sizeof wb_addr_text, ${cLiteral(format)}${args.map((a) => `, ${a}`).join('')});`);
}

/** A blocking socket waits for readiness first (as the engine does); a nonblocking one does not. */
function readinessLines(w: StepWriter, v: string, info: string, events: 'POLLIN' | 'POLLOUT', timeoutMs: number | undefined, what: string): void {
  const timeout = timeoutMs ?? -1;
  const call = w.step.call;
  w.line(`if (!wb_nonblocking(${v})) {`);
  w.line(`    if (!wb_ready(${v}, ${events}, wb_mode == WB_WAIT ? ${timeout} : 0)) {`);
  w.line('        if (wb_mode == WB_NOW)');
  w.line('            return 0;');
  w.line('        r->cancelled = wb_mode == WB_CANCEL');
  w.line(`            ? ${cLiteral(`cancelled by request; cancelled before ${call} was made (no ${what} came); the socket is unchanged`)}`);
  w.line(`            : ${cLiteral(`timeout: no ${what} within ${timeout} ms; cancelled before ${call} was made; the socket is unchanged`)};`);
  w.line(`        wb_snapshot(&r->socket, ${v}, &${info});`);
  w.line('        return 1;');
  w.line('    }');
  w.line('}');
}

function emitStep(w: StepWriter): void {
  const step = w.step;
  const code = cExpression(withVars(step, w.p));
  switch (step.call) {
    case 'BIO_socket': {
      const t = target(w);
      callLines(w, `wb_ret = ${t.v} = ${code.replace(/^[A-Za-z0-9_]+ = /, '')}`, 'wb_ret < 0');
      w.line('if (wb_ret >= 0) {');
      w.line(`    wb_adopt(&${t.info}, 0);`);
      w.line(`    wb_snapshot(&r->socket, ${t.v}, &${t.info});`);
      w.line('} else {');
      w.line(`    ${t.info}.gone = ${cLiteral(`BIO_socket for "${(step as { as?: string }).as ?? ''}" failed (ret -1), so there is no socket by that name`)};`);
      w.line('}');
      break;
    }
    case 'BIO_bind':
    case 'BIO_listen':
    case 'BIO_connect': {
      const s = resolveSock(w);
      const st = step as StepOf<'BIO_connect'>;
      addressLines(w, st.addr);
      w.line('BIO_ADDRINFO *res = NULL;');
      w.line(`const BIO_ADDR *addr = wb_lookup_for(r, ${s.v}, wb_addr_text, ${step.call === 'BIO_connect' ? 'BIO_LOOKUP_CLIENT' : 'BIO_LOOKUP_SERVER'}, ${st.addrIndex ?? -1}, &res);`);
      w.line('if (addr == NULL)');
      w.line('    return 1;');
      if (step.call === 'BIO_connect') {
        w.line(`${s.info}.connected = 1;`);
        if (st.timeoutMs !== undefined) w.line(`wb_send_timeout(${s.v}, ${st.timeoutMs}); /* timeoutMs: SO_SNDTIMEO bounds a blocking connect (DESIGN fact 11) */`);
      }
      callLines(w, `wb_ret = ${code}`, 'wb_ret == 0');
      if (step.call === 'BIO_connect' && st.timeoutMs !== undefined) {
        const nonblock = (composeOptions(st.options) & 0x08) !== 0;
        if (!nonblock) {
          w.line(`if (wb_ret == 0 && r->err == EINPROGRESS && wb_socktype(${s.v}) == SOCK_STREAM)`);
          w.line(`    r->cancelled = ${cLiteral(`timed out after ${st.timeoutMs} ms (SO_SNDTIMEO); the connect goes on in the kernel`)};`);
        }
      }
      w.line('BIO_ADDRINFO_free(res);');
      w.line(`wb_snapshot(&r->socket, ${s.v}, &${s.info});`);
      break;
    }
    case 'BIO_accept_ex':
    case 'BIO_accept': {
      const s = resolveSock(w);
      const t = target(w);
      readinessLines(w, s.v, s.info, 'POLLIN', step.timeoutMs, 'incoming connection');
      if (step.call === 'BIO_accept_ex') {
        w.line('BIO_ADDR *peer = BIO_ADDR_new();');
        callLines(w, `wb_ret = ${t.v} = ${code.replace(/^[A-Za-z0-9_]+ = /, '')}`, 'wb_ret < 0');
        w.line('if (wb_ret >= 0)');
        w.line('    wb_result_peer(r, peer);');
        w.line('BIO_ADDR_free(peer);');
      } else {
        w.line('char *ip_port = NULL;');
        callLines(w, `wb_ret = ${t.v} = ${code.replace(/^[A-Za-z0-9_]+ = /, '')}`, 'wb_ret < 0');
        w.line('if (ip_port != NULL) {');
        w.line('    wb_result_text(r, "peer", ip_port);');
        w.line('    OPENSSL_free(ip_port);');
        w.line('}');
      }
      w.line('if (wb_ret >= 0) {');
      w.line(`    wb_adopt(&${t.info}, 1);`);
      w.line(`    wb_snapshot(&r->socket, ${t.v}, &${t.info});`);
      w.line(`    wb_snapshot(&r->listener, ${s.v}, &${s.info});`);
      w.line('} else {');
      w.line(`    ${t.info}.gone = ${cLiteral(`${step.call} for "${step.as ?? ''}" failed (ret -1), so there is no socket by that name`)};`);
      w.line(`    wb_snapshot(&r->socket, ${s.v}, &${s.info});`);
      w.line('}');
      break;
    }
    case 'BIO_closesocket': {
      const s = resolveSock(w);
      w.line(`if (bio_${s.v} != NULL) {`);
      w.line(`    BIO_free(bio_${s.v});`);
      w.line(`    bio_${s.v} = NULL;`);
      w.line('}');
      w.line(`wb_snapshot(&r->socket, ${s.v}, &${s.info}); /* the record shows the socket as it was, marked closed */`);
      callLines(w, `wb_ret = ${code}`, 'wb_ret == 0');
      w.line('r->socket.role = "closed";');
      w.line('r->socket.state = NULL;');
      w.line(`${s.v} = -1;`);
      w.line(`${s.info}.gone = ${cLiteral(`no open socket is named "${(step as SockStep).sock}" (it was closed)`)};`);
      break;
    }
    case 'BIO_sock_error': {
      const s = resolveSock(w);
      callLines(w, `wb_ret = ${code}`, '0');
      w.line('if (wb_ret > 0)');
      w.line('    wb_result_errno(r, "soError", (int)wb_ret);');
      w.line(`wb_snapshot(&r->socket, ${s.v}, &${s.info});`);
      w.line('r->socket.so_error = (int)wb_ret; /* BIO_sock_error read (and cleared) SO_ERROR: show what it read */');
      w.line('r->socket.so_error_pending = 0;');
      break;
    }
    case 'BIO_write': {
      const s = resolveSock(w);
      const bytes = step.data !== undefined ? new TextEncoder().encode(step.data) : Buffer.from(step.dataHex!.replace(/\s+/g, ''), 'hex');
      w.line(`static const unsigned char data[${bytes.length + 1}] = ${cLiteral(bytes)};`);
      w.line(`wb_set_data(r, data, ${bytes.length});`);
      readinessLines(w, s.v, s.info, 'POLLOUT', step.timeoutMs, 'room in the send buffer');
      w.line(`if (bio_${s.v} == NULL)`);
      w.line(`    bio_${s.v} = BIO_new_socket(${s.v}, BIO_NOCLOSE);`);
      callLines(w, `wb_ret = ${code}`, 'wb_ret < 0');
      w.line(`wb_snapshot(&r->socket, ${s.v}, &${s.info});`);
      break;
    }
    case 'BIO_read': {
      const s = resolveSock(w);
      readinessLines(w, s.v, s.info, 'POLLIN', step.timeoutMs, 'data to read');
      w.line(`unsigned char *buf = malloc(${step.max});`);
      w.line(`if (bio_${s.v} == NULL)`);
      w.line(`    bio_${s.v} = BIO_new_socket(${s.v}, BIO_NOCLOSE);`);
      callLines(w, `wb_ret = ${code}`, 'wb_ret < 0');
      w.line('wb_set_data(r, buf, wb_ret > 0 ? (size_t)wb_ret : 0);');
      w.line('free(buf);');
      w.line(`wb_snapshot(&r->socket, ${s.v}, &${s.info});`);
      break;
    }
    case 'wait': {
      const s = resolveSock(w);
      const events = step.for === 'readable' ? 'POLLIN' : 'POLLOUT';
      w.line(`struct pollfd wb_pfd = { ${s.v}, ${events}, 0 };`);
      w.line('wb_clock_start();');
      w.line(`wb_ret = poll(&wb_pfd, 1, wb_mode == WB_WAIT ? ${step.timeoutMs} : 0); /* ${comment(code)} */`);
      w.line('if (wb_ret == 0 && wb_mode == WB_NOW)');
      w.line('    return 0;');
      w.line('r->duration_us = wb_clock_us();');
      w.line('if (wb_ret == 0 && wb_mode == WB_CANCEL) {');
      w.line('    r->cancelled = "cancelled by request: the wait ended before poll reported anything";');
      w.line('} else {');
      w.line('    r->has_ret = 1;');
      w.line('    r->ret = wb_ret;');
      w.line('    wb_result_revents(r, wb_pfd.revents);');
      w.line('}');
      w.line(`wb_snapshot(&r->socket, ${s.v}, &${s.info});`);
      break;
    }
    case 'BIO_lookup_ex': {
      addressLines(w, step.addr);
      w.line('const char *host, *service;');
      w.line('char wb_host_buf[512];');
      w.line(`int family = wb_parse_addr(wb_addr_text, wb_host_buf, sizeof wb_host_buf, &host, &service) ? AF_UNIX : ${step.family ?? 'AF_UNSPEC'};`);
      w.line('BIO_ADDRINFO *res = NULL;');
      const call = code.replace(/, (AF_UNSPEC|AF_INET6?|AF_UNIX), /, ', family, ');
      callLines(w, `wb_ret = ${call}`, '0');
      w.line('r->has_addresses = 1;');
      w.line('wb_addresses(r, wb_ret == 1 ? res : NULL, NULL);');
      w.line('BIO_ADDRINFO_free(res);');
      break;
    }
    case 'BIO_get_accept_socket': {
      const t = target(w);
      callLines(w, `wb_ret = ${t.v} = ${code.replace(/^[A-Za-z0-9_]+ = /, '')}`, 'wb_ret < 0');
      w.line('if (wb_ret >= 0) {');
      w.line(`    wb_adopt(&${t.info}, 0);`);
      w.line(`    wb_snapshot(&r->socket, ${t.v}, &${t.info});`);
      w.line('} else {');
      w.line(`    ${t.info}.gone = ${cLiteral(`BIO_get_accept_socket for "${step.as ?? ''}" failed, so there is no socket by that name`)};`);
      w.line('}');
      break;
    }
    case 'BIO_get_port': {
      w.line('unsigned short port = 0;');
      callLines(w, `wb_ret = ${code}`, 'wb_ret == 0');
      w.line('if (wb_ret == 1)');
      w.line('    wb_result_number(r, "port", port);');
      break;
    }
    case 'BIO_get_host_ip': {
      w.line('unsigned char ip[4] = { 0 };');
      callLines(w, `wb_ret = ${code}`, 'wb_ret == 0');
      w.line('if (wb_ret == 1) {');
      w.line('    char wb_text[32];');
      w.line('    snprintf(wb_text, sizeof wb_text, "%u.%u.%u.%u", ip[0], ip[1], ip[2], ip[3]);');
      w.line('    wb_result_text(r, "ip", wb_text);');
      w.line('}');
      break;
    }
    case 'BIO_gethostbyname': {
      w.line('struct hostent *he = NULL;');
      callLines(w, `wb_ret = (he = ${code}) != NULL /* ret shows 1 for non-NULL and 0 for NULL */`, 'wb_ret == 0');
      break;
    }
    case 'await':
    case 'cancel':
      throw new Error('await and cancel are written in main');
    default: {
      // Plain libc calls the workbench offers beside libcrypto's (listen with a backlog, shutdown).
      const call = (step as { call: string }).call;
      if (call !== 'listen' && call !== 'shutdown') {
        w.line(`return wb_refuse(r, ${cLiteral(`${call} is not exported to C`)});`);
        return;
      }
      const s = resolveSock(w);
      callLines(w, `wb_ret = ${code}`, 'wb_ret != 0');
      w.line(`wb_snapshot(&r->socket, ${s.v}, &${s.info});`);
    }
  }
}

/** A step on an fd number is refused: the engine's fd numbers mean nothing in this process. */
function refusedStep(index: number, step: Step, why: string): string {
  return [
    `/* step ${index}: ${comment(cExpression(step))} is not made: ${comment(why)} */`,
    `static int wb_step_${index}(int wb_mode)`,
    '{',
    '    (void)wb_mode;',
    `    return wb_refuse(wb_begin(${index}, ${cLiteral(step.call)}, ${cLiteral(cExpression(step))}), ${cLiteral(why)});`,
    '}',
  ].join('\n');
}

function stepFunction(index: number, step: Step, p: Plan): string {
  const sock = (step as Partial<SockStep>).sock;
  if (typeof sock === 'number') {
    return refusedStep(index, step, `fd ${sock} is not a socket this program created (the engine refuses fds it did not create; an fd number in a scenario names a socket of the engine's process)`);
  }
  const w = new StepWriter(index, step, p);
  w.line(`struct wb_rec *r = wb_begin(${index}, ${cLiteral(step.call)}, ${cLiteral(cExpression(step))});`);
  w.line('long wb_ret;');
  w.line('(void)wb_mode;');
  if (DEPRECATED_CALLS.includes(step.call)) {
    w.line('r->deprecated = 1; /* deprecated since OpenSSL 1.1.0 (the manual\'s HISTORY) */');
  }
  emitStep(w);
  w.line('return 1;');
  return [`/* step ${index}: ${comment(cExpression(step))}${(step as { note?: string }).note ? ` (${comment((step as { note?: string }).note!)})` : ''} */`, `static int wb_step_${index}(int wb_mode)`, '{', w.text(), '}'].join('\n');
}

function expectLines(index: number, e: Expect): string[] {
  const r = `&R[${index}]`;
  const out: string[] = [`    R[${index}].has_expect = 1;`];
  if (e.ret !== undefined) {
    if (e.ret === 'fd') out.push(`    wb_expect_ret(${r}, WB_RET_FD, 0);`);
    else if (e.ret === null) out.push(`    wb_expect_ret(${r}, WB_RET_NULL, 0);`);
    else out.push(`    wb_expect_ret(${r}, WB_RET_NUMBER, ${e.ret}L);`);
  }
  if (e.errno !== undefined) out.push(`    wb_expect_errno(${r}, ${e.errno === null ? 'NULL' : cLiteral(e.errno)});`);
  if (e.errorQueue) out.push(`    wb_expect_queue(${r}, (const char *const[]){ ${e.errorQueue.map(cLiteral).join(', ')} }, ${e.errorQueue.length});`);
  if (e.errorQueueEmpty !== undefined) out.push(`    wb_expect_queue_empty(${r}, ${e.errorQueueEmpty ? 1 : 0});`);
  for (const [name, value] of Object.entries(e.applied ?? {})) {
    out.push(`    wb_expect_applied(${r}, ${cLiteral(name)}, ${typeof value === 'boolean' ? 1 : 0}, ${typeof value === 'boolean' ? (value ? 1 : 0) : value});`);
  }
  if (e.state !== undefined) out.push(`    wb_expect_state(${r}, ${cLiteral(e.state)});`);
  if (e.data !== undefined) out.push(`    wb_expect_data(${r}, ${cLiteral(e.data)}, ${new TextEncoder().encode(e.data).length});`);
  if (e.cancelled !== undefined) out.push(`    wb_expect_flag(${r}, "cancelled", R[${index}].cancelled != NULL, ${e.cancelled ? 1 : 0});`);
  if (e.refused !== undefined) out.push(`    wb_expect_flag(${r}, "refused", R[${index}].refused != NULL, ${e.refused ? 1 : 0});`);
  return out;
}

/** Ends a background step still waiting, as the engine's cancel does; its record says how. */
function cancelLines(scenario: Scenario, p: Plan, k: number, why: string): string[] {
  if (p.deferred.has(k)) {
    return [`    if (wb_pending[${k}]) {`, `        wb_step_${k}(WB_CANCEL); /* ${comment(why)} */`, `        wb_pending[${k}] = 0;`, '    }'];
  }
  if (p.threaded.has(k)) {
    const v = p.vars.get((scenario.steps[k] as SockStep).sock as string)!;
    return [`    wb_cancel_thread(${k}, ${v}); /* ${comment(why)}: a blocked connect is woken by shutdown (DESIGN fact 11) */`];
  }
  return [];
}

function schedule(scenario: Scenario, p: Plan): string[] {
  const out: string[] = [];
  scenario.steps.forEach((s, i) => {
    const step = s as Step & { background?: boolean };
    if (step.call === 'await' || step.call === 'cancel') {
      const k = step.step;
      out.push(`    /* step ${i}: ${step.call} step ${k} */`);
      if (step.call === 'cancel') out.push(...cancelLines(scenario, p, k, `cancel step ${k}`));
      else if (p.deferred.has(k)) out.push(`    if (wb_pending[${k}]) {`, `        wb_step_${k}(WB_WAIT); /* the deferred step waits here for what it needs */`, `        wb_pending[${k}] = 0;`, '    }');
      else if (p.threaded.has(k)) out.push(`    wb_join_thread(${k});`);
      out.push(`    wb_follow(${i}, ${cLiteral(step.call)}, ${cLiteral(cExpression(step))}, ${k});`);
      return;
    }
    // Closing a socket ends what still waits on it first, as the engine does.
    if (step.call === 'BIO_closesocket' && typeof step.sock === 'string') {
      scenario.steps.forEach((t, k) => {
        if (k < i && (t as SockStep).sock === step.sock) out.push(...cancelLines(scenario, p, k, `BIO_closesocket(${step.sock}) ends the waiting step ${k}`));
      });
    }
    if (p.deferred.has(i)) out.push(`    wb_pending[${i}] = !wb_step_${i}(WB_NOW); /* background: made now if ready, else later */`);
    else if (p.threaded.has(i)) out.push(`    wb_start_thread(${i}, wb_thread_${i}, ${p.vars.get((step as SockStep).sock as string)!}); /* background connect: its own thread, errno and queue stay there */`);
    else out.push(`    wb_step_${i}(WB_WAIT);${step.background ? ' /* background, but it never waits for readiness: made in place */' : ''}`);
    if (p.deferred.size > 0) out.push('    wb_try_pending();');
  });
  for (const k of [...p.deferred, ...p.threaded]) out.push(...cancelLines(scenario, p, k, 'never awaited: cancelled at the end, as the runner does'));
  return out;
}

export function exportC(scenario: Scenario): string {
  const p = plan(scenario);
  const n = scenario.steps.length;
  const title = scenario.title ?? '(untitled scenario)';
  const socketDecls: string[] = [];
  for (const [name, v] of p.vars) {
    socketDecls.push(`static int ${v} = -1;`, `static BIO *bio_${v} __attribute__((unused));`, `static struct wb_info wb_info_${v} = { ${cLiteral(name)}, 0, 0, 0, ${cLiteral(`no open socket is named "${name}" yet`)} };`);
  }
  for (const i of p.anon) {
    socketDecls.push(`static int wb_fd_${i} = -1;`, `static struct wb_info wb_info_wb_fd_${i} = { NULL, 0, 0, 0, "unnamed" };`);
  }
  const functions: string[] = [];
  scenario.steps.forEach((s, i) => {
    if (s.call !== 'await' && s.call !== 'cancel') functions.push(stepFunction(i, s as Step, p));
  });
  for (const k of p.threaded) functions.push(`static void *wb_thread_${k}(void *arg)\n{\n    (void)arg;\n    wb_step_${k}(WB_WAIT);\n    return NULL;\n}`);
  const tryPending = [...p.deferred].map((k) => `    if (wb_pending[${k}] && wb_step_${k}(WB_NOW))\n        wb_pending[${k}] = 0;`);
  const checks = scenario.steps.flatMap((s, i) => (s.expect ? expectLines(i, s.expect) : []));
  const closeAll = [...[...p.vars.values()], ...[...p.anon].map((i) => `wb_fd_${i}`)].map((v) => `    if (${v} >= 0)\n        BIO_closesocket(${v});`);
  const flagGuards = FLAGS.map((f) => `#ifndef ${f.name}\n# define ${f.name} 0x${f.bit.toString(16).padStart(2, '0')} /* OpenSSL ${f.sinceText} */\n#endif`).join('\n');

  return `/*
 * ${comment(title)}
 * ${comment(scenario.description ?? '')}
 *
 * Written by \`bio-workbench export-c\`: the scenario's calls, in order, against libcrypto, each
 * with ERR_clear_error(); errno = 0; before and errno plus the whole error queue read right
 * after. It prints the workbench's --json shape: {"ok", "title", "libcrypto", "steps": [...]}.
 * Build: cc prog.c -lcrypto    Run: ./a.out    Exit: 0 when every expectation held, 1 otherwise.
 *
 * Background steps: C runs one call at a time. A background step that waits for readiness
 * (BIO_accept_ex, BIO_accept, BIO_read, BIO_write, wait) is made at once if its socket is
 * ready, else retried after each later step and finally waited for at its "await" (or marked
 * cancelled at its "cancel"), so a background blocking accept followed by a connect works: the
 * connect lands in the listener's backlog, the accept runs when it can. Other background steps
 * (a blocking BIO_connect among them) are made in place. A nonblocking listener or socket is
 * never pre-polled: its call is made and returns what C returns (-1 with EAGAIN).
 * Steps naming an fd number are refused, as the engine refuses fds it did not create.
 */
#define _GNU_SOURCE
#define OPENSSL_SUPPRESS_DEPRECATED
${C_RUNTIME}
${flagGuards}

#define WB_STEPS ${n}
static struct wb_rec R[WB_STEPS];
static int wb_pending[WB_STEPS] __attribute__((unused));
static const char wb_title[] = ${cLiteral(title)};

/* The scenario's sockets, named as the scenario names them. */
${socketDecls.join('\n')}

${functions.join('\n\n')}

/* Background steps still waiting: made as soon as their socket is ready. */
WB_HELPER void wb_try_pending(void)
{
${tryPending.join('\n')}
}

static void wb_check_expectations(void)
{
${checks.join('\n')}
}

int main(void)
{
    wb_start(R, WB_STEPS);
${schedule(scenario, p).join('\n')}
    wb_check_expectations();
    int ok = wb_print(wb_title);
${closeAll.join('\n')}
    return ok ? 0 : 1;
}
`;
}

/** The fixed part of every exported program: recording, snapshots, lookups, JSON, expectations. */
const C_RUNTIME = String.raw`#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <openssl/err.h>

#ifndef TCP_FASTOPEN_CONNECT
# define TCP_FASTOPEN_CONNECT 30
#endif

#define WB_HELPER static __attribute__((unused))   /* not every program uses every helper */

#include <dirent.h>
#include <unistd.h>

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
WB_HELPER const char *wb_tmp_dir(void)
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

enum { WB_NOW, WB_WAIT, WB_CANCEL };   /* try without waiting, wait as the step says, cancel if not ready */
enum { WB_RET_NUMBER, WB_RET_FD, WB_RET_NULL };
#define WB_MAX_QUEUE 64
#define WB_OPTIONS 7

struct wb_entry {
    unsigned long code;
    int line;
    const char *library, *reason, *file, *function;
    char *data;          /* NULL for JSON null */
    char text[256];
};

/* A socket as the kernel shows it, read right after a call. */
struct wb_view {
    int present, fd;
    const char *name, *role, *state;
    char family[16], type[16], local[160], peer[160];
    int has_local, has_peer, so_error, so_error_pending;
    int has_opt[WB_OPTIONS], opt[WB_OPTIONS];
};

/* What the program knows about a socket variable (the engine's socket table entry). */
struct wb_info {
    const char *name;
    int connected, accepted, port;
    const char *gone;    /* why a step on it is refused while the variable is -1 */
};

struct wb_rec {
    int ran, index, has_ret, has_err, err, nq, deprecated, has_addresses, has_data, has_expect;
    long ret;
    long duration_us;
    const char *call, *c, *cancelled, *refused;
    struct wb_entry q[WB_MAX_QUEUE];
    struct wb_view socket, listener;
    char *addresses, *result, *mismatches;
    size_t addresses_len, result_len, mismatches_len;
    unsigned char *data;
    size_t data_len;
};

static const char *const wb_option_names[WB_OPTIONS] = {
    "SO_REUSEADDR", "SO_KEEPALIVE", "O_NONBLOCK", "TCP_NODELAY", "IPV6_V6ONLY", "TCP_FASTOPEN", "TCP_FASTOPEN_CONNECT"
};
static const int wb_option_is_number[WB_OPTIONS] = { 0, 0, 0, 0, 0, 1, 1 };
static const char *const wb_tcp_states[] = {
    "", "ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT1", "FIN_WAIT2", "TIME_WAIT", "CLOSE",
    "CLOSE_WAIT", "LAST_ACK", "LISTEN", "CLOSING", "NEW_SYN_RECV"
};

static struct wb_rec *wb_recs;
static int wb_nrecs;
static pthread_t *wb_threads;
static int *wb_thread_state;   /* 0 none, 1 running, 2 joined */
static int *wb_thread_done;
static __thread struct timespec wb_t0;   /* per thread: a background connect times itself */

WB_HELPER void wb_start(struct wb_rec *recs, int n)
{
    wb_recs = recs;
    wb_nrecs = n;
    wb_threads = calloc((size_t)n, sizeof *wb_threads);
    wb_thread_state = calloc((size_t)n, sizeof *wb_thread_state);
    wb_thread_done = calloc((size_t)n, sizeof *wb_thread_done);
}

WB_HELPER void wb_clock_start(void)
{
    clock_gettime(CLOCK_MONOTONIC, &wb_t0);
}

WB_HELPER long wb_clock_us(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (t.tv_sec - wb_t0.tv_sec) * 1000000L + (t.tv_nsec - wb_t0.tv_nsec) / 1000L;
}

WB_HELPER struct wb_rec *wb_begin(int index, const char *call, const char *c)
{
    struct wb_rec *r = &wb_recs[index];
    memset(r, 0, sizeof *r);
    r->ran = 1;
    r->index = index;
    r->call = call;
    r->c = c;
    return r;
}

WB_HELPER int wb_refuse(struct wb_rec *r, const char *why)
{
    r->refused = why;
    r->has_ret = 0;
    return 1;
}

WB_HELPER void wb_adopt(struct wb_info *info, int accepted)
{
    info->connected = 0;
    info->accepted = accepted;
}

/* Pops every entry off this thread's queue, oldest first. */
WB_HELPER void wb_drain(struct wb_rec *r)
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
WB_HELPER void wb_record_call(struct wb_rec *r, long ret, int failed)
{
    int e = errno;
    r->duration_us = wb_clock_us();
    r->has_ret = 1;
    r->ret = ret;
    r->has_err = failed != 0;
    r->err = failed ? e : 0;
    wb_drain(r);
}

WB_HELPER int wb_nonblocking(int fd)
{
    int fl = fcntl(fd, F_GETFL);
    return fl >= 0 && (fl & O_NONBLOCK) != 0;
}

WB_HELPER int wb_socktype(int fd)
{
    int v = 0;
    socklen_t len = sizeof v;
    getsockopt(fd, SOL_SOCKET, SO_TYPE, &v, &len);
    return v;
}

WB_HELPER int wb_ready(int fd, short events, int timeout_ms)
{
    struct pollfd pfd = { fd, events, 0 };
    return poll(&pfd, 1, timeout_ms) > 0;
}

WB_HELPER void wb_send_timeout(int fd, int ms)
{
    struct timeval tv = { ms / 1000, (ms % 1000) * 1000 };
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
}

WB_HELPER void wb_format_ipv6(const unsigned char *ip, char *out, size_t n)
{
    inet_ntop(AF_INET6, ip, out, (socklen_t)n);
}

/* As the record writes addresses: 127.0.0.1:47801, [::1]:47801, unix:/path. */
WB_HELPER void wb_format_sockaddr(const struct sockaddr_storage *ss, socklen_t len, char *out, size_t n)
{
    char ip[INET6_ADDRSTRLEN];
    if (ss->ss_family == AF_INET) {
        const struct sockaddr_in *a = (const void *)ss;
        inet_ntop(AF_INET, &a->sin_addr, ip, sizeof ip);
        snprintf(out, n, "%s:%u", ip, ntohs(a->sin_port));
    } else if (ss->ss_family == AF_INET6) {
        const struct sockaddr_in6 *a = (const void *)ss;
        wb_format_ipv6(a->sin6_addr.s6_addr, ip, sizeof ip);
        if (a->sin6_scope_id)
            snprintf(out, n, "[%s%%%u]:%u", ip, a->sin6_scope_id, ntohs(a->sin6_port));
        else
            snprintf(out, n, "[%s]:%u", ip, ntohs(a->sin6_port));
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
        snprintf(out, n, "AF_%d:?", ss->ss_family);
    }
}

WB_HELPER const char *wb_family_name(int f, char *buf, size_t n)
{
    switch (f) {
    case AF_UNSPEC: return "AF_UNSPEC";
    case AF_UNIX: return "AF_UNIX";
    case AF_INET: return "AF_INET";
    case AF_INET6: return "AF_INET6";
    }
    snprintf(buf, n, "AF_%d", f);
    return buf;
}

WB_HELPER int wb_intopt(int fd, int level, int name, int *v)
{
    socklen_t len = sizeof *v;
    *v = 0;
    return getsockopt(fd, level, name, v, &len) == 0;
}

/* The kernel's view of fd (errno kept); remembers its bound port for {name.port}. */
WB_HELPER void wb_snapshot(struct wb_view *v, int fd, struct wb_info *info)
{
    int saved = errno;
    int type, family = 0, listening = 0, x;
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
    if (type == SOCK_STREAM) strcpy(v->type, "SOCK_STREAM");
    else if (type == SOCK_DGRAM) strcpy(v->type, "SOCK_DGRAM");
    else snprintf(v->type, sizeof v->type, "SOCK_%d", type);
    int tcp = family != AF_UNIX && type == SOCK_STREAM;

    struct sockaddr_storage ss;
    socklen_t len = sizeof ss;
    int local_port = 0;
    if (getsockname(fd, (struct sockaddr *)&ss, &len) == 0) {
        v->has_local = 1;
        wb_format_sockaddr(&ss, len, v->local, sizeof v->local);
        if (ss.ss_family == AF_INET) local_port = ntohs(((struct sockaddr_in *)&ss)->sin_port);
        if (ss.ss_family == AF_INET6) local_port = ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
    }
    len = sizeof ss;
    if (getpeername(fd, (struct sockaddr *)&ss, &len) == 0) {
        v->has_peer = 1;
        wb_format_sockaddr(&ss, len, v->peer, sizeof v->peer);
    }

    wb_intopt(fd, SOL_SOCKET, SO_REUSEADDR, &x); v->has_opt[0] = 1; v->opt[0] = x == 1;
    wb_intopt(fd, SOL_SOCKET, SO_KEEPALIVE, &x); v->has_opt[1] = 1; v->opt[1] = x == 1;
    v->has_opt[2] = 1; v->opt[2] = wb_nonblocking(fd);
    if (tcp) {
        wb_intopt(fd, IPPROTO_TCP, TCP_NODELAY, &x); v->has_opt[3] = 1; v->opt[3] = x == 1;
    }
    if (family == AF_INET6) {
        wb_intopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &x); v->has_opt[4] = 1; v->opt[4] = x == 1;
    }
    if (tcp) {
        wb_intopt(fd, IPPROTO_TCP, TCP_FASTOPEN, &x); v->has_opt[5] = 1; v->opt[5] = x;
        wb_intopt(fd, IPPROTO_TCP, TCP_FASTOPEN_CONNECT, &x); v->has_opt[6] = 1; v->opt[6] = x;
        struct tcp_info ti;
        socklen_t tlen = sizeof ti;
        memset(&ti, 0, sizeof ti);
        if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, &ti, &tlen) == 0 && ti.tcpi_state < sizeof wb_tcp_states / sizeof *wb_tcp_states)
            v->state = wb_tcp_states[ti.tcpi_state];
    }
    /* SO_ERROR without consuming it: poll reports POLLERR exactly when one is pending. */
    struct pollfd pfd = { fd, 0, 0 };
    v->so_error_pending = poll(&pfd, 1, 0) >= 0 && (pfd.revents & POLLERR) != 0;

    if (type == SOCK_DGRAM) v->role = "datagram";
    else if (listening) v->role = "listener";
    else if (info->accepted) v->role = "accepted";
    else if (info->connected || v->has_peer) v->role = "client";
    else if (local_port || (family == AF_UNIX && v->has_local && strcmp(v->local, "unix:") != 0)) v->role = "bound";
    else v->role = "new";
    if (info->name != NULL && local_port > 0)
        info->port = local_port;
    errno = saved;
}

WB_HELPER void wb_addr_text(const BIO_ADDR *a, char *out, size_t n)
{
    int family = BIO_ADDR_family(a);
    unsigned char raw[128];
    size_t len = sizeof raw;
    char ip[INET6_ADDRSTRLEN];
    memset(raw, 0, sizeof raw);
    BIO_ADDR_rawaddress(a, raw, &len);
    unsigned port = ntohs(BIO_ADDR_rawport(a));
    if (family == AF_UNIX) {
        snprintf(out, n, "unix:%.*s", (int)strnlen((char *)raw, len), (char *)raw);
    } else if (family == AF_INET) {
        inet_ntop(AF_INET, raw, ip, sizeof ip);
        snprintf(out, n, "%s:%u", ip, port);
    } else if (family == AF_INET6) {
        wb_format_ipv6(raw, ip, sizeof ip);
        snprintf(out, n, "[%s]:%u", ip, port);
    } else {
        snprintf(out, n, "AF_%d:?", family);
    }
}

WB_HELPER void wb_json_string(FILE *o, const char *s, size_t n)
{
    fputc('"', o);
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch == '"' || ch == '\\') fprintf(o, "\\%c", ch);
        else if (ch == '\n') fputs("\\n", o);
        else if (ch == '\r') fputs("\\r", o);
        else if (ch == '\t') fputs("\\t", o);
        else if (ch < 0x20 || ch == 0x7f) fprintf(o, "\\u%04x", ch);
        else fputc(ch, o);
    }
    fputc('"', o);
}

WB_HELPER void wb_json_str(FILE *o, const char *s)
{
    if (s == NULL) fputs("null", o);
    else wb_json_string(o, s, strlen(s));
}

/* Lists the candidates as the record does; returns the index of chosen (or -1 for none). */
WB_HELPER void wb_addresses(struct wb_rec *r, BIO_ADDRINFO *res, const BIO_ADDRINFO *chosen)
{
    FILE *o = open_memstream(&r->addresses, &r->addresses_len);
    char text[200], fam[32];
    int first = 1;
    fputc('[', o);
    for (const BIO_ADDRINFO *ai = res; ai != NULL; ai = BIO_ADDRINFO_next(ai)) {
        wb_addr_text(BIO_ADDRINFO_address(ai), text, sizeof text);
        fprintf(o, "%s{\"family\": ", first ? "" : ", ");
        wb_json_str(o, wb_family_name(BIO_ADDRINFO_family(ai), fam, sizeof fam));
        fputs(", \"address\": ", o);
        wb_json_str(o, text);
        fprintf(o, ", \"used\": %s}", ai == chosen ? "true" : "false");
        first = 0;
    }
    fputc(']', o);
    fclose(o);
}

/* Splits host:service, [v6]:service or unix:/path as the workbench does; 1 for unix. */
WB_HELPER int wb_parse_addr(const char *addr, char *hostbuf, size_t n, const char **host, const char **service)
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

/* BIO_lookup_ex for a socket, then the candidate: the first matching the socket's family, or
   addr_index. NULL (and the step refused) when there is none; *res must be freed. */
WB_HELPER const BIO_ADDR *wb_lookup_for(struct wb_rec *r, int fd, const char *addr, int lookup_type, int addr_index, BIO_ADDRINFO **res)
{
    char hostbuf[512], why[700];
    const char *host, *service;
    int family = 0, type = wb_socktype(fd);
    wb_intopt(fd, SOL_SOCKET, SO_DOMAIN, &family);
    int is_unix = wb_parse_addr(addr, hostbuf, sizeof hostbuf, &host, &service);
    int lookup_family = (is_unix || family == AF_UNIX) ? AF_UNIX : AF_UNSPEC;
    ERR_clear_error();
    if (!BIO_lookup_ex(host, service, lookup_type, lookup_family, type, 0, res)) {
        wb_drain(r);
        r->has_addresses = 1;
        wb_addresses(r, NULL, NULL);
        snprintf(why, sizeof why, "addr: BIO_lookup_ex could not resolve \"%s\"; %s was not called", addr, r->call);
        wb_refuse(r, strdup(why));
        *res = NULL;
        return NULL;
    }
    const BIO_ADDRINFO *chosen = NULL;
    int i = 0;
    for (const BIO_ADDRINFO *ai = *res; ai != NULL; ai = BIO_ADDRINFO_next(ai), i++) {
        if (addr_index >= 0 ? i == addr_index : BIO_ADDRINFO_family(ai) == family) {
            chosen = ai;
            break;
        }
    }
    r->has_addresses = 1;
    wb_addresses(r, *res, chosen);
    if (chosen == NULL) {
        snprintf(why, sizeof why, "addr: no candidate of \"%s\" fits the socket (family or addrIndex); %s was not called", addr, r->call);
        wb_refuse(r, strdup(why));
        BIO_ADDRINFO_free(*res);
        *res = NULL;
        return NULL;
    }
    return BIO_ADDRINFO_address(chosen);
}

WB_HELPER FILE *wb_result_open(struct wb_rec *r)
{
    FILE *o;
    if (r->result == NULL) {
        o = open_memstream(&r->result, &r->result_len);
    } else {
        char *old = r->result;
        o = open_memstream(&r->result, &r->result_len);
        fputs(old, o);
        fputs(", ", o);
        free(old);
    }
    return o;
}

WB_HELPER void wb_result_text(struct wb_rec *r, const char *key, const char *value)
{
    FILE *o = wb_result_open(r);
    wb_json_str(o, key);
    fputs(": ", o);
    wb_json_str(o, value);
    fclose(o);
}

WB_HELPER void wb_result_number(struct wb_rec *r, const char *key, long value)
{
    FILE *o = wb_result_open(r);
    wb_json_str(o, key);
    fprintf(o, ": %ld", value);
    fclose(o);
}

WB_HELPER void wb_result_peer(struct wb_rec *r, const BIO_ADDR *peer)
{
    char text[200];
    wb_addr_text(peer, text, sizeof text);
    wb_result_text(r, "peer", text);
}

WB_HELPER void wb_result_errno(struct wb_rec *r, const char *key, int code)
{
    FILE *o = wb_result_open(r);
    const char *name = strerrorname_np(code);
    wb_json_str(o, key);
    fprintf(o, ": {\"code\": %d, \"name\": ", code);
    if (name != NULL) wb_json_str(o, name);
    else fprintf(o, "\"E%d\"", code);
    fputs(", \"message\": ", o);
    wb_json_str(o, strerror(code));
    fputc('}', o);
    fclose(o);
}

WB_HELPER void wb_result_revents(struct wb_rec *r, short revents)
{
    static const struct { short bit; const char *name; } names[] = {
        { POLLIN, "POLLIN" }, { POLLOUT, "POLLOUT" }, { POLLERR, "POLLERR" }, { POLLHUP, "POLLHUP" }, { POLLNVAL, "POLLNVAL" }
    };
    char text[64] = "";
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        if (revents & names[i].bit) {
            if (text[0]) strcat(text, " | ");
            strcat(text, names[i].name);
        }
    }
    wb_result_number(r, "revents", revents);
    wb_result_text(r, "reventsText", text[0] ? text : "0");
}

WB_HELPER void wb_set_data(struct wb_rec *r, const unsigned char *bytes, size_t n)
{
    r->has_data = 1;
    r->data = malloc(n + 1);
    memcpy(r->data, bytes, n);
    r->data_len = n;
}

/* Background connects run in threads, as the engine's pool runs them; the main thread goes on. */

struct wb_thread_start { int index; void *(*fn)(void *); };

static void *wb_thread_trampoline(void *arg)
{
    struct wb_thread_start start = *(struct wb_thread_start *)arg;
    free(arg);
    start.fn(NULL);
    __atomic_store_n(&wb_thread_done[start.index], 1, __ATOMIC_SEQ_CST);
    return NULL;
}

WB_HELPER void wb_start_thread(int index, void *(*fn)(void *), int fd)
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

WB_HELPER void wb_join_thread(int index)
{
    if (wb_thread_state[index] != 1) return;
    pthread_join(wb_threads[index], NULL);
    wb_thread_state[index] = 2;
}

/* Cancel: a connect still blocked is woken by shutdown(fd, SHUT_RDWR); the socket is spent. */
WB_HELPER void wb_cancel_thread(int index, int fd)
{
    if (wb_thread_state[index] != 1) return;
    int woke = 0;
    if (!__atomic_load_n(&wb_thread_done[index], __ATOMIC_SEQ_CST)) {
        shutdown(fd, SHUT_RDWR);
        woke = 1;
    }
    wb_join_thread(index);
    if (woke) wb_recs[index].cancelled = "cancelled by request: shutdown(fd, SHUT_RDWR) woke the blocked BIO_connect; the socket is spent";
}

/* An await or cancel step: its record is the awaited step's, with its own index and call. */
WB_HELPER void wb_follow(int index, const char *call, const char *c, int target)
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

/* ---- expectations, as the workbench checks them ---- */

WB_HELPER void wb_miss(struct wb_rec *r, const char *field, const char *expected_json, const char *actual_json)
{
    FILE *o;
    char *old = r->mismatches;
    o = open_memstream(&r->mismatches, &r->mismatches_len);
    if (old != NULL) {
        fputs(old, o);
        fputs(", ", o);
        free(old);
    }
    fputs("{\"field\": ", o);
    wb_json_str(o, field);
    fprintf(o, ", \"expected\": %s, \"actual\": %s}", expected_json, actual_json);
    fclose(o);
}

WB_HELPER char *wb_quoted(const char *s)
{
    char *buf = NULL;
    size_t n = 0;
    FILE *o = open_memstream(&buf, &n);
    wb_json_str(o, s);
    fclose(o);
    return buf;
}

WB_HELPER char *wb_ret_json(const struct wb_rec *r)
{
    char *buf = NULL;
    if (r->has_ret) {
        if (asprintf(&buf, "%ld", r->ret) < 0) buf = NULL;
    } else {
        buf = strdup("null");
    }
    return buf;
}

WB_HELPER void wb_expect_ret(struct wb_rec *r, int kind, long value)
{
    int ok = kind == WB_RET_FD ? (r->has_ret && r->ret >= 0) : kind == WB_RET_NULL ? !r->has_ret : (r->has_ret && r->ret == value);
    if (ok) return;
    char expected[32];
    if (kind == WB_RET_FD) strcpy(expected, "\"fd\"");
    else if (kind == WB_RET_NULL) strcpy(expected, "null");
    else snprintf(expected, sizeof expected, "%ld", value);
    wb_miss(r, "ret", expected, wb_ret_json(r));
}

WB_HELPER void wb_expect_errno(struct wb_rec *r, const char *name)
{
    char unknown[16];
    snprintf(unknown, sizeof unknown, "E%d", r->err);
    const char *actual = !r->has_err ? NULL : strerrorname_np(r->err) ? strerrorname_np(r->err) : unknown;
    if ((name == NULL && actual == NULL) || (name != NULL && actual != NULL && strcmp(name, actual) == 0)) return;
    wb_miss(r, "errno", name ? wb_quoted(name) : "null", actual ? wb_quoted(actual) : "null");
}

WB_HELPER int wb_entry_matches(const struct wb_entry *e, const char *pattern)
{
    char hex[9];
    snprintf(hex, sizeof hex, "%08lX", e->code);
    const char *fields[] = { hex, e->text, e->reason, e->function, e->data };
    for (size_t i = 0; i < sizeof fields / sizeof *fields; i++)
        if (fields[i] != NULL && strstr(fields[i], pattern) != NULL) return 1;
    return 0;
}

WB_HELPER char *wb_queue_texts(const struct wb_rec *r)
{
    char *buf = NULL;
    size_t n = 0;
    FILE *o = open_memstream(&buf, &n);
    fputc('[', o);
    for (int i = 0; i < r->nq; i++) {
        if (i) fputs(", ", o);
        wb_json_str(o, r->q[i].text);
    }
    fputc(']', o);
    fclose(o);
    return buf;
}

WB_HELPER void wb_expect_queue(struct wb_rec *r, const char *const *patterns, int n)
{
    int at = 0;
    for (int p = 0; p < n; p++) {
        while (at < r->nq && !wb_entry_matches(&r->q[at], patterns[p])) at++;
        if (at >= r->nq) {
            char *buf = NULL;
            size_t len = 0;
            FILE *o = open_memstream(&buf, &len);
            fputc('[', o);
            for (int i = 0; i < n; i++) {
                if (i) fputs(", ", o);
                wb_json_str(o, patterns[i]);
            }
            fputc(']', o);
            fclose(o);
            wb_miss(r, "errorQueue", buf, wb_queue_texts(r));
            return;
        }
        at++;
    }
}

WB_HELPER void wb_expect_queue_empty(struct wb_rec *r, int want)
{
    if ((r->nq == 0) != want) wb_miss(r, "errorQueueEmpty", want ? "true" : "false", wb_queue_texts(r));
}

WB_HELPER void wb_expect_applied(struct wb_rec *r, const char *name, int is_bool, int value)
{
    char field[64], expected[32], actual[32];
    snprintf(field, sizeof field, "applied.%s", name);
    snprintf(expected, sizeof expected, is_bool ? (value ? "true" : "false") : "%d", value);
    strcpy(actual, "null");
    for (int i = 0; i < WB_OPTIONS; i++) {
        if (strcmp(wb_option_names[i], name) != 0 || !r->socket.present || !r->socket.has_opt[i]) continue;
        int v = r->socket.opt[i];
        if (wb_option_is_number[i]) snprintf(actual, sizeof actual, "%d", v);
        else strcpy(actual, v ? "true" : "false");
        if (wb_option_is_number[i] == !is_bool && v == value) return;
    }
    wb_miss(r, field, strdup(expected), strdup(actual));
}

WB_HELPER void wb_expect_state(struct wb_rec *r, const char *state)
{
    const char *actual = r->socket.present ? r->socket.state : NULL;
    if (actual != NULL && strcmp(actual, state) == 0) return;
    wb_miss(r, "state", wb_quoted(state), actual ? wb_quoted(actual) : "null");
}

WB_HELPER void wb_expect_data(struct wb_rec *r, const char *text, size_t n)
{
    if (r->has_data && r->data_len == n && memcmp(r->data, text, n) == 0) return;
    char *actual = NULL;
    size_t len = 0;
    FILE *o = open_memstream(&actual, &len);
    if (r->has_data) wb_json_string(o, (const char *)r->data, r->data_len);
    else fputs("null", o);
    fclose(o);
    wb_miss(r, "data", wb_quoted(text), actual);
}

WB_HELPER void wb_expect_flag(struct wb_rec *r, const char *field, int actual, int want)
{
    if (actual != want) wb_miss(r, field, want ? "true" : "false", actual ? "true" : "false");
}

/* ---- the --json output ---- */

WB_HELPER void wb_print_view(FILE *o, const struct wb_view *v)
{
    fprintf(o, "{\"fd\": %d, \"name\": ", v->fd);
    wb_json_str(o, v->name);
    fputs(", \"role\": ", o);
    wb_json_str(o, v->role);
    fputs(", \"family\": ", o);
    wb_json_str(o, v->family);
    fputs(", \"type\": ", o);
    wb_json_str(o, v->type);
    fputs(", \"local\": ", o);
    wb_json_str(o, v->has_local ? v->local : NULL);
    fputs(", \"peer\": ", o);
    wb_json_str(o, v->has_peer ? v->peer : NULL);
    fputs(", \"state\": ", o);
    wb_json_str(o, v->state);
    if (v->so_error_pending) fputs(", \"soError\": \"pending\"", o);
    else fprintf(o, ", \"soError\": %d", v->so_error);
    fputs(", \"applied\": {", o);
    int first = 1;
    for (int i = 0; i < WB_OPTIONS; i++) {
        if (!v->has_opt[i]) continue;
        fprintf(o, "%s\"%s\": ", first ? "" : ", ", wb_option_names[i]);
        if (wb_option_is_number[i]) fprintf(o, "%d", v->opt[i]);
        else fputs(v->opt[i] ? "true" : "false", o);
        first = 0;
    }
    fputc('}', o);
}

WB_HELPER void wb_print_rec(FILE *o, const struct wb_rec *r)
{
    fprintf(o, "    {\"index\": %d, \"call\": ", r->index);
    wb_json_str(o, r->call);
    fputs(", \"c\": ", o);
    wb_json_str(o, r->c);
    fputs(", \"ret\": ", o);
    if (r->has_ret) fprintf(o, "%ld", r->ret);
    else fputs("null", o);
    fputs(", \"errno\": ", o);
    if (r->has_err) {
        const char *name = strerrorname_np(r->err);
        fprintf(o, "{\"code\": %d, \"name\": ", r->err);
        if (name != NULL) wb_json_str(o, name);
        else fprintf(o, "\"E%d\"", r->err);
        fputs(", \"message\": ", o);
        wb_json_str(o, strerror(r->err));
        fputc('}', o);
    } else {
        fputs("null", o);
    }
    fputs(",\n      \"errorQueue\": [", o);
    for (int i = 0; i < r->nq; i++) {
        const struct wb_entry *e = &r->q[i];
        fprintf(o, "%s{\"code\": %lu, \"hex\": \"%08lX\", \"library\": ", i ? ", " : "", e->code, e->code);
        wb_json_str(o, e->library);
        fputs(", \"reason\": ", o);
        wb_json_str(o, e->reason);
        fputs(", \"file\": ", o);
        wb_json_str(o, e->file);
        fprintf(o, ", \"line\": %d, \"function\": ", e->line);
        wb_json_str(o, e->function);
        fputs(", \"data\": ", o);
        wb_json_str(o, e->data);
        fputs(", \"text\": ", o);
        wb_json_str(o, e->text);
        fputc('}', o);
    }
    fputs("],\n      \"socket\": ", o);
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
        fputs("{\"text\": ", o);
        wb_json_string(o, (const char *)r->data, r->data_len);
        fputs(", \"hex\": \"", o);
        for (size_t i = 0; i < r->data_len; i++) fprintf(o, "%02x", r->data[i]);
        fputs("\"}", o);
    } else {
        fputs("null", o);
    }
    if (r->result) fprintf(o, ", \"result\": {%s}", r->result);
    if (r->deprecated) fputs(", \"deprecated\": true", o);
    if (r->has_expect) fprintf(o, ", \"expect\": {\"ok\": %s, \"mismatches\": [%s]}", r->mismatches ? "false" : "true", r->mismatches ? r->mismatches : "");
    else fputs(", \"expect\": null", o);
    fputc('}', o);
}

/* Prints {"ok", "title", "libcrypto", "steps"}; returns whether every expectation held. */
WB_HELPER int wb_print(const char *title)
{
    int ok = 1;
    for (int i = 0; i < wb_nrecs; i++)
        if (wb_recs[i].has_expect && wb_recs[i].mismatches) ok = 0;
    char path[512] = "";
    FILE *maps = fopen("/proc/self/maps", "r");
    char line[1024];
    while (maps && fgets(line, sizeof line, maps)) {
        char *slash = strchr(line, '/');
        if (slash && strstr(slash, "libcrypto")) {
            slash[strcspn(slash, "\n")] = '\0';
            snprintf(path, sizeof path, "%s", slash);
            break;
        }
    }
    if (maps) fclose(maps);
    unsigned long version = OpenSSL_version_num();
    printf("{\"ok\": %s, \"title\": ", ok ? "true" : "false");
    wb_json_str(stdout, title);
    printf(",\n  \"libcrypto\": {\"path\": ");
    wb_json_str(stdout, path);
    printf(", \"resolvedPath\": ");
    wb_json_str(stdout, path);
    printf(", \"version\": ");
    wb_json_str(stdout, OpenSSL_version(OPENSSL_VERSION));
    printf(", \"versionNumber\": %lu, \"supports\": {\"TFO\": %s}},\n  \"steps\": [\n", version, version >= 0x30200000UL ? "true" : "false");
    for (int i = 0; i < wb_nrecs; i++) {
        wb_print_rec(stdout, &wb_recs[i]);
        fputs(i + 1 < wb_nrecs ? ",\n" : "\n", stdout);
    }
    printf("  ]\n}\n");
    return ok;
}
`;
