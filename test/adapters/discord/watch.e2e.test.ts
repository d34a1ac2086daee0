/**
 * Discord `/watch`, `/watches` and `/unwatch` end to end: the real discord.js client against the
 * fake Discord (gateway and REST), real storage, and a real EVM node (anvil). A member without
 * Manage Server is refused privately; a member with it watches an address, lists and removes it;
 * a transfer from the watched address is posted, with its hash, in the channel where the watch was
 * set, by the poller and the outbox as the service runs them.
 */

import { PermissionFlagsBits } from 'discord.js';
import { getAddress, JsonRpcProvider } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDiscord } from '../../../src/adapters/discord/index.js';
import { createEvmBlockSource } from '../../../src/chain/index.js';
import { createAlertDelivery } from '../../../src/core/index.js';
import { createLogger } from '../../../src/logger.js';
import { watchPollerOf } from '../../../src/watch-runner.js';
import { type Anvil, startAnvil } from '../../chain/servers.js';
import { createTestContext, type TestContext } from '../../support/context.js';
import {
  type Actor,
  FakeDiscord,
  type InteractionScope,
  type RecordedCall,
  slashCommandInteraction,
} from '../../support/fake-discord.js';

const APP_ID = '1100000000000000091';
const GUILD_ID = '1200000000000000091';
const GENERAL = '1300000000000000091';
const TREASURY_CHANNEL = '1300000000000000092';
const EPHEMERAL = 64;
const BASIC = PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages;
const admin: Actor = {
  user: { id: '1400000000000000091', username: 'admin' },
  permissions: BASIC | PermissionFlagsBits.ManageGuild,
};
const member: Actor = { user: { id: '1400000000000000092', username: 'member' }, permissions: BASIC };
const inChannel = (channelId: string): InteractionScope => ({
  applicationId: APP_ID,
  guildId: GUILD_ID,
  channelId,
  appPermissions: BASIC | PermissionFlagsBits.EmbedLinks,
});

let anvil: Anvil;
let provider: JsonRpcProvider;
let context: TestContext;
let fake: FakeDiscord;
let bot: Awaited<ReturnType<typeof startDiscord>>;

beforeAll(async () => {
  anvil = await startAnvil(31337);
  provider = new JsonRpcProvider(anvil.url, 31337, { staticNetwork: true });
  context = await createTestContext({ watchOptions: { transferChains: ['evm'] } });
  fake = await FakeDiscord.start({
    applicationId: APP_ID,
    bot: { id: APP_ID, username: 'chainwarden' },
    guild: {
      id: GUILD_ID,
      name: 'Watch DAO',
      ownerId: admin.user.id,
      roles: [],
      channels: [
        { id: GENERAL, name: 'general' },
        { id: TREASURY_CHANNEL, name: 'treasury' },
      ],
    },
  });
  bot = await startDiscord({
    chainwarden: context.chainwarden,
    token: 'fake-token',
    applicationId: APP_ID,
    apiRoot: fake.apiRoot,
    logger: createLogger('silent'),
    rateLimit: { limit: 100_000, windowMs: 1_000 },
  });
}, 60_000);

afterAll(async () => {
  await bot?.stop();
  await fake?.close();
  await context?.close();
  await anvil?.stop();
});

type Interaction = { id: string; token: string };

/** The slash command's answer: its callback, and the deferred reply's edit when there is one. */
async function run(actor: Actor, channelId: string, name: string, options: Record<string, string> = {}) {
  const interaction: Interaction = slashCommandInteraction(inChannel(channelId), actor, name, options);
  fake.dispatch('INTERACTION_CREATE', interaction);
  const callback = await fake.waitForCall(
    (c) => c.method === 'POST' && c.path === `/interactions/${interaction.id}/${interaction.token}/callback`,
  );
  if (callback.body.type !== 5) return { callback, edit: null };
  const edit = await fake.waitForCall(
    (c) => c.method === 'PATCH' && c.path === `/webhooks/${APP_ID}/${interaction.token}/messages/@original`,
  );
  return { callback, edit };
}

describe('Discord /watch', () => {
  it('refuses a member without Manage Server, privately, and watches nothing', async () => {
    for (const name of ['watch', 'watches', 'unwatch']) {
      const { callback } = await run(member, GENERAL, name, {
        address: '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed',
      });
      expect(callback.body.type).toBe(4);
      expect(callback.body.data.flags).toBe(EPHEMERAL);
      expect(callback.body.data.content).toBe('Watch-lists need the Manage Server permission, in a server.');
    }
    expect(await context.chainwarden.watching.listWatches(`discord:${GUILD_ID}`)).toEqual([]);
  });

  it('watches, lists and unwatches, and posts a transfer in the channel where the watch was set', async () => {
    const accounts = ((await provider.send('eth_accounts', [])) as string[]).map((a) => getAddress(a));
    const [treasury, payee] = accounts as [string, string];
    const poller = watchPollerOf(context, [createEvmBlockSource({ chainId: 31337, url: anvil.url })], 0);
    const delivery = createAlertDelivery({
      alerts: context.stores.watchAlerts,
      channels: { discord: bot.alerts },
      now: () => new Date(),
      alertsPerMinute: 5,
    });
    await poller.pollOnce();

    const added = await run(admin, TREASURY_CHANNEL, 'watch', {
      address: treasury.toLowerCase(),
      label: 'treasury',
    });
    expect(added.callback.body.data.flags).toBe(EPHEMERAL);
    const addedEmbed = added.edit?.body.embeds[0];
    expect(addedEmbed.title).toBe('👁 Watching');
    expect(addedEmbed.description).toContain(`Watching “treasury” \`${treasury}\` (Ethereum / EVM).`);

    const listed = await run(admin, GENERAL, 'watches');
    expect(listed.edit?.body.embeds[0].description).toContain(`\`${treasury}\` “treasury” (Ethereum / EVM)`);

    // A payment from the treasury: the poller reads it, the outbox posts it in #treasury.
    const signer = await provider.getSigner(treasury);
    const tx = await signer.sendTransaction({ to: payee, value: 25n * 10n ** 16n });
    await tx.wait();
    await poller.pollOnce();
    expect((await delivery.deliverDue()).delivered).toBe(1);
    const posts = fake.callsTo('POST', `/channels/${TREASURY_CHANNEL}/messages`);
    expect(posts).toHaveLength(1);
    const [post] = posts as [RecordedCall];
    expect(post.body.embeds[0].title).toBe('⚪ treasury sent 0.25 ETH');
    expect(post.body.embeds[0].description).toContain(`\`${tx.hash}\``);
    expect(post.body.allowed_mentions).toEqual({ parse: [] });
    expect(fake.callsTo('POST', `/channels/${GENERAL}/messages`)).toEqual([]);

    const removed = await run(admin, GENERAL, 'unwatch', { address: treasury });
    expect(removed.edit?.body.embeds[0].description).toBe(`Stopped watching “treasury” \`${treasury}\``);
    const empty = await run(admin, GENERAL, 'watches');
    expect(empty.edit?.body.embeds[0].description).toContain('No address is watched here.');
  });
});
