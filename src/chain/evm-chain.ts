/**
 * Which EVM chain the service asks, in a module of its own so that config.ts can say so without
 * loading ethers.
 */

/**
 * A summary carries one `onchain` object, so one EVM chain is asked: mainnet (1) when configured,
 * else the first configured chain (integer keys enumerate in ascending order, so the lowest id).
 */
export function pickEvmChain(urls: Record<number, string>): number | null {
  const ids = Object.keys(urls)
    .map(Number)
    .filter((id) => Number.isSafeInteger(id) && id > 0 && Boolean(urls[id]));
  if (ids.includes(1)) return 1;
  return ids[0] ?? null;
}
