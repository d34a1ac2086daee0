/**
 * Discord `/watch`, `/watches` and `/unwatch` end to end: the real discord.js client against the
 * fake Discord (gateway and REST), real storage, and a real EVM node (anvil). A member without
 * Manage Server is refused privately; a member with it watches an address, lists and removes it;
 * a transfer from the watched address is posted, with its hash, in the channel where the watch was
 * set, by the poller and the outbox as the service runs them.
 */
import { getAddress, JsonRpcProvider } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEvmBlockSource } from '../../../src/chain/index.js';
import { createAlertDelivery } from '../../../src/core/index.js';
import { createLogger } from '../../../src/logger.js';
import { watchPollerOf } from '../../../src/watch-runner.js';
import { type Anvil, startAnvil } from '../../chain/servers.js';
import { type DiscordHarness, startDiscordHarness } from '../../support/bots.js';
import { createTestContext, type TestContext } from '../../support/context.js';
import { type Actor, type RecordedCall, slashCommandInteraction } from '../../support/fake-discord.js';

const TREASURY_CHANNEL = '1300000000000000072';
const EPHEMERAL = 64;

let anvil: Anvil;
let provider: JsonRpcProvider;
let context: TestContext;
let discord: DiscordHarness;

beforeAll(async () => {
  anvil = await startAnvil(31337);
  provider = new JsonRpcProvider(anvil.url, 31337, { staticNetwork: true });
  context = await createTestContext({ watchOptions: { transferChains: ['evm'] } });
  discord = await startDiscordHarness(context.chainwarden, {
    id: 7,
    logger: createLogger('silent'),
    channels: [{ id: TREASURY_CHANNEL, name: 'treasury' }],
  });
}, 60_000);

afterAll(async () => {
  await discord?.close();
  await context?.close();
  await anvil?.stop();
});

/** The slash command's first answer (the callback), and what the member finally reads. */
async function run(actor: Actor, channelId: string, name: string, options: Record<string, string> = {}) {
  const interaction = slashCommandInteraction({ ...discord.scope, channelId }, actor, name, options);
  discord.fake.dispatch('INTERACTION_CREATE', interaction);
  const callback = await discord.fake.waitForCall(
    (c) => c.method === 'POST' && c.path === `/interactions/${interaction.id}/${interaction.token}/callback`,
  );
  return { callback, answer: (await discord.answerOf(interaction)).body };
}

describe('Discord /watch', () => {
  it('refuses a member without Manage Server, privately, and watches nothing', async () => {
    for (const name of ['watch', 'watches', 'unwatch']) {
      const { callback } = await run(discord.member, discord.channelId, name, {
        address: '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed',
      });
      expect(callback.body.type).toBe(4);
      expect(callback.body.data.flags).toBe(EPHEMERAL);
      expect(callback.body.data.content).toBe('Watch-lists need the Manage Server permission, in a server.');
    }
    expect(await context.chainwarden.watching.listWatches(`discord:${discord.guildId}`)).toEqual([]);
  });

  it('watches, lists and unwatches, and posts a transfer in the channel where the watch was set', async () => {
    const accounts = ((await provider.send('eth_accounts', [])) as string[]).map((a) => getAddress(a));
    const [treasury, payee] = accounts as [string, string];
    const poller = watchPollerOf(context, [createEvmBlockSource({ chainId: 31337, url: anvil.url })], 0);
    const delivery = createAlertDelivery({
      alerts: context.stores.watchAlerts,
      channels: { discord: discord.alerts },
      now: () => new Date(),
      alertsPerMinute: 5,
    });
    await poller.pollOnce();

    const added = await run(discord.moderator, TREASURY_CHANNEL, 'watch', {
      address: treasury.toLowerCase(),
      label: 'treasury',
    });
    expect(added.callback.body.data.flags).toBe(EPHEMERAL);
    const addedEmbed = added.answer.embeds[0];
    expect(addedEmbed.title).toBe('👁 Watching');
    expect(addedEmbed.description).toContain(`Watching “treasury” \`${treasury}\` (Ethereum / EVM).`);

    const listed = await run(discord.moderator, discord.channelId, 'watches');
    expect(listed.answer.embeds[0].description).toContain(`\`${treasury}\` “treasury” (Ethereum / EVM)`);

    // A payment from the treasury: the poller reads it, the outbox posts it in #treasury.
    const signer = await provider.getSigner(treasury);
    const tx = await signer.sendTransaction({ to: payee, value: 25n * 10n ** 16n });
    await tx.wait();
    await poller.pollOnce();
    expect((await delivery.deliverDue()).delivered).toBe(1);
    const posts = discord.fake.callsTo('POST', `/channels/${TREASURY_CHANNEL}/messages`);
    expect(posts).toHaveLength(1);
    const [post] = posts as [RecordedCall];
    expect(post.body.embeds[0].title).toBe('⚪ treasury sent 0.25 ETH');
    expect(post.body.embeds[0].description).toContain(`\`${tx.hash}\``);
    expect(post.body.allowed_mentions).toEqual({ parse: [] });
    expect(discord.fake.callsTo('POST', `/channels/${discord.channelId}/messages`)).toEqual([]);

    const removed = await run(discord.moderator, discord.channelId, 'unwatch', { address: treasury });
    expect(removed.answer.embeds[0].description).toBe(`Stopped watching “treasury” \`${treasury}\``);
    const empty = await run(discord.moderator, discord.channelId, 'watches');
    expect(empty.answer.embeds[0].description).toContain('No address is watched here.');
  });
});
