// The TLS calls in C, against libssl (build with -lssl -lcrypto). A context name has `ctx_x`, an
// SSL object's name `ssl_x`. SSL_get_error and SSL_get_verify_result are read right after each
// call, before the error queue is drained, into per-step arrays the expectations read.
import type { Scenario } from '../../../shared/steps';
import { SSL_ERROR_NAMES, TLS_CALLS } from '../../../shared/tls-facts';
import { alpnWire } from '../../../shared/tls-c-expression';
import type { BioTlsStep } from '../../../shared/tls-step-kind';
import { pemPath } from '../../demo-tls';
import { cString } from '../../../shared/escape/c';
import { callLines, type StepWriter } from './step-writer';
import type { Plan } from './plan';

type TlsStep = Extract<BioTlsStep, { call: `SSL_${string}` }>;

export function isTlsStep(step: BioTlsStep): step is TlsStep {
  return step.call.startsWith('SSL_');
}

/** The program's TLS variables, after the socket ones: empty when the scenario has no TLS step. */
export function tlsDeclarations(scenario: Scenario, p: Plan): string[] {
  if (!scenario.steps.some((s) => (TLS_CALLS as readonly string[]).includes(s.call))) return [];
  const out = ['/* TLS: build with cc prog.c -lssl -lcrypto */', '#include <openssl/ssl.h>', '#include <openssl/x509v3.h>'];
  out.push('static int wb_ssl_error[WB_STEPS] __attribute__((unused));', 'static long wb_verify[WB_STEPS] __attribute__((unused));');
  for (const s of scenario.steps) {
    if (s.call === 'SSL_CTX_new') out.push(`static SSL_CTX *ctx_${p.vars.get(s.as)!} __attribute__((unused));`);
    if (s.call === 'SSL_new') out.push(`static SSL *ssl_${p.vars.get(s.as)!} __attribute__((unused));`);
  }
  return [...new Set(out)];
}

/** SSL_get_error and the verify result, per step, for expectations: `sslError` by its number. */
export function tlsExpectLines(index: number, e: { sslError?: string; verifyResult?: number }): string[] {
  const out: string[] = [];
  if (e.sslError !== undefined) {
    const code = Object.entries(SSL_ERROR_NAMES).find(([, n]) => n === e.sslError)?.[0] ?? '-1';
    out.push(`    wb_expect_flag(&R[${index}], ${cString(`sslError ${e.sslError}`)}, wb_ssl_error[${index}] == ${code}, 1);`);
  }
  if (e.verifyResult !== undefined) out.push(`    wb_expect_flag(&R[${index}], ${cString(`verifyResult ${e.verifyResult}`)}, wb_verify[${index}] == ${e.verifyResult}L, 1);`);
  return out;
}

function varOf(w: StepWriter, name: string): string {
  return w.p.vars.get(name)!;
}

/** The step refused while `ptr` is NULL, with why (a literal, or a name's wb_info .gone). */
function refuseIfNull(w: StepWriter, ptr: string, why: string, literal = true): void {
  w.line(`if (${ptr} == NULL)`);
  w.line(`    return wb_refuse(r, ${literal ? cString(why) : why});`);
}

/** The object variable of a context or SSL name, refused (by its wb_info) while NULL. */
function resolveObject(w: StepWriter, prefix: 'ctx' | 'ssl', name: string): string {
  const v = varOf(w, name);
  refuseIfNull(w, `${prefix}_${v}`, `wb_info_${v}.gone`, false);
  return `${prefix}_${v}`;
}

