// Splitting the `addr` field into what BIO_lookup_ex takes.

export interface AddressParts {
  /** null means the wildcard (BIO_lookup_ex gets NULL). */
  host: string | null;
  service: string | null;
  unix: boolean;
}

export function parseAddress(addr: string): AddressParts {
  if (addr.startsWith('unix:')) return { host: addr.slice(5), service: null, unix: true };
  if (addr.startsWith('[')) {
    const end = addr.indexOf(']');
    return { host: addr.slice(1, end), service: addr.slice(end + 2), unix: false };
  }
  const colon = addr.lastIndexOf(':');
  const host = addr.slice(0, colon);
  return { host: host === '' || host === '*' ? null : host, service: addr.slice(colon + 1), unix: false };
}

/** Placeholders like {l.port} that a scenario fills from a socket's bound address. */
export const PORT_PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_-]*)\.port\}/g;

/** Every placeholder an addr may hold, in order: {tmp} or {name.port}. */
export const ADDR_PLACEHOLDER = /\{(?:tmp|([A-Za-z_][A-Za-z0-9_-]*)\.port)\}/g;
