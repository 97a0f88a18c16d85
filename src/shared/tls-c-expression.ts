// The C of the connect/accept BIO and TLS steps, as a person writes it: the BIO macros by their
// names (the record shows the BIO_ctrl each stands for beside it), a context's set-up as its calls.
import { optionsExpression, composeOptions } from './flags';
import type { BioTlsStep } from './tls-step-kind';

function cString(s: string): string {
  return JSON.stringify(s);
}

function optionsC(options: number | readonly string[] | undefined): string {
  try {
    return optionsExpression(composeOptions(options));
  } catch {
    return Array.isArray(options) ? options.join(' | ') : String(options);
  }
}

function contextC(step: Extract<BioTlsStep, { call: 'SSL_CTX_new' }>): string {
  const n = step.as;
  const parts = [`${n} = SSL_CTX_new(${step.method}())`];
  if (step.verify) parts.push(`SSL_CTX_set_verify(${n}, ${step.verify}, NULL)`);
  if (step.caFile) parts.push(`SSL_CTX_load_verify_locations(${n}, ${cString(step.caFile)}, NULL)`);
  if (step.certFile) parts.push(`SSL_CTX_use_certificate_chain_file(${n}, ${cString(step.certFile)})`);
  if (step.keyFile) parts.push(`SSL_CTX_use_PrivateKey_file(${n}, ${cString(step.keyFile)}, SSL_FILETYPE_PEM)`);
  if (step.minVersion) parts.push(`SSL_CTX_set_min_proto_version(${n}, ${step.minVersion})`);
  if (step.maxVersion) parts.push(`SSL_CTX_set_max_proto_version(${n}, ${step.maxVersion})`);
  if (step.alpn) parts.push(`SSL_CTX_set_alpn_protos(${n}, alpn, ${alpnWire(step.alpn).length})`);
  return parts.join('; ');
}

/** ALPN's wire form: each name preceded by its length. */
export function alpnWire(names: readonly string[]): Uint8Array {
  const bytes: number[] = [];
  for (const name of names) {
    const b = new TextEncoder().encode(name);
    bytes.push(b.length, ...b);
  }
  return Uint8Array.from(bytes);
}

function sslNewC(step: Extract<BioTlsStep, { call: 'SSL_new' }>): string {
  const n = step.as;
  const parts = [`${n} = SSL_new(${step.ctx})`];
  parts.push(step.bio !== undefined ? `SSL_set_bio(${n}, ${step.bio}, ${step.bio})` : `SSL_set_fd(${n}, ${String(step.sock)})`);
  if (step.host) parts.push(`SSL_set_tlsext_host_name(${n}, ${cString(step.host)})`, `SSL_set1_host(${n}, ${cString(step.host)})`);
  return parts.join('; ');
}

export function bioTlsExpression(step: BioTlsStep): string {
  switch (step.call) {
    case 'BIO_new_connect':
    case 'BIO_new_accept':
      return `${step.as} = ${step.call}(${cString(step.addr)})`;
    case 'BIO_set_conn_hostname':
    case 'BIO_set_accept_name':
      return `${step.call}(${step.bio}, ${cString(step.name)})`;
    case 'BIO_set_conn_port':
    case 'BIO_set_accept_port':
      return `${step.call}(${step.bio}, ${cString(step.port)})`;
    case 'BIO_set_conn_address':
      return `BIO_set_conn_address(${step.bio}, addr)`;
    case 'BIO_set_conn_ip_family':
    case 'BIO_set_accept_ip_family':
      return `${step.call}(${step.bio}, ${step.family})`;
    case 'BIO_set_conn_mode':
      return `BIO_set_conn_mode(${step.bio}, ${optionsC(step.options)})`;
    case 'BIO_set_nbio':
    case 'BIO_set_nbio_accept':
      return `${step.call}(${step.bio}, ${step.on ? 1 : 0})`;
    case 'BIO_set_bind_mode':
      return `BIO_set_bind_mode(${step.bio}, ${step.mode})`;
    case 'BIO_do_connect':
    case 'BIO_do_accept':
    case 'BIO_free':
      return `${step.call}(${step.bio})`;
    case 'BIO_get_fd':
      return `BIO_get_fd(${step.bio}, &fd)`;
    case 'BIO_do_connect_retry':
      return `BIO_do_connect_retry(${step.bio}, ${step.timeout}, ${step.napMs ?? 0})`;
    case 'BIO_pop':
      return `${step.as} = BIO_pop(${step.bio})`;
    case 'SSL_CTX_new':
      return contextC(step);
    case 'SSL_CTX_free':
      return `SSL_CTX_free(${step.ctx})`;
    case 'SSL_new':
      return sslNewC(step);
    case 'SSL_connect':
    case 'SSL_accept':
    case 'SSL_shutdown':
    case 'SSL_free':
      return `${step.call}(${step.ssl})`;
    case 'SSL_read':
      return `SSL_read(${step.ssl}, buf, ${step.max})`;
    case 'SSL_write':
      return `SSL_write(${step.ssl}, data, ${new TextEncoder().encode(step.data).length})`;
  }
}
