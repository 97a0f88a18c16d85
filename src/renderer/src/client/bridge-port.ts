// The page's end of the preload's bridge inside Electron: the main process answers on it.
import type { WorkbenchBridge } from '../../../shared/channels';
import type { Envelope } from '../../../shared/rpc/envelope';
import { BasePort } from '../../../shared/rpc/port';

export class BridgePort extends BasePort {
  private readonly off: () => void;

  constructor(private readonly bridge: WorkbenchBridge) {
    super('open');
    this.off = bridge.onMessage((m) => this.receive(m));
  }

  send(message: Envelope): void {
    if (message.type === 'request' || message.type === 'cancel') this.bridge.send(message);
  }

  close(): void {
    this.off();
    this.setState('closed', 'the page closed its connection');
  }
}
