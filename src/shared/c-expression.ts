// The C expression of a step, as the record's `c` field and the composer's live preview show it.
import { composeOptions, optionsExpression } from './flags';
import { DEFAULT_CHUNK } from './call-facts';
import type { Step } from './steps';
import { cString } from './escape/c';
import { isBioTlsStep } from './tls-step-kind';
import { bioTlsExpression } from './tls-c-expression';

function sockName(sock: string | number): string {
  return typeof sock === 'number' ? String(sock) : sock;
}

/** Options as C: named flags joined by |, 0 for none. Invalid names appear as written. */
export function optionsC(options: number | readonly string[] | undefined): string {
  try {
    return optionsExpression(composeOptions(options));
  } catch {
    return Array.isArray(options) ? options.join(' | ') : String(options);
  }
}

export function cExpression(step: Step): string {
  if (isBioTlsStep(step)) return bioTlsExpression(step);
  switch (step.call) {
    case 'BIO_socket': {
      const lhs = step.as ? `${step.as} = ` : '';
      return `${lhs}BIO_socket(${step.domain}, ${step.socktype}, ${step.protocol ?? 0}, ${optionsC(step.options)})`;
    }
    case 'BIO_bind':
    case 'BIO_connect':
    case 'BIO_listen':
      return `${step.call}(${sockName(step.sock)}, addr, ${optionsC(step.options)})`;
    case 'BIO_accept_ex': {
      const lhs = step.as ? `${step.as} = ` : '';
      return `${lhs}BIO_accept_ex(${sockName(step.sock)}, peer, ${optionsC(step.options)})`;
    }
    case 'BIO_closesocket':
    case 'BIO_sock_error':
      return `${step.call}(${sockName(step.sock)})`;
    case 'BIO_write': {
      if (step.bytes !== undefined || step.file !== undefined) {
        const what = step.file !== undefined ? `file ${cString(step.file)}${step.bytes !== undefined ? ` repeated to ${step.bytes} bytes` : ''}` : `${step.bytes} bytes of the pattern repeated`;
        return `BIO_write(bio_${sockName(step.sock)}, chunk, ${step.chunk ?? DEFAULT_CHUNK}) /* in a loop: ${what} */`;
      }
      const len = step.data !== undefined ? new TextEncoder().encode(step.data).length : step.dataHex!.replace(/\s+/g, '').length / 2;
      return `BIO_write(bio_${sockName(step.sock)}, data, ${len})`;
    }
    case 'BIO_read':
      if (step.max === undefined) return `BIO_read(bio_${sockName(step.sock)}, buf, ${step.chunk ?? DEFAULT_CHUNK}) /* in a loop: ${step.bytes !== undefined ? `${step.bytes} bytes` : 'until end of file'} */`;
      return `BIO_read(bio_${sockName(step.sock)}, buf, ${step.max})`;
    case 'wait':
      return `poll(&(struct pollfd){ ${sockName(step.sock)}, ${step.for === 'readable' ? 'POLLIN' : 'POLLOUT'} }, 1, ${step.timeoutMs})`;
    case 'listen':
      return `listen(${sockName(step.sock)}, ${step.backlog})`;
    case 'shutdown':
      return `shutdown(${sockName(step.sock)}, ${step.how})`;
    case '__crash':
      return '*(volatile int *)0 = 0 /* test-only crash */';
    case 'BIO_lookup_ex':
      return `BIO_lookup_ex(host, service, ${step.lookupType ?? 'BIO_LOOKUP_CLIENT'}, ${step.family ?? 'AF_UNSPEC'}, ${step.socktype ?? 'SOCK_STREAM'}, 0, &res)`;
    case 'BIO_get_accept_socket': {
      const lhs = step.as ? `${step.as} = ` : '';
      return `${lhs}BIO_get_accept_socket(${cString(step.hostPort)}, ${step.mode ?? 'BIO_BIND_NORMAL'})`;
    }
    case 'BIO_accept': {
      const lhs = step.as ? `${step.as} = ` : '';
      return `${lhs}BIO_accept(${sockName(step.sock)}, &ip_port)`;
    }
    case 'BIO_get_port':
      return `BIO_get_port(${cString(step.service)}, &port)`;
    case 'BIO_get_host_ip':
      return `BIO_get_host_ip(${cString(step.host)}, ip)`;
    case 'BIO_gethostbyname':
      return `BIO_gethostbyname(${cString(step.host)})`;
    case 'await':
      return `/* await step ${step.step} */`;
    case 'cancel':
      return `/* cancel step ${step.step} */`;
  }
}
