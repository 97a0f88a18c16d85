// Every call the engine makes, in one table: the step's `call` names its implementation.
import { lookupCall } from './resolvers';
import { acceptCall, gethostbynameCall, getAcceptSocketCall, getHostIpCall, getPortCall } from './deprecated';
import { crashCall, scenarioStepCall } from './control';
import { readCall, waitCall, writeCall } from './data';
import { acceptExCall, bindOrListenCall, closeCall, connectCall, rawListenCall, shutdownCall, sockErrorCall, socketCall } from './setup';
import { doAcceptCall, doConnectCall, freeBioCall, getFdCall, newBioCall, popCall, setConnAddressCall, setFamilyCall, setModeCall, setNameCall, setNbioCall } from './bio';
import { ctxFreeCall, ctxNewCall, sslCall, sslFreeCall, sslNewCall } from './tls';
import type { CallImpl, CallTable } from './context';
import type { CallName } from '../../../shared/steps';

const CALLS: CallTable = {
  // setup
  BIO_socket: socketCall,
  BIO_bind: bindOrListenCall,
  BIO_listen: bindOrListenCall,
  BIO_connect: connectCall,
  BIO_accept_ex: acceptExCall,
  BIO_closesocket: closeCall,
  BIO_sock_error: sockErrorCall,
  listen: rawListenCall,
  shutdown: shutdownCall,
  // data
  BIO_read: readCall,
  BIO_write: writeCall,
  wait: waitCall,
  // resolvers
  BIO_lookup_ex: lookupCall,
  // deprecated
  BIO_get_accept_socket: getAcceptSocketCall,
  BIO_accept: acceptCall,
  BIO_get_port: getPortCall,
  BIO_get_host_ip: getHostIpCall,
  BIO_gethostbyname: gethostbynameCall,
  // connect BIOs
  BIO_new_connect: newBioCall,
  BIO_set_conn_hostname: setNameCall,
  BIO_set_conn_port: setNameCall,
  BIO_set_conn_address: setConnAddressCall,
  BIO_set_conn_ip_family: setFamilyCall,
  BIO_set_conn_mode: setModeCall,
  BIO_set_nbio: setNbioCall,
  BIO_do_connect: doConnectCall,
  BIO_do_connect_retry: doConnectCall,
  BIO_get_fd: getFdCall,
  BIO_free: freeBioCall,
  // accept BIOs
  BIO_new_accept: newBioCall,
  BIO_set_accept_name: setNameCall,
  BIO_set_accept_port: setNameCall,
  BIO_set_accept_ip_family: setFamilyCall,
  BIO_set_bind_mode: setModeCall,
  BIO_set_nbio_accept: setNbioCall,
  BIO_do_accept: doAcceptCall,
  BIO_pop: popCall,
  // TLS (libssl)
  SSL_CTX_new: ctxNewCall,
  SSL_CTX_free: ctxFreeCall,
  SSL_new: sslNewCall,
  SSL_connect: sslCall,
  SSL_accept: sslCall,
  SSL_read: sslCall,
  SSL_write: sslCall,
  SSL_shutdown: sslCall,
  SSL_free: sslFreeCall,
  // not libcrypto calls
  await: scenarioStepCall,
  cancel: scenarioStepCall,
  __crash: crashCall,
};

export function implementationOf<C extends CallName>(call: C): CallImpl<C> {
  return CALLS[call];
}
