// What a scenario's TLS steps ask of one end of a connection (its context's SSL_CTX_new fields and
// SSL_new's host), as the openssl s_client / s_server line must ask it.
import type { StepOf } from '../steps';
import { DEMO_FILE } from '../tls-facts';

export interface TlsSide {
  role: 'client' | 'server';
  /** The context's name and the steps that configure this end (SSL_CTX_new, SSL_new). */
  ctx: string;
  steps: number[];
  verify: 'SSL_VERIFY_NONE' | 'SSL_VERIFY_PEER' | null;
  /** Files as the scenario names them ("demo": the shipped pair), each `$` written `$$`. */
  caFile: string | null;
  certFile: string | null;
  keyFile: string | null;
  minVersion: string | null;
  maxVersion: string | null;
  /** SSL_new's host: sent as SNI and checked against the certificate. */
  host: string | null;
  /** The context's ALPN protocol names, each `$` written `$$` as the files are. */
  alpn: string[] | null;
}

/** Scenario text as an endpoint holds it: each `$` doubled, so `$NAME` is only ever the export's own variable. */
export function literal(text: string): string {
  return text.replace(/\$/g, '$$$$');
}

/** One end's TLS, from its context's step and the SSL_new step that uses it. */
export function tlsSide(ctx: StepOf<'SSL_CTX_new'>, ctxStep: number, ssl: StepOf<'SSL_new'>, sslStep: number): TlsSide {
  const file = (f: string | undefined) => (f === undefined ? null : literal(f));
  return {
    role: ctx.method === 'TLS_server_method' ? 'server' : 'client',
    ctx: ctx.as,
    steps: [ctxStep, sslStep],
    verify: ctx.verify ?? null,
    caFile: file(ctx.caFile),
    certFile: file(ctx.certFile),
    keyFile: file(ctx.keyFile),
    minVersion: ctx.minVersion ?? null,
    maxVersion: ctx.maxVersion ?? null,
    host: ssl.host === undefined ? null : literal(ssl.host),
    alpn: ctx.alpn?.map(literal) ?? null,
  };
}

/** The shell variable for the folder of the demonstration pair, and what it must hold. */
export const TLS_DIR_VARIABLE = 'TLS_DIR';
export const TLS_DIR_WHAT = "the workbench's resources/tls folder, which holds the demonstration certificate and key (\"demo\" in the scenario; never use that key elsewhere)";

/** Does the end name the demonstration pair anywhere? */
export const usesDemo = (t: TlsSide): boolean => [t.caFile, t.certFile, t.keyFile].includes(DEMO_FILE);
