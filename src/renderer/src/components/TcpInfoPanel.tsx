// One socket's TCP_INFO as the kernel reports it (getsockopt TCP_INFO), refreshed with every
// snapshot of the socket: state, round-trip time and its variance, congestion window,
// retransmissions and bytes acknowledged.
import type { TcpInfo } from '../../../shared/record';

function ms(us: number): string {
  return `${(us / 1000).toFixed(us < 10_000 ? 3 : 1)} ms`;
}

export interface TcpInfoRow {
  name: string;
  value: string;
  /** What the figure means, for the row's description. */
  about: string;
}

export function tcpInfoRows(t: TcpInfo): TcpInfoRow[] {
  return [
    { name: 'state', value: t.state, about: 'tcpi_state: the connection state' },
    { name: 'rtt', value: ms(t.rttUs), about: 'tcpi_rtt: smoothed round-trip time' },
    { name: 'rttvar', value: ms(t.rttVarUs), about: 'tcpi_rttvar: round-trip time variance' },
    { name: 'cwnd', value: `${t.sndCwnd} segments`, about: 'tcpi_snd_cwnd: congestion window' },
    { name: 'retransmits', value: `${t.retransmits} now, ${t.totalRetrans} in all`, about: 'tcpi_retransmits and tcpi_total_retrans' },
    { name: 'bytes acked', value: t.bytesAcked === undefined ? 'not reported by this kernel' : t.bytesAcked.toLocaleString('en'), about: 'tcpi_bytes_acked: bytes the peer acknowledged' },
  ];
}

export function TcpInfoPanel({ id, label, info }: { id: string; label: string; info: TcpInfo | null }) {
  if (!info) {
    return (
      <p id={id} className="tcp-info muted">
        No TCP_INFO for {label}: not a TCP socket.
      </p>
    );
  }
  return (
    <table id={id} className="tcp-info">
      <caption>TCP_INFO of {label}</caption>
      <tbody>
        {tcpInfoRows(info).map((r) => (
          <tr key={r.name}>
            <th scope="row" title={r.about}>
              {r.name}
            </th>
            <td>{r.value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
