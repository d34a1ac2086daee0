/** An owner proves control with their wallet and files an appeal, as the API or the web page would. */
import type { HDNodeWallet } from 'ethers';
import type { Chainwarden } from '../../src/core/index.js';

export async function fileAppeal(
  chainwarden: Chainwarden,
  owner: HDNodeWallet,
  statement: string,
  { source = 'web', contact = null }: { source?: 'web' | 'api'; contact?: string | null } = {},
) {
  const challenge = await chainwarden.appeals.challenge({ address: owner.address });
  if (!challenge.ok) throw new Error(challenge.error.reason);
  const filed = await chainwarden.appeals.submit({
    address: owner.address,
    message: challenge.value.message,
    signature: await owner.signMessage(challenge.value.message),
    statement,
    source,
    contact,
  });
  if (!filed.ok) throw new Error(filed.error.reason);
  return filed.value;
}
