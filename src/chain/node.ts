/** What one endpoint (an EVM JSON-RPC node, an Esplora server) tells about an address. */
export interface AddressFacts {
  isContract: boolean;
  txCount: number;
  /** Smallest unit (wei, satoshi) as a decimal string. */
  balance: string;
  /** ENS reverse name, present only when the node answered one in time. */
  name?: string | null;
  /** Bitcoin (Esplora): everything ever received and sent, smallest unit, confirmed plus mempool. */
  received?: string;
  sent?: string;
}

/** One configured endpoint. `read` may reject; the caller turns every failure into `available: false`. */
export interface FactsNode {
  /** `evm:<chainId>` or `esplora`; also the breaker and cache namespace. */
  readonly source: string;
  read(addressKey: string, signal: AbortSignal): Promise<AddressFacts>;
  close(): Promise<void>;
}

/**
 * The endpoint answered, but refused this address (Esplora's 400 for an address of another
 * network). The endpoint is healthy, so this never opens the breaker.
 */
export class AddressRejectedError extends Error {
  constructor(
    readonly source: string,
    readonly status: number,
  ) {
    super(`${source} refused the address (HTTP ${status})`);
    this.name = 'AddressRejectedError';
  }
}