/** One configuring call: on failure the record is that call's, and the context is freed. */
function setupLine(w: StepWriter, ctx: string, call: string, ok: string, gone: string): void {
  w.line('ERR_clear_error();');
  w.line('errno = 0;');
  w.line(`wb_ret = ${call};`);
  w.line(`if (!(${ok})) {`);
  w.line('    wb_record_call(r, wb_ret, errno != 0);');
  w.line(`    SSL_CTX_free(${ctx});`);
  w.line(`    ${ctx} = NULL;`);
  w.line(`    wb_info_${gone}.gone = ${cString(`${call.replace(/\(.*$/, '')} failed, so there is no object named "${gone}"`)};`);
  w.line('    return 1;');
  w.line('}');
}

function ctxNewLines(w: StepWriter, step: Extract<TlsStep, { call: 'SSL_CTX_new' }>): void {
  const v = varOf(w, step.as);
  const ctx = `ctx_${v}`;
  callLines(w, `wb_ret = (${ctx} = SSL_CTX_new(${step.method}())) != NULL`, 'wb_ret == 0');
  w.line(`if (${ctx} == NULL) {`);
  w.line(`    wb_info_${v}.gone = ${cString(`SSL_CTX_new for "${step.as}" returned NULL`)};`);
  w.line('    return 1;');
  w.line('}');
  if (step.verify) w.line(`SSL_CTX_set_verify(${ctx}, ${step.verify}, NULL);`);
  if (step.caFile) setupLine(w, ctx, `SSL_CTX_load_verify_locations(${ctx}, ${cString(pemPath(step.caFile, 'demo-cert.pem'))}, NULL)`, 'wb_ret == 1', v);
  if (step.certFile && step.keyFile) {
    setupLine(w, ctx, `SSL_CTX_use_certificate_chain_file(${ctx}, ${cString(pemPath(step.certFile, 'demo-cert.pem'))})`, 'wb_ret == 1', v);
    setupLine(w, ctx, `SSL_CTX_use_PrivateKey_file(${ctx}, ${cString(pemPath(step.keyFile, 'demo-key.pem'))}, SSL_FILETYPE_PEM)`, 'wb_ret == 1', v);
  }
  if (step.minVersion) setupLine(w, ctx, `SSL_CTX_set_min_proto_version(${ctx}, ${step.minVersion})`, 'wb_ret == 1', v);
  if (step.maxVersion) setupLine(w, ctx, `SSL_CTX_set_max_proto_version(${ctx}, ${step.maxVersion})`, 'wb_ret == 1', v);
  if (step.alpn) {
    const wire = alpnWire(step.alpn);
    w.line(`static const unsigned char wb_alpn[${wire.length + 1}] = ${cString(wire)};`);
    setupLine(w, ctx, `SSL_CTX_set_alpn_protos(${ctx}, wb_alpn, ${wire.length})`, 'wb_ret == 0', v);
  }
}

function sslNewLines(w: StepWriter, step: Extract<TlsStep, { call: 'SSL_new' }>): void {
  const ctx = resolveObject(w, 'ctx', step.ctx);
  const ssl = `ssl_${varOf(w, step.as)}`;
  const sock = typeof step.sock === 'string' ? varOf(w, step.sock) : null;
  if (sock !== null) {
    w.line(`if (${sock} < 0)`);
    w.line(`    return wb_refuse(r, wb_info_${sock}.gone);`);
  }
  const bio = step.bio !== undefined ? `bio_${varOf(w, step.bio)}` : null;
  if (bio !== null) refuseIfNull(w, bio, `no BIO is named "${step.bio}"`);
  callLines(w, `wb_ret = (${ssl} = SSL_new(${ctx})) != NULL`, 'wb_ret == 0');
  w.line(`if (${ssl} == NULL) {`);
  w.line(`    wb_info_${varOf(w, step.as)}.gone = ${cString(`SSL_new for "${step.as}" returned NULL`)};`);
  w.line('    return 1;');
  w.line('}');
  if (sock !== null) w.line(`SSL_set_fd(${ssl}, ${sock});`);
  else w.line(`SSL_set_bio(${ssl}, ${bio}, ${bio});`);
  if (step.host) {
    w.line(`SSL_set_tlsext_host_name(${ssl}, ${cString(step.host)});`);
    w.line(`SSL_set1_host(${ssl}, ${cString(step.host)});`);
  }
  if (sock !== null) w.line(`wb_snapshot(&r->socket, ${sock}, &wb_info_${sock});`);
}

/** The socket under the SSL object, as the kernel sees it after the call. */
function underLines(w: StepWriter, ssl: string): void {
  const under = w.p.sslUnder.get(ssl) ?? {};
  if (under.sock !== undefined) {
    const v = varOf(w, under.sock);
    w.line(`wb_snapshot(&r->socket, ${v}, &wb_info_${v});`);
  } else if (under.bio !== undefined) {
    const v = varOf(w, under.bio);
    w.line(`${v} = (int)BIO_get_fd(bio_${v}, NULL);`);
    w.line(`if (${v} >= 0)`);
    w.line(`    wb_snapshot(&r->socket, ${v}, &wb_info_${v});`);
  }
}

type MovingStep = Extract<TlsStep, { call: 'SSL_connect' | 'SSL_accept' | 'SSL_read' | 'SSL_write' | 'SSL_shutdown' }>;

function movingLines(w: StepWriter, step: MovingStep): void {
  const ssl = resolveObject(w, 'ssl', step.ssl);
  let call = `${step.call}(${ssl})`;
  if (step.call === 'SSL_read') {
    w.line(`unsigned char *buf = malloc(${step.max});`);
    call = `SSL_read(${ssl}, buf, ${step.max})`;
  } else if (step.call === 'SSL_write') {
    const bytes = new TextEncoder().encode(step.data);
    w.line(`static const unsigned char data[${bytes.length + 1}] = ${cString(bytes)};`);
    w.line(`wb_set_data(r, data, ${bytes.length});`);
    call = `SSL_write(${ssl}, data, ${bytes.length})`;
  }
  const failed = step.call === 'SSL_shutdown' ? 'wb_ret < 0' : 'wb_ret <= 0';
  w.line('ERR_clear_error();');
  w.line('errno = 0;');
  w.line('wb_clock_start();');
  w.line(`wb_ret = ${call};`);
  // errno is read before SSL_get_error (which reads the queue, and leaves errno alone).
  w.line(`int wb_failed = ${failed} && errno != 0;`);
  w.line(`wb_ssl_error[${w.index}] = SSL_get_error(${ssl}, (int)wb_ret);`);
  w.line(`wb_record_call(r, wb_ret, wb_failed);`);
  w.line(`wb_verify[${w.index}] = SSL_get_verify_result(${ssl});`);
  if (step.call === 'SSL_read') {
    w.line('wb_set_data(r, buf, wb_ret > 0 ? (size_t)wb_ret : 0);');
    w.line('free(buf);');
  }
  underLines(w, step.ssl);
}

export function tlsStepLines(w: StepWriter, step: TlsStep): void {
  switch (step.call) {
    case 'SSL_CTX_new':
      return ctxNewLines(w, step);
    case 'SSL_new':
      return sslNewLines(w, step);
    case 'SSL_free': {
      const ssl = resolveObject(w, 'ssl', step.ssl);
      const under = w.p.sslUnder.get(step.ssl) ?? {};
      callLines(w, `SSL_free(${ssl}); wb_ret = 0`, '0');
      w.line('r->has_ret = 0; /* SSL_free returns nothing */');
      w.line(`${ssl} = NULL;`);
      w.line(`wb_info_${varOf(w, step.ssl)}.gone = ${cString(`TLS connection "${step.ssl}" was freed (SSL_free)`)};`);
      if (under.bio !== undefined) {
        const b = varOf(w, under.bio);
        w.line(`bio_${b} = NULL; /* freed with the SSL object, closing its socket */`);
        w.line(`${b} = -1;`);
      }
      return;
    }
    case 'SSL_CTX_free': {
      const ctx = resolveObject(w, 'ctx', step.ctx);
      callLines(w, `SSL_CTX_free(${ctx}); wb_ret = 0`, '0');
      w.line('r->has_ret = 0; /* SSL_CTX_free returns nothing */');
      w.line(`${ctx} = NULL;`);
      w.line(`wb_info_${varOf(w, step.ctx)}.gone = ${cString(`TLS context "${step.ctx}" was freed (SSL_CTX_free)`)};`);
      return;
    }
    default:
      return movingLines(w, step);
  }
}
