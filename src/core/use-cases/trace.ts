/**
 * `trace`: exposure of one address from its chain history (see exposure/model.ts). This first
 * version only fixes the signature; the engine (ChainHistory port, breadth-first walk, cache)
 * lands next.
 */
import type { Exposure, TraceError, TraceOptions } from '../exposure/model.js';
import { parseUserAddress } from '../input.js';
import { err, type Result } from '../types.js';

export type Trace = (address: string, options?: TraceOptions) => Promise<Result<Exposure, TraceError>>;

export function createTrace(): Trace {
  return async (input) => {
    const parsed = parseUserAddress(input);
    if (!parsed.ok) return parsed;
    return err({
      code: 'no-history-source',
      chain: parsed.value.chain,
      reason: 'No history source is configured for this chain.',
      hint: 'Set EVM_RPC_URL, ESPLORA_URL or TRONGRID_URL.',
    });
  };
}
