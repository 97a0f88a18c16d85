// A socket row's hand-offs to the person's own tools: the socat, ncat and openssl commands that
// set up the same listener or connection, and a Wireshark filter and a tcpdump command for its
// packets. Each copies its text; what was copied shows below the list (CopiedText).
import { endpointText, socketCommands } from '../../../shared/commands/equivalent';
import { packetFilters } from '../../../shared/packet-filters';
import type { SocketSnapshot } from '../../../shared/record';
import { useWorkbenchStore } from '../store/context';

export function SocketHandoffs({ s, label }: { s: SocketSnapshot; label: string }) {
  const store = useWorkbenchStore();
  const copy = (what: string, text: string) => void store.getState().copyText(what, text);
  const commands = socketCommands(s);
  const filters = packetFilters(s);
  return (
    <>
      {'commands' in commands ? (
        <button type="button" aria-label={`Copy as command: ${label}`} onClick={() => copy(`socat, ncat and openssl commands for ${label}`, endpointText(commands))}>
          Copy as command
        </button>
      ) : null}
      {'wireshark' in filters ? (
        <>
          <button type="button" aria-label={`Copy Wireshark filter: ${label}`} onClick={() => copy(`Wireshark display filter for ${label}`, filters.wireshark)}>
            Copy Wireshark filter
          </button>
          <button type="button" aria-label={`Copy tcpdump command: ${label}`} onClick={() => copy(`tcpdump command for ${label}`, filters.tcpdump)}>
            Copy tcpdump command
          </button>
        </>
      ) : null}
    </>
  );
}
