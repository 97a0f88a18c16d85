// The socket setup calls: BIO_socket, BIO_bind, BIO_listen, BIO_connect, BIO_accept_ex,
// BIO_closesocket, BIO_sock_error, and the plain libc listen(2) and shutdown(2) beside them.
import type { StepOf } from '../../../shared/steps';
import { composeOptions, flagByName } from '../../../shared/flags';
import { cString } from '../../../shared/escape/c';
import { addressLines, callLines, creatingCallLines, readinessLines, resolveSock, snapshotLine, type StepWriter } from './step-writer';

export function socketLines(w: StepWriter, code: string): void {
  const t = w.target();
  creatingCallLines(w, code, t);
  w.line(`wb_created(r, ${t.v}, &${t.info}, 0);`);
}

/** Lookup, the candidate the engine would pick, then the call with its BIO_ADDR. */
export function addressCallLines(w: StepWriter, step: StepOf<'BIO_bind'> | StepOf<'BIO_listen'> | StepOf<'BIO_connect'>, code: string): void {
  const s = resolveSock(w);
  addressLines(w, step.addr);
  w.line('BIO_ADDRINFO *res = NULL;');
  w.line(`const BIO_ADDR *addr = wb_lookup_for(r, ${s.v}, wb_addr_text, ${step.call === 'BIO_connect' ? 'BIO_LOOKUP_CLIENT' : 'BIO_LOOKUP_SERVER'}, ${step.addrIndex ?? -1}, &res);`);
  w.line('if (addr == NULL)');
  w.line('    return 1;');
  if (step.call === 'BIO_connect') {
    w.line(`${s.info}.connected = 1;`);
    if (step.timeoutMs !== undefined) w.line(`wb_send_timeout(${s.v}, ${step.timeoutMs}); /* timeoutMs: SO_SNDTIMEO bounds a blocking connect */`);
  }
  callLines(w, `wb_ret = ${code}`, 'wb_ret == 0');
  // BIO_connect sets blocking mode from its own options, so they say whether it could time out.
  const blocking = (composeOptions(step.options) & flagByName('BIO_SOCK_NONBLOCK')!.bit) === 0;
  if (step.call === 'BIO_connect' && step.timeoutMs !== undefined && blocking) {
    w.line(`if (wb_ret == 0 && r->err == EINPROGRESS && wb_socktype(${s.v}) == SOCK_STREAM)`);
    w.line(`    r->cancelled = ${cString(`timed out after ${step.timeoutMs} ms (SO_SNDTIMEO); the connect goes on in the kernel`)};`);
  }
  w.line('BIO_ADDRINFO_free(res);');
  snapshotLine(w, s);
}

/**
 * An accept (BIO_accept_ex, or the deprecated BIO_accept): waits for a connection on a blocking
 * listener, then the call; `peer` declares what the call fills, `result` records it.
 */
export function acceptLines(w: StepWriter, step: StepOf<'BIO_accept_ex'> | StepOf<'BIO_accept'>, code: string, peer: { declare: string; result: string[] }): void {
  const s = resolveSock(w);
  const t = w.target();
  readinessLines(w, s, 'POLLIN', step.timeoutMs, 'incoming connection');
  w.line(peer.declare);
  creatingCallLines(w, code, t);
  for (const line of peer.result) w.line(line);
  w.line(`wb_created(r, ${t.v}, &${t.info}, 1);`);
  w.line(`wb_snapshot(wb_ret >= 0 ? &r->listener : &r->socket, ${s.v}, &${s.info});`);
}

export function acceptExLines(w: StepWriter, step: StepOf<'BIO_accept_ex'>, code: string): void {
  acceptLines(w, step, code, { declare: 'BIO_ADDR *peer = BIO_ADDR_new();', result: ['if (wb_ret >= 0)', '    wb_result_peer(r, peer);', 'BIO_ADDR_free(peer);'] });
}

export function closeLines(w: StepWriter, code: string): void {
  const s = resolveSock(w);
  w.line(`if (bio_${s.v} != NULL) {`);
  w.line(`    BIO_free(bio_${s.v});`);
  w.line(`    bio_${s.v} = NULL;`);
  w.line('}');
  snapshotLine(w, s, 'the record shows the socket as it was, marked closed');
  callLines(w, `wb_ret = ${code}`, 'wb_ret == 0');
  w.line(`wb_closed(r, &${s.info});`);
  w.line(`${s.v} = -1;`);
}

export function sockErrorLines(w: StepWriter, code: string): void {
  const s = resolveSock(w);
  callLines(w, `wb_ret = ${code}`, '0');
  w.line('if (wb_ret > 0)');
  w.line('    wb_result_errno(r, "soError", (int)wb_ret);');
  snapshotLine(w, s);
  w.line('r->socket.so_error = (int)wb_ret; /* BIO_sock_error read (and cleared) SO_ERROR: show what it read */');
  w.line('r->socket.so_error_pending = 0;');
}

/** listen(2) with a backlog BIO_listen does not offer, shutdown(2) for a half-close: libc, 0 or -1. */
export function libcCallLines(w: StepWriter, code: string): void {
  const s = resolveSock(w);
  callLines(w, `wb_ret = ${code}`, 'wb_ret != 0');
  snapshotLine(w, s);
}
