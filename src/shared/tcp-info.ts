// The figures a snapshot takes from getsockopt(TCP_INFO): one table, read by the engine's decoder
// (each figure's struct tcp_info member in <linux/tcp.h>) and typed for every reader of a record.

/** Each figure's member of struct tcp_info; `later` ones came in later kernels, which may not fill them. */
export const TCP_INFO_FIELDS = {
  retransmits: { member: 'tcpi_retransmits' },
  rtoUs: { member: 'tcpi_rto' },
  rttUs: { member: 'tcpi_rtt' },
  rttVarUs: { member: 'tcpi_rttvar' },
  sndMss: { member: 'tcpi_snd_mss' },
  rcvMss: { member: 'tcpi_rcv_mss' },
  unacked: { member: 'tcpi_unacked' },
  lost: { member: 'tcpi_lost' },
  sndCwnd: { member: 'tcpi_snd_cwnd' },
  totalRetrans: { member: 'tcpi_total_retrans' },
  bytesAcked: { member: 'tcpi_bytes_acked', later: true },
  bytesReceived: { member: 'tcpi_bytes_received', later: true },
  notsentBytes: { member: 'tcpi_notsent_bytes', later: true },
} as const;

type Fields = typeof TCP_INFO_FIELDS;
export type TcpInfoFigure = keyof Fields;

/** The figures, as numbers: those of later kernels only where the kernel filled them. */
export type TcpInfoFigures = { [K in TcpInfoFigure as Fields[K] extends { later: true } ? never : K]: number } & {
  [K in TcpInfoFigure as Fields[K] extends { later: true } ? K : never]?: number;
};

/** A socket's TCP_INFO: the connection state by name (tcpi_state), and the figures. */
export type TcpInfo = { state: string } & TcpInfoFigures;
