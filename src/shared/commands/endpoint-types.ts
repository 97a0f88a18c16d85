// A listener or connection as the exports see it, and a step with no command of its own.
import type { FlagName } from '../flags';
import type { TlsSide } from './tls-side';

export type Transport = 'tcp' | 'udp' | 'unix-stream' | 'unix-dgram';

export interface Endpoint {
  kind: 'listen' | 'connect';
  /** The socket's name in the scenario or the window (its fd when it has none). */
  socket: string;
  transport: Transport;
  family: 'AF_INET' | 'AF_INET6' | 'AF_UNIX';
  /**
   * null: every address (the wildcard); a unix endpoint's path otherwise. Here and in `port`,
   * `$NAME` is one of the export's own shell variables (`variables`) and `$$` a `$` the scenario holds.
   */
  host: string | null;
  /** A number, a service name, or a shell variable standing for a port the kernel picks ("$PORT_l"). */
  port: string | null;
  /** The local address a connection binds first (host, port), or null. */
  source: { host: string | null; port: string | null } | null;
  /** Flags the calls honour, as asked for: these are what the commands must match. */
  flags: FlagName[];
  /** plain listen(2) with its own backlog, when the scenario chose one. */
  backlog: number | null;
  /** Steps that make it (socket, bind, listen or connect), for the report. */
  steps: number[];
  /** Shell variables the command line uses, and what each must hold. */
  variables: Record<string, string>;
  /** Why it is only close, not the same (an accepted socket stands for its listener). */
  caveats: string[];
  /** The TLS its socket or BIO carries (SSL_new over it), or null: plain bytes. */
  tls: TlsSide | null;
}

export interface NoEquivalent {
  step: number;
  c: string;
  why: string;
}
