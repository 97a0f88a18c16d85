// Every call the engine makes, in one table: the step's `call` names its implementation.
import { lookupCall } from './resolvers';
import { acceptCall, gethostbynameCall, getAcceptSocketCall, getHostIpCall, getPortCall } from './deprecated';
import { crashCall, scenarioStepCall } from './control';
import { readCall, waitCall, writeCall } from './data';
import { acceptExCall, bindOrListenCall, closeCall, connectCall, rawListenCall, shutdownCall, sockErrorCall, socketCall } from './setup';
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
  // not libcrypto calls
  await: scenarioStepCall,
  cancel: scenarioStepCall,
  __crash: crashCall,
};

export function implementationOf<C extends CallName>(call: C): CallImpl<C> {
  return CALLS[call];
}
