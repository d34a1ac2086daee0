/**
 * The real discord.js Client against a local fake Discord (REST + gateway), with real storage.
 * Assertions are on what Discord would receive: interaction callbacks, webhook edits, deletes,
 * timeouts and channel posts.
 */
import { PermissionFlagsBits } from 'discord.js';
import { Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerDiscordCommands, startDiscord } from '../../../src/adapters/discord/index.js';
import { createLogger } from '../../../src/logger.js';
import { createTestContext, type TestContext } from '../../support/context.js';
import {
  type Actor,
  buttonInteraction,
  FakeDiscord,
  type FakeUser,
  type InteractionScope,
  messageMenuInteraction,
  messagePayload,
  messageUpdatePayload,
  modalSubmitInteraction,
  partialMessageUpdatePayload,
  type RecordedCall,
  slashCommandInteraction,
  snowflake,
  snowflakeAt,
} from '../../support/fake-discord.js';
import {
  BECH32_VECTOR,
  BUTTON_REPORTED,
  DARKLIST_ENTRY,
  REPORTED,
  SECOND_REPORTED,
  SOLANA_USDC_MINT,
  TAPROOT_VECTOR,
  TORNADO_CASH,
} from './fixtures/addresses.js';

const APP_ID = '1100000000000000001';
const GUILD_ID = '1200000000000000001';
const GENERAL = '1300000000000000001';
const MOD_LOG = '1300000000000000002';
const TRADING = '1300000000000000003';
const EDITS = '1300000000000000004';
const OLD_POSTS = '1300000000000000005';
const INTEGRATIONS = '1300000000000000006';
const COMMUNITY = `discord:${GUILD_ID}`;
/** Made up for these tests: a digits-only EVM address (its checksummed form is the same), used nowhere else. */
const UNUSED_EVM = '0x0000000000000000000000000000000000001234';
const EPHEMERAL = 64;

const BASIC = PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages;
const OWNER_ID = '1400000000000000009';
const ROLES = {
  members: { id: '1600000000000000001', name: 'Members', position: 1, permissions: 0n },
  moderators: {
    id: '1600000000000000002',
    name: 'Moderators',
    position: 2,
    permissions: PermissionFlagsBits.ManageMessages | PermissionFlagsBits.ModerateMembers,
  },
  admins: {
    id: '1600000000000000003',
    name: 'Admins',
    position: 3,
    permissions: PermissionFlagsBits.Administrator,
  },
};
const moderator: Actor = {
  roles: [ROLES.moderators.id],
  user: { id: '1400000000000000001', username: 'mod' },
  permissions:
    BASIC |
    PermissionFlagsBits.ManageMessages |
    PermissionFlagsBits.ModerateMembers |
    PermissionFlagsBits.ManageGuild,
};
const member: Actor = { user: { id: '1400000000000000002', username: 'member' }, permissions: BASIC };
const scammer = { id: '1400000000000000003', username: 'free-airdrop' };
const otherBot = { id: '1400000000000000004', username: 'another-bot', bot: true };

const scope: InteractionScope = {
  applicationId: APP_ID,
  guildId: GUILD_ID,
  channelId: GENERAL,
  appPermissions:
    BASIC |
    PermissionFlagsBits.EmbedLinks |
    PermissionFlagsBits.ManageMessages |
    PermissionFlagsBits.ModerateMembers,
};

let context: TestContext;
let fake: FakeDiscord;
let bot: { stop(): Promise<void> };
const logLines: Array<Record<string, unknown>> = [];

beforeAll(async () => {
  // One notice per channel per minute: the tests below count notices exactly.
  context = await createTestContext({ warnings: { limit: 1, windowMs: 60_000 } });
  fake = await FakeDiscord.start({
    applicationId: APP_ID,
    bot: { id: APP_ID, username: 'chainwarden' },
    guild: {
      id: GUILD_ID,
      name: 'Test DAO',
      ownerId: OWNER_ID,
      roles: Object.values(ROLES),
      channels: [
        { id: GENERAL, name: 'general' },
        { id: MOD_LOG, name: 'mod-log' },
        { id: TRADING, name: 'trading' },
        { id: EDITS, name: 'edits' },
        { id: OLD_POSTS, name: 'old-posts' },
        { id: INTEGRATIONS, name: 'integrations' },
      ],
    },
  });
  fake.setMember(moderator.user, [ROLES.moderators.id]);
  fake.setMember(scammer, [ROLES.members.id]);
  const logger = createLogger('debug', {
    write(line: string) {
      logLines.push(JSON.parse(line) as Record<string, unknown>);
    },
  });
  bot = await startDiscord({
    chainwarden: context.chainwarden,
    token: 'fake-token',
    applicationId: APP_ID,
    apiRoot: fake.apiRoot,
    logger,
    // The per-user limit has its own test (rate-limit.test.ts); these tests click fast.
    rateLimit: { limit: 100_000, windowMs: 1_000 },
  });
}, 30_000);

afterAll(async () => {
  await bot?.stop();
  await fake?.close();
  await context?.close();
});

type Interaction = { id: string; token: string };

function send<T extends Interaction>(interaction: T): T {
  fake.dispatch('INTERACTION_CREATE', interaction);
  return interaction;
}

const callbackOf = (i: Interaction) =>
  fake.waitForCall((c) => c.method === 'POST' && c.path === `/interactions/${i.id}/${i.token}/callback`);

const originalEditOf = (i: Interaction, nth = 0) =>
  waitForNth(
    (c) => c.method === 'PATCH' && c.path === `/webhooks/${APP_ID}/${i.token}/messages/@original`,
    nth,
  );

async function waitForNth(predicate: (c: RecordedCall) => boolean, nth: number): Promise<RecordedCall> {
  await fake.waitForCall((c) => fake.calls.filter(predicate).length > nth && predicate(c));
  return fake.calls.filter(predicate)[nth]!;
}

const modLogPosts = () => fake.callsTo('POST', `/channels/${MOD_LOG}/messages`);

/** A moderator flags a fresh post in #general with the form filled in as given; returns the form's answer. */
async function flagThroughForm(content: string, form: { category: string; addresses: string }, serve = true) {
  const post = messagePayload({ channelId: GENERAL, guildId: GUILD_ID, author: scammer, content });
  if (serve) fake.serveMessage(post);
  const menu = send(messageMenuInteraction(scope, moderator, 'Flag scam post', post));
  const modal = (await callbackOf(menu)).body;
  const submit = send(
    modalSubmitInteraction(scope, moderator, modal.data.custom_id, [
      { customId: 'category', values: [form.category] },
      { customId: 'note', value: '' },
      { customId: 'addresses', value: form.addresses },
    ]),
  );
  return { submit, reply: await originalEditOf(submit) };
}

describe('Discord adapter, end to end', () => {
  it('connects to the gateway with the Guilds, GuildMessages and MessageContent intents', () => {
    const intents = fake.identifies[0]?.intents;
    expect(intents).toBe(Number(1n | (1n << 9n) | (1n << 15n)));
    expect(fake.identifies[0]?.token).toBe('fake-token');
  });

  it('/settings by a member without Manage Server is refused and changes nothing', async () => {
    const i = send(slashCommandInteraction(scope, member, 'settings', { auto_moderation: 'off' }));
    const callback = await callbackOf(i);
    expect(callback.body.type).toBe(4);
    expect(callback.body.data.flags).toBe(EPHEMERAL);
    expect(callback.body.data.content).toContain('Manage Server');
    expect((await context.chainwarden.settings.get(COMMUNITY)).scanMode).toBe('warn');
  });

  it('/settings by an admin sets the mod-log channel, auto-moderation and trigger level', async () => {
    const i = send(
      slashCommandInteraction(scope, moderator, 'settings', {
        mod_log_channel: { channelId: MOD_LOG },
        auto_moderation: 'delete',
        trigger_level: 'high',
      }),
    );
    expect((await callbackOf(i)).body).toMatchObject({ type: 5, data: { flags: EPHEMERAL } });
    const edit = await originalEditOf(i);
    expect(edit.body.embeds[0].title).toBe('⚙️ Settings saved');
    expect(edit.body.embeds[0].description).toContain(`Mod-log channel: <#${MOD_LOG}>`);
    expect(edit.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
    expect(await context.chainwarden.settings.get(COMMUNITY)).toEqual({
      scanMode: 'delete',
      minLevel: 'high',
      modLogChannel: MOD_LOG,
    });
    const post = await fake.waitForCall(
      (c) => c.method === 'POST' && c.path === `/channels/${MOD_LOG}/messages`,
    );
    expect(post.body.content).toContain('changed settings');
    expect(post.body.allowed_mentions).toEqual({ parse: [] });
  });

  it('/check of a reported address answers privately with a red HIGH embed', async () => {
    const saved = await context.chainwarden.submitReport({
      address: REPORTED,
      category: 'phishing',
      reporter: 'discord:1400000000000000009',
      verifiedBy: 'discord:1400000000000000001',
      source: 'discord',
      community: COMMUNITY,
    });
    expect(saved.ok).toBe(true);

    const i = send(slashCommandInteraction(scope, member, 'check', { address: REPORTED }));
    expect((await callbackOf(i)).body).toEqual({ type: 5, data: { flags: EPHEMERAL } });
    const edit = await originalEditOf(i);
    const [embed] = edit.body.embeds;
    expect(embed.title).toBe('🔴 HIGH · 85/100');
    expect(embed.color).toBe(0xe74c3c);
    expect(embed.description).toBe(`\`${REPORTED}\` · Ethereum / EVM`);
    expect(embed.fields.map((f: { name: string }) => f.name)).toContain('Verified by a moderator');
    expect(edit.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
    expect(edit.body.components[0].components).toMatchObject([
      { type: 2, label: 'Report', custom_id: `addr:report:${REPORTED.toLowerCase()}` },
      { type: 2, label: 'Details', custom_id: `addr:details:${REPORTED.toLowerCase()}` },
      { type: 2, label: 'Trace funds', custom_id: `addr:trace:${REPORTED.toLowerCase()}` },
    ]);
  });

  it('/check public:true answers in the channel for everyone', async () => {
    const i = send(slashCommandInteraction(scope, member, 'check', { address: REPORTED, public: true }));
    const callback = await callbackOf(i);
    expect(callback.body.type).toBe(5);
    expect((callback.body.data.flags ?? 0) & EPHEMERAL).toBe(0);
    expect((await originalEditOf(i)).body.embeds[0].title).toBe('🔴 HIGH · 85/100');
  });

  it('/check of an invalid address says precisely what is wrong', async () => {
    const typo = TORNADO_CASH.slice(0, -1);
    const i = send(slashCommandInteraction(scope, member, 'check', { address: typo }));
    const [embed] = (await originalEditOf(i)).body.embeds;
    expect(embed.title).toBe('❔ Not a valid address');
    expect(embed.description).toBe(`\`${typo}\`: has 39 hex characters after 0x, an EVM address has 40`);
    expect(embed.fields[0].value).toContain('0x followed by 40 hex characters');
  });

  it('/check of a message whose only address is mistyped explains that address', async () => {
    const typo = TORNADO_CASH.slice(0, -1);
    const i = send(
      slashCommandInteraction(scope, member, 'check', { address: `please send it to ${typo} today` }),
    );
    const [embed] = (await originalEditOf(i)).body.embeds;
    expect(embed.title).toBe('❔ Not a valid address');
    expect(embed.description).toBe(`\`${typo}\`: has 39 hex characters after 0x, an EVM address has 40`);
    expect(embed.fields[0].value).toContain('0x followed by 40 hex characters');
  });

  it('/check of text without any address says so, and what an address looks like', async () => {
    const i = send(slashCommandInteraction(scope, member, 'check', { address: 'gm, wen airdrop?' }));
    const edit = await originalEditOf(i);
    expect(edit.body.content).toContain('No address found in that text.');
    expect(edit.body.content).toContain('bc1…/1…/3… (Bitcoin)');
    expect(edit.body.embeds ?? []).toEqual([]);
  });

  it('"Check addresses" on a post whose address is mistyped explains it', async () => {
    const typo = TORNADO_CASH.slice(0, -1);
    const post = messagePayload({
      channelId: GENERAL,
      guildId: GUILD_ID,
      author: scammer,
      content: `official wallet: ${typo}`,
    });
    const i = send(messageMenuInteraction(scope, member, 'Check addresses', post));
    const [embed] = (await originalEditOf(i)).body.embeds;
    expect(embed.title).toBe('❔ Not a valid address');
    expect(embed.description).toContain('has 39 hex characters after 0x');
  });

  it('/report saves the report with the reporter and community, and confirms privately', async () => {
    const i = send(
      slashCommandInteraction(scope, member, 'report', {
        address: SECOND_REPORTED,
        category: 'fake-airdrop',
        note: 'DM’d me a "claim" link <@123> @everyone',
      }),
    );
    expect((await callbackOf(i)).body.data.flags).toBe(EPHEMERAL);
    const edit = await originalEditOf(i);
    expect(edit.body.embeds[0].title).toBe('✅ Report saved');
    expect(edit.body.embeds[0].description).toContain('fake airdrop / drainer');

    const reports = await context.chainwarden.listReports(SECOND_REPORTED);
    expect(reports.ok && reports.value).toMatchObject([
      {
        category: 'fake-airdrop',
        reporter: `discord:${member.user.id}`,
        community: COMMUNITY,
        source: 'discord',
        verifiedBy: null,
        note: 'DM’d me a "claim" link <@123> @everyone',
      },
    ]);
  });

  it('/report with bad evidence says why and saves nothing', async () => {
    const i = send(
      slashCommandInteraction(scope, member, 'report', {
        address: DARKLIST_ENTRY.address,
        category: 'phishing',
        evidence: 'trust me',
      }),
    );
    const [embed] = (await originalEditOf(i)).body.embeds;
    expect(embed.title).toBe('❔ Report not saved');
    expect(embed.description).toContain('evidence is neither a transaction hash nor a link');
    const reports = await context.chainwarden.listReports(DARKLIST_ENTRY.address);
    expect(reports.ok && reports.value).toEqual([]);
  });

  it('"Check addresses" screens every address in the post, privately', async () => {
    const post = messagePayload({
      channelId: GENERAL,
      guildId: GUILD_ID,
      author: scammer,
      content: `pay ${REPORTED} or ${SECOND_REPORTED} **now**`,
    });
    const i = send(messageMenuInteraction(scope, member, 'Check addresses', post));
    expect((await callbackOf(i)).body).toEqual({ type: 5, data: { flags: EPHEMERAL } });
    const edit = await originalEditOf(i);
    expect(edit.body.embeds.map((e: { description: string }) => e.description)).toEqual([
      `\`${REPORTED}\` · Ethereum / EVM`,
      `\`${SECOND_REPORTED}\` · Ethereum / EVM`,
    ]);
    expect(edit.body.components[0].components).toMatchObject([
      { label: 'Report 0x5aAe…eAed', custom_id: `addr:report:${REPORTED.toLowerCase()}` },
      { label: 'Details 0x5aAe…eAed', custom_id: `addr:details:${REPORTED.toLowerCase()}` },
      { label: 'Trace funds 0x5aAe…eAed', custom_id: `addr:trace:${REPORTED.toLowerCase()}` },
    ]);
    expect(edit.body.components[1].components).toMatchObject([
      { label: 'Report 0xfB69…d359', custom_id: `addr:report:${SECOND_REPORTED.toLowerCase()}` },
      { label: 'Details 0xfB69…d359', custom_id: `addr:details:${SECOND_REPORTED.toLowerCase()}` },
      { label: 'Trace funds 0xfB69…d359', custom_id: `addr:trace:${SECOND_REPORTED.toLowerCase()}` },
    ]);
  });

  it('refuses "Flag scam post" from a member without Manage Messages and saves nothing', async () => {
    const post = messagePayload({
      channelId: GENERAL,
      guildId: GUILD_ID,
      author: scammer,
      content: `send to ${TORNADO_CASH}`,
    });
    const i = send(messageMenuInteraction(scope, member, 'Flag scam post', post));
    const callback = await callbackOf(i);
    expect(callback.body.type).toBe(4);
    expect(callback.body.data.flags).toBe(EPHEMERAL);
    expect(callback.body.data.content).toContain('Manage Messages');

    const fields = [
      { customId: 'category', values: ['phishing'] },
      { customId: 'note', value: '' },
      { customId: 'addresses', value: TORNADO_CASH },
    ];
    // A forged modal submit (a custom id the bot did not sign) is refused.
    const forged = send(
      modalSubmitInteraction(scope, member, `flag:submit:${GENERAL}:${post.id}:${scammer.id}`, fields),
    );
    expect((await callbackOf(forged)).body.data.content).toContain('This button or form is not valid here');
    // So is a genuine one a member got hold of: the permission is checked again at every step.
    const moderatorMenu = send(messageMenuInteraction(scope, moderator, 'Flag scam post', post));
    const genuine = (await callbackOf(moderatorMenu)).body.data.custom_id as string;
    const leaked = send(modalSubmitInteraction(scope, member, genuine, fields));
    expect((await callbackOf(leaked)).body.data.content).toContain('Manage Messages');
    const reports = await context.chainwarden.listReports(TORNADO_CASH);
    expect(reports.ok && reports.value).toEqual([]);
  });

  it('"Flag scam post" by a moderator: modal, verified reports, then Delete and Timeout with mod-log posts', async () => {
    const post = messagePayload({
      channelId: GENERAL,
      guildId: GUILD_ID,
      author: scammer,
      content: `🎁 Airdrop! send 0.1 ETH to ${DARKLIST_ENTRY.address} and get 1 back, or BTC to bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4`,
    });
    // Discord serves the post when the form is submitted: the bot reads it again then.
    fake.serveMessage(post);
    const menu = send(messageMenuInteraction(scope, moderator, 'Flag scam post', post));
    const modal = (await callbackOf(menu)).body;
    expect(modal.type).toBe(9);
    expect(modal.data.custom_id).toMatch(
      new RegExp(`^flag:submit:${GENERAL}:${post.id}:${scammer.id}:[A-Za-z0-9_-]{16}$`),
    );
    const prefilled = modal.data.components
      .map((label: { component: { custom_id: string; value?: string } }) => label.component)
      .find((c: { custom_id: string }) => c.custom_id === 'addresses');
    expect(prefilled.value.split('\n')).toEqual([
      '0x09750Ad360fDB7a2ee23669C4503C974d86D8694',
      'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4',
    ]);

    const modLogBefore = modLogPosts().length;
    const submit = send(
      modalSubmitInteraction(scope, moderator, modal.data.custom_id, [
        { customId: 'category', values: ['fake-airdrop'] },
        { customId: 'note', value: 'Fake airdrop @everyone **urgent**' },
        { customId: 'addresses', value: prefilled.value },
      ]),
    );
    expect((await callbackOf(submit)).body).toEqual({ type: 5, data: { flags: EPHEMERAL } });
    const reply = await originalEditOf(submit);
    expect(reply.body.content).toContain(
      'Saved 2 addresses as fake airdrop / drainer reports verified in this server',
    );
    const buttons = reply.body.components[0].components as Array<{ label: string; custom_id: string }>;
    expect(buttons.map((b) => b.label)).toEqual(['Delete post', 'Timeout author 1h', 'Timeout author 24h']);

    // As stored (the public listing withholds the link, which names the server).
    const stored = await context.stores.reports.listReports(DARKLIST_ENTRY.address.toLowerCase(), 10);
    expect(stored).toMatchObject([
      {
        category: 'fake-airdrop',
        reporter: `discord:${moderator.user.id}`,
        verifiedBy: `discord:${moderator.user.id}`,
        community: COMMUNITY,
        evidence: `https://discord.com/channels/${GUILD_ID}/${GENERAL}/${post.id}`,
      },
    ]);
    const btc = await context.chainwarden.listReports('bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4');
    expect(btc.ok && btc.value.length).toBe(1);

    const flagPost = await waitForNth(
      (c) => c.method === 'POST' && c.path === `/channels/${MOD_LOG}/messages`,
      modLogBefore,
    );
    expect(flagPost.body.content).toContain(`<@${moderator.user.id}> flagged a post by <@${scammer.id}>`);
    expect(flagPost.body.content).toContain('@\u200beveryone \\*\\*urgent\\*\\*');
    expect(flagPost.body.allowed_mentions).toEqual({ parse: [] });

    // The moderator's ephemeral reply, as Discord would attach it to the button interaction.
    const replyMessage = {
      ...messagePayload({
        channelId: GENERAL,
        author: { id: APP_ID, username: 'chainwarden', bot: true },
        content: reply.body.content,
      }),
      components: reply.body.components,
      flags: EPHEMERAL,
      webhook_id: APP_ID,
    };
    const deleteClick = send(buttonInteraction(scope, moderator, buttons[0]!.custom_id, replyMessage));
    expect((await callbackOf(deleteClick)).body).toEqual({ type: 6 });
    const deletion = await fake.waitForCall(
      (c) => c.method === 'DELETE' && c.path === `/channels/${GENERAL}/messages/${post.id}`,
    );
    expect(deletion.headers['x-audit-log-reason']).toContain('mod');
    const afterDelete = await originalEditOf(deleteClick);
    expect(afterDelete.body.content).toContain('Post deleted.');
    expect(afterDelete.body.components[0].components.map((b: { label: string }) => b.label)).toEqual([
      'Timeout author 1h',
      'Timeout author 24h',
    ]);

    const before = Date.now();
    const timeoutClick = send(
      buttonInteraction(scope, moderator, buttons[2]!.custom_id, {
        ...replyMessage,
        components: afterDelete.body.components,
      }),
    );
    const timeout = await fake.waitForCall(
      (c) => c.method === 'PATCH' && c.path === `/guilds/${GUILD_ID}/members/${scammer.id}`,
    );
    const until = Date.parse(timeout.body.communication_disabled_until);
    expect(until - before).toBeGreaterThan(24 * 3_600_000 - 60_000);
    expect(until - before).toBeLessThan(24 * 3_600_000 + 60_000);
    const afterTimeout = await originalEditOf(timeoutClick);
    expect(afterTimeout.body.content).toContain('Author timed out for 24h.');
    expect(afterTimeout.body.components).toEqual([]);

    await waitForNth(
      (c) => c.method === 'POST' && c.path === `/channels/${MOD_LOG}/messages`,
      modLogBefore + 2,
    );
    const posts = modLogPosts()
      .slice(modLogBefore)
      .map((c) => c.body.content as string);
    expect(posts[1]).toContain(`deleted a flagged post by <@${scammer.id}>`);
    expect(posts[2]).toContain(`timed out <@${scammer.id}> for 24h`);
    const log = await context.chainwarden.moderationLog.recent(COMMUNITY, 10);
    expect(log.map((a) => a.action)).toEqual(expect.arrayContaining(['flag', 'delete-message', 'timeout']));
  });

  it('"Flag scam post" refuses addresses typed into the form that are not in the post, saving the rest', async () => {
    const { reply } = await flagThroughForm(`Withdraw via ${UNUSED_EVM} only`, {
      category: 'fake-exchange',
      addresses: `${UNUSED_EVM}\n${BUTTON_REPORTED}\n${TORNADO_CASH}`,
    });
    expect(reply.body.content).toContain('Saved 1 address as fake exchange reports verified in this server');
    expect(reply.body.content).toContain(`Not saved:\n\`${BUTTON_REPORTED}\`: is not in the flagged post`);
    expect(reply.body.content).toContain(`\`${TORNADO_CASH}\`: is not in the flagged post`);
    for (const stranger of [BUTTON_REPORTED, TORNADO_CASH]) {
      const reports = await context.chainwarden.listReports(stranger);
      expect(reports.ok && reports.value.filter((r) => r.verifiedBy)).toEqual([]);
    }
    const saved = await context.chainwarden.listReports(UNUSED_EVM);
    expect(saved.ok && saved.value.filter((r) => r.verifiedBy).map((r) => r.category)).toEqual([
      'fake-exchange',
    ]);
  });

  it('"Flag scam post" saves nothing when the form lists only addresses that are not in the post', async () => {
    const { reply } = await flagThroughForm(`Withdraw via ${BECH32_VECTOR} only`, {
      category: 'phishing',
      addresses: TAPROOT_VECTOR,
    });
    expect(reply.body.content).toBe(`Nothing was saved.\n\`${TAPROOT_VECTOR}\`: is not in the flagged post`);
    expect(reply.body.components).toEqual([]);
    const reports = await context.chainwarden.listReports(TAPROOT_VECTOR);
    expect(reports.ok && reports.value).toEqual([]);
  });

  it('"Flag scam post" says so when the post was deleted before the form was sent, and saves nothing', async () => {
    // Not served: Discord answers 404 Unknown Message when the bot reads the post again.
    const { submit, reply } = await flagThroughForm(
      `Withdraw via ${SOLANA_USDC_MINT} only`,
      { category: 'phishing', addresses: SOLANA_USDC_MINT },
      false,
    );
    expect(reply.body.content).toContain(
      'The post was deleted before the form was sent, so nothing was saved.',
    );
    const reports = await context.chainwarden.listReports(SOLANA_USDC_MINT);
    expect(reports.ok && reports.value).toEqual([]);
    expect(failuresLoggedFor(submit)).toEqual([]);
  });

  it('auto-moderation deletes a post with a listed scam address, notices once per channel', async () => {
    await context.stores.lists.replaceList(
      { source: 'mew-darklist', kind: 'scam', listDate: '2020-11-17', category: 'phishing' },
      (async function* () {
        yield [
          {
            key: '0xc915ec7f4cfd1c0a8aba090f03bfaab588aef9b4',
            chain: 'evm' as const,
            display: '0xc915eC7f4CFD1C0A8Aba090F03BfaAb588aEF9B4',
            label: 'XRP phishing website (ripple.com.pt) that got exchanged to ETH through Coinswitch',
            category: 'phishing' as const,
            entity: null,
            program: null,
            listedAt: '2020-11-14',
          },
        ];
      })(),
    );
    const scam = '0xc915eC7f4CFD1C0A8Aba090F03BfaAb588aEF9B4';
    const first = messagePayload({
      channelId: GENERAL,
      guildId: GUILD_ID,
      author: scammer,
      content: `Support here, send to ${scam}`,
    });
    const second = messagePayload({
      channelId: GENERAL,
      guildId: GUILD_ID,
      author: scammer,
      content: `again ${scam}`,
    });
    const noticesBefore = fake.callsTo('POST', `/channels/${GENERAL}/messages`).length;
    fake.dispatch('MESSAGE_CREATE', first);

    await fake.waitForCall(
      (c) => c.method === 'DELETE' && c.path === `/channels/${GENERAL}/messages/${first.id}`,
    );
    const notice = await waitForNth(
      (c) => c.method === 'POST' && c.path === `/channels/${GENERAL}/messages`,
      noticesBefore,
    );
    expect(notice.body.content).toContain(`removed a post by <@${scammer.id}>`);
    expect(notice.body.content).not.toContain(scam);
    expect(notice.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
    const isAutoDeletePost = (c: RecordedCall) =>
      c.method === 'POST' &&
      c.path === `/channels/${MOD_LOG}/messages` &&
      String(c.body.content).includes('Auto-moderation deleted');
    const modLog = await fake.waitForCall(isAutoDeletePost);
    expect(modLog.body.content).toContain(`\`${scam}\` high`);

    fake.dispatch('MESSAGE_CREATE', second);
    await fake.waitForCall(
      (c) => c.method === 'DELETE' && c.path === `/channels/${GENERAL}/messages/${second.id}`,
    );
    await waitForNth(isAutoDeletePost, 1);
    expect(fake.callsTo('POST', `/channels/${GENERAL}/messages`).length).toBe(noticesBefore + 1);
    const log = await context.chainwarden.moderationLog.recent(COMMUNITY, 20);
    expect(
      log
        .filter((a) => a.action === 'auto-delete')
        .map((a) => a.target)
        .sort(),
    ).toEqual([first.id, second.id].sort());
  });

  it('auto-moderation deletes scam posts by other bots and webhooks, never its own', async () => {
    // The darklist entry of the test above; delete mode is still on.
    const scam = '0xc915eC7f4CFD1C0A8Aba090F03BfaAb588aEF9B4';
    const own = messagePayload({
      channelId: INTEGRATIONS,
      guildId: GUILD_ID,
      author: { id: APP_ID, username: 'chainwarden', bot: true },
      content: `I removed \`${scam}\``,
    });
    const fromBot = messagePayload({
      channelId: INTEGRATIONS,
      guildId: GUILD_ID,
      author: otherBot,
      content: `relay: ${scam}`,
    });
    const webhookId = '1500000000000000001';
    const fromWebhook = messagePayload({
      channelId: INTEGRATIONS,
      guildId: GUILD_ID,
      author: { id: webhookId, username: 'Giveaway *Bot*', bot: true },
      webhookId,
      content: `claim now: ${scam}`,
    });
    for (const post of [own, fromBot, fromWebhook]) fake.dispatch('MESSAGE_CREATE', post);
    for (const post of [fromBot, fromWebhook]) {
      await fake.waitForCall(
        (c) => c.method === 'DELETE' && c.path === `/channels/${INTEGRATIONS}/messages/${post.id}`,
      );
    }
    // The two posts are screened at once, and the channel is warned about the address once: the
    // notice names whichever poster was screened first.
    const notice = await fake.waitForCall(
      (c) => c.method === 'POST' && c.path === `/channels/${INTEGRATIONS}/messages`,
    );
    expect(notice.body.content).toMatch(
      new RegExp(`removed a post by (<@${otherBot.id}>|the webhook “Giveaway \\\\\\*Bot\\\\\\*”)`),
    );
    const webhookLine = await fake.waitForCall(
      (c) =>
        c.method === 'POST' &&
        c.path === `/channels/${MOD_LOG}/messages` &&
        String(c.body.content).includes('the webhook'),
    );
    expect(webhookLine.body.content).toContain('post by the webhook “Giveaway \\*Bot\\*”');
    const log = await context.chainwarden.moderationLog.recent(COMMUNITY, 50);
    expect(log.find((a) => a.target === fromWebhook.id)).toMatchObject({
      action: 'auto-delete',
      details: { author: `discord:${webhookId}`, webhookId },
    });
    expect(log.find((a) => a.target === fromBot.id)).toMatchObject({ details: { bot: true } });
    expect(fake.callsTo('DELETE', `/channels/${INTEGRATIONS}/messages/${own.id}`)).toEqual([]);
    expect(log.find((a) => a.target === own.id)).toBeUndefined();
  });

  it('auto-moderation in warn mode replies to a risky post and leaves a low-risk one alone', async () => {
    await context.chainwarden.settings.update(COMMUNITY, { scanMode: 'warn' });
    // SECOND_REPORTED has one unverified report (low); REPORTED a verified one (high, the trigger level).
    const harmless = messagePayload({
      channelId: TRADING,
      guildId: GUILD_ID,
      author: scammer,
      content: `mine: ${SECOND_REPORTED}`,
    });
    const risky = messagePayload({
      channelId: TRADING,
      guildId: GUILD_ID,
      author: scammer,
      content: `pay **${REPORTED}** <@123>`,
    });
    fake.dispatch('MESSAGE_CREATE', harmless);
    fake.dispatch('MESSAGE_CREATE', risky);
    const warning = await fake.waitForCall(
      (c) => c.method === 'POST' && c.path === `/channels/${TRADING}/messages`,
    );
    expect(warning.body.message_reference).toMatchObject({ message_id: risky.id });
    expect(warning.body.content).toContain('HIGH risk address');
    expect(warning.body.embeds[0].description).toBe(`\`${REPORTED}\` · Ethereum / EVM`);
    expect(warning.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
    await fake.waitForCall(
      (c) =>
        c.method === 'POST' &&
        c.path === `/channels/${MOD_LOG}/messages` &&
        String(c.body.content).includes('warned about'),
    );
    expect(fake.callsTo('POST', `/channels/${TRADING}/messages`)).toHaveLength(1);
    expect(fake.callsTo('DELETE', new RegExp(`^/channels/${TRADING}/`))).toEqual([]);
  });

  it('apologises with a reference id, logged once, when Discord rejects a reply', async () => {
    const i = slashCommandInteraction(scope, member, 'check', { address: REPORTED });
    fake.failNext({
      method: 'PATCH',
      path: new RegExp(`/webhooks/${APP_ID}/${i.token}/messages/@original$`),
      status: 400,
      code: 50035,
      message: 'Invalid Form Body',
    });
    send(i);
    const apology = await originalEditOf(i, 1);
    const reference = /Reference: `([0-9a-f]{8})`/.exec(apology.body.content)?.[1];
    expect(reference).toBeDefined();
    expect(apology.body.content).not.toContain('Invalid Form Body');
    const failures = logLines.filter((l) => l.msg === 'interaction failed' && l.interactionId === i.id);
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({
      reference,
      command: 'check',
      guildId: GUILD_ID,
      userId: member.user.id,
    });
  });
});

/** The bot's reply as Discord attaches it to a button interaction on it. */
function replyAsMessage(
  body: { content?: string; embeds?: unknown[]; components?: unknown[] },
  ephemeral: boolean,
) {
  return {
    ...messagePayload({
      channelId: GENERAL,
      author: { id: APP_ID, username: 'chainwarden', bot: true },
      content: body.content ?? '',
    }),
    embeds: body.embeds ?? [],
    components: body.components ?? [],
    flags: ephemeral ? EPHEMERAL : 0,
    webhook_id: APP_ID,
  };
}

const failuresLoggedFor = (i: Interaction) =>
  logLines.filter((l) => l.msg === 'interaction failed' && l.interactionId === i.id);

describe('Report and Details buttons under a risk summary', () => {
  const key = BUTTON_REPORTED.toLowerCase();
  let checkReply: ReturnType<typeof replyAsMessage>;

  beforeAll(async () => {
    const i = send(
      slashCommandInteraction(scope, moderator, 'check', { address: BUTTON_REPORTED, public: true }),
    );
    const edit = await originalEditOf(i);
    checkReply = replyAsMessage(edit.body, false);
  });

  it('"Report" opens a form whose category box lists the valid categories', async () => {
    const click = send(buttonInteraction(scope, member, `addr:report:${key}`, checkReply));
    const modal = (await callbackOf(click)).body;
    expect(modal.type).toBe(9);
    expect(modal.data.custom_id).toBe(`addr:file:${key}`);
    expect(modal.data.title).toBe('Report 0xdbF0…C6FB');
    const inputs = modal.data.components.map(
      (label: { component: { custom_id: string; placeholder?: string; required?: boolean } }) =>
        label.component,
    );
    expect(inputs.map((c: { custom_id: string }) => c.custom_id)).toEqual(['category', 'note', 'evidence']);
    expect(inputs[0]).toMatchObject({ type: 4, required: true });
    expect(inputs[0].placeholder).toContain('phishing');
    expect(inputs[0].placeholder).toContain('fake-airdrop');
    expect(inputs[0].placeholder).toContain('other');
  });

  it('a form with an unknown category gets the core’s reason and saves nothing', async () => {
    const submit = send(
      modalSubmitInteraction(scope, member, `addr:file:${key}`, [
        { customId: 'category', value: 'crypto scam' },
        { customId: 'note', value: '' },
        { customId: 'evidence', value: '' },
      ]),
    );
    expect((await callbackOf(submit)).body).toEqual({ type: 5, data: { flags: EPHEMERAL } });
    const [embed] = (await originalEditOf(submit)).body.embeds;
    expect(embed.title).toBe('❔ Report not saved');
    expect(embed.description).toContain('"crypto scam" is not a report category');
    expect(embed.fields[0].value).toContain('one of: phishing, impersonation, fake-airdrop');
    const reports = await context.chainwarden.listReports(BUTTON_REPORTED);
    expect(reports.ok && reports.value).toEqual([]);
  });

  it('a valid form files a report as the member who clicked, in this server', async () => {
    const submit = send(
      modalSubmitInteraction(scope, member, `addr:file:${key}`, [
        { customId: 'category', value: 'Rug pull' },
        { customId: 'note', value: 'Team vanished <@123> @everyone **gone**' },
        { customId: 'evidence', value: '' },
      ]),
    );
    const edit = await originalEditOf(submit);
    expect(edit.body.embeds[0].title).toBe('✅ Report saved');
    expect(edit.body.embeds[0].description).toContain(`\`${BUTTON_REPORTED}\` reported as rug pull.`);
    expect(edit.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
    const reports = await context.chainwarden.listReports(BUTTON_REPORTED);
    expect(reports.ok && reports.value).toMatchObject([
      {
        category: 'rug-pull',
        reporter: `discord:${member.user.id}`,
        community: COMMUNITY,
        source: 'discord',
        verifiedBy: null,
        note: 'Team vanished <@123> @everyone **gone**',
        evidence: null,
      },
    ]);
  });

  it('"Details" answers privately with every reason, its source and the latest reports, notes escaped', async () => {
    const click = send(buttonInteraction(scope, moderator, `addr:details:${key}`, checkReply));
    expect((await callbackOf(click)).body).toEqual({ type: 5, data: { flags: EPHEMERAL } });
    const edit = await originalEditOf(click);
    expect(edit.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
    const [embed] = edit.body.embeds;
    expect(embed.title).toMatch(/^🔎 Details · \S+ [A-Z]+ · \d+\/100$/);
    expect(embed.description).toBe(`\`${BUTTON_REPORTED}\` · Ethereum / EVM`);
    const fields = embed.fields as Array<{ name: string; value: string }>;
    const community = fields.find((f) => f.name === 'Community reports');
    expect(community?.value).toMatch(/Source: \S+/);
    const report = fields.find((f) => f.name === 'Report: rug pull');
    expect(report?.value).toMatch(/^<t:\d+:R>/);
    expect(report?.value).toContain('<\u200b@123> @\u200beveryone \\*\\*gone\\*\\*');
    expect(failuresLoggedFor(click)).toEqual([]);
  });

  it('"Details" on a forged custom id says the address is not valid', async () => {
    const click = send(buttonInteraction(scope, member, 'addr:details:0x1234', checkReply));
    const [embed] = (await originalEditOf(click)).body.embeds;
    expect(embed.title).toBe('❔ Not a valid address');
  });
});

/**
 * A moderator flags a fresh post by `author` offering a Taproot address, as ponzi; returns the post,
 * the moderator's ephemeral reply as a message, and its buttons.
 */
async function flagTaprootPostBy(author: FakeUser) {
  const post = messagePayload({
    channelId: GENERAL,
    guildId: GUILD_ID,
    author,
    content: `Send BTC to ${TAPROOT_VECTOR} for 2x back`,
  });
  fake.serveMessage(post);
  const menu = send(messageMenuInteraction(scope, moderator, 'Flag scam post', post));
  const modal = (await callbackOf(menu)).body;
  const submit = send(
    modalSubmitInteraction(scope, moderator, modal.data.custom_id, [
      { customId: 'category', values: ['ponzi'] },
      { customId: 'note', value: '' },
      { customId: 'addresses', value: TAPROOT_VECTOR },
    ]),
  );
  const reply = await originalEditOf(submit);
  const buttons = reply.body.components[0].components as Array<{ label: string; custom_id: string }>;
  return { post, message: replyAsMessage(reply.body, true), buttons };
}

describe('Flag scam post when Discord refuses the follow-up action', () => {
  /** Flags a fresh post and returns the moderator's ephemeral reply as a message, and its buttons. */
  async function flagFreshPost(author: FakeUser = scammer) {
    await context.chainwarden.settings.update(COMMUNITY, { modLogChannel: MOD_LOG });
    return flagTaprootPostBy(author);
  }

  async function trail() {
    return {
      modLogPosts: modLogPosts().length,
      log: (await context.chainwarden.moderationLog.recent(COMMUNITY, 200)).length,
    };
  }

  it('"Delete post" on a post already deleted says so, drops the button and logs nothing', async () => {
    const { post, message, buttons } = await flagFreshPost();
    const before = await trail();
    fake.failNext({
      method: 'DELETE',
      path: new RegExp(`^/channels/${GENERAL}/messages/${post.id}$`),
      status: 404,
      code: 10008,
      message: 'Unknown Message',
    });
    const click = send(buttonInteraction(scope, moderator, buttons[0]!.custom_id, message));
    expect((await callbackOf(click)).body).toEqual({ type: 6 });
    const edit = await originalEditOf(click);
    expect(edit.body.content).toContain('The post was already deleted.');
    expect(edit.body.components[0].components.map((b: { label: string }) => b.label)).toEqual([
      'Timeout author 1h',
      'Timeout author 24h',
    ]);
    expect(await trail()).toEqual(before);
    expect(failuresLoggedFor(click)).toEqual([]);
  });

  it('"Delete post" without Manage Messages in the channel tells the moderator and keeps the button', async () => {
    const { post, message, buttons } = await flagFreshPost();
    const before = await trail();
    fake.failNext({
      method: 'DELETE',
      path: new RegExp(`^/channels/${GENERAL}/messages/${post.id}$`),
      status: 403,
      code: 50013,
      message: 'Missing Permissions',
    });
    const click = send(buttonInteraction(scope, moderator, buttons[0]!.custom_id, message));
    const edit = await originalEditOf(click);
    expect(edit.body.content).toContain(
      'I could not delete the post: I lack Manage Messages in that channel.',
    );
    expect(edit.body.content).not.toContain('Missing Permissions');
    expect(edit.body.components[0].components.map((b: { label: string }) => b.label)).toEqual([
      'Delete post',
      'Timeout author 1h',
      'Timeout author 24h',
    ]);
    expect(await trail()).toEqual(before);
    expect(failuresLoggedFor(click)).toEqual([]);
    const warning = logLines.find(
      (l) => l.msg === 'discord refused a moderation action' && l.interactionId === click.id,
    );
    expect(warning).toMatchObject({ discordCode: 50013 });
  });

  it('a timeout Discord refuses with 403 explains the likely causes, keeps the buttons and logs nothing', async () => {
    const { message, buttons } = await flagFreshPost();
    const before = await trail();
    fake.failNext({
      method: 'PATCH',
      path: new RegExp(`^/guilds/${GUILD_ID}/members/${scammer.id}$`),
      status: 403,
      code: 50013,
      message: 'Missing Permissions',
    });
    const click = send(buttonInteraction(scope, moderator, buttons[1]!.custom_id, message));
    expect((await callbackOf(click)).body).toEqual({ type: 6 });
    const edit = await originalEditOf(click);
    expect(edit.body.content).toContain('I could not time out the author');
    expect(edit.body.content).toContain('their highest role is at or above mine');
    expect(edit.body.components[0].components.map((b: { label: string }) => b.label)).toEqual([
      'Delete post',
      'Timeout author 1h',
      'Timeout author 24h',
    ]);
    expect(await trail()).toEqual(before);
    expect(failuresLoggedFor(click)).toEqual([]);
  });
});

describe('Flag scam post: the timeout follows Discord’s hierarchy, the buttons only what the bot signed', () => {
  async function flagPostBy(author: FakeUser, roles: string[]) {
    fake.setMember(author, roles);
    return flagTaprootPostBy(author);
  }

  const timeoutsOf = (userId: string) => fake.callsTo('PATCH', `/guilds/${GUILD_ID}/members/${userId}`);

  for (const [who, author, roles, reason] of [
    [
      'a fellow moderator (same highest role)',
      { id: '1400000000000000011', username: 'other-mod' },
      [ROLES.moderators.id],
      'Your highest role must be above the author’s',
    ],
    [
      'an administrator',
      { id: '1400000000000000012', username: 'admin' },
      [ROLES.admins.id],
      'The author is an administrator',
    ],
    ['the owner', { id: OWNER_ID, username: 'owner' }, [], 'The author owns this server'],
  ] as const) {
    it(`refuses to time out ${who}, says why and calls no timeout`, async () => {
      const { message, buttons } = await flagPostBy(author, [...roles]);
      const click = send(buttonInteraction(scope, moderator, buttons[1]!.custom_id, message));
      const edit = await originalEditOf(click);
      expect(edit.body.content).toContain(reason);
      expect(timeoutsOf(author.id)).toEqual([]);
    });
  }

  it('refuses a button whose custom id was altered to another member, and calls no timeout', async () => {
    const victim = { id: '1400000000000000013', username: 'victim' };
    fake.setMember(victim, [ROLES.members.id]);
    const { message, buttons } = await flagPostBy(scammer, [ROLES.members.id]);
    const forged = buttons[1]!.custom_id.replace(`:${scammer.id}:`, `:${victim.id}:`);
    const click = send(buttonInteraction(scope, moderator, forged, message));
    expect((await callbackOf(click)).body.data.content).toContain('This button or form is not valid here');
    expect(timeoutsOf(victim.id)).toEqual([]);
  });

  it('refuses a button whose signature was replaced by 16 non-ASCII characters, as forged, not as a failure', async () => {
    const { message, buttons } = await flagPostBy(scammer, [ROLES.members.id]);
    const forged = buttons[1]!.custom_id.replace(/[^:]+$/, 'é'.repeat(16));
    const timeoutsBefore = timeoutsOf(scammer.id).length;
    const click = send(buttonInteraction(scope, moderator, forged, message));
    expect((await callbackOf(click)).body.data.content).toContain('This button or form is not valid here');
    expect(timeoutsOf(scammer.id)).toHaveLength(timeoutsBefore);
  });

  it('refuses a genuine button pressed in another channel than the flagged post’s', async () => {
    const { post, message, buttons } = await flagPostBy(scammer, [ROLES.members.id]);
    const elsewhere = { ...scope, channelId: TRADING };
    const click = send(buttonInteraction(elsewhere, moderator, buttons[0]!.custom_id, message));
    expect((await callbackOf(click)).body.data.content).toContain('This button or form is not valid here');
    expect(fake.callsTo('DELETE', `/channels/${GENERAL}/messages/${post.id}`)).toEqual([]);
  });
});

describe('Auto-moderation of edited posts', () => {
  const autoActionsOn = async (messageId: string) =>
    (await context.chainwarden.moderationLog.recent(COMMUNITY, 500)).filter(
      (a) => a.target === messageId && a.action.startsWith('auto-'),
    );
  const modLogPostsSaying = (text: string) => (c: RecordedCall) =>
    c.method === 'POST' &&
    c.path === `/channels/${MOD_LOG}/messages` &&
    String(c.body.content).includes(text);

  beforeAll(async () => {
    // A moderator-verified report makes the address HIGH, the trigger level set earlier in this file.
    await context.chainwarden.submitReport({
      address: DARKLIST_ENTRY.address,
      category: 'phishing',
      reporter: 'discord:1400000000000000010',
      verifiedBy: moderator.user.id,
      source: 'discord',
      community: COMMUNITY,
    });
    await context.chainwarden.settings.update(COMMUNITY, { modLogChannel: MOD_LOG, minLevel: 'high' });
  });

  it('warns when a harmless post is edited to hold a scam address, and only for edits that add one', async () => {
    await context.chainwarden.settings.update(COMMUNITY, { scanMode: 'warn' });
    const post = messagePayload({
      channelId: EDITS,
      guildId: GUILD_ID,
      author: scammer,
      content: 'gm, wallet soon',
    });
    fake.dispatch('MESSAGE_CREATE', post);
    // A link preview arriving: same text, not edited.
    fake.dispatch('MESSAGE_UPDATE', messageUpdatePayload(post, { embeds: [] }));
    fake.dispatch(
      'MESSAGE_UPDATE',
      messageUpdatePayload(post, { content: `gm, send here ${REPORTED}`, editedAt: new Date() }),
    );

    const warning = await fake.waitForCall(
      (c) => c.method === 'POST' && c.path === `/channels/${EDITS}/messages`,
    );
    expect(warning.body.message_reference).toMatchObject({ message_id: post.id });
    expect(warning.body.content).toContain('HIGH risk address');
    expect(warning.body.embeds[0].description).toBe(`\`${REPORTED}\` · Ethereum / EVM`);
    expect(warning.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
    const logged = await fake.waitForCall(modLogPostsSaying('warned about an edited post'));
    expect(logged.body.content).toContain(`<@${scammer.id}> in <#${EDITS}>`);

    // A typo fixed around the same address adds nothing to screen; a second address does.
    fake.dispatch(
      'MESSAGE_UPDATE',
      messageUpdatePayload(post, { content: `gm! send here: ${REPORTED}`, editedAt: new Date() }),
    );
    fake.dispatch(
      'MESSAGE_UPDATE',
      messageUpdatePayload(post, {
        content: `gm! send here: ${REPORTED} or ${DARKLIST_ENTRY.address}`,
        editedAt: new Date(),
      }),
    );
    await waitForNth(modLogPostsSaying('warned about an edited post'), 1);
    const actions = await autoActionsOn(post.id);
    expect(actions.map((a) => a.action)).toEqual(['auto-warn', 'auto-warn']);
    expect(actions.every((a) => a.details.edited === true)).toBe(true);
    // The per-channel notice limit covers edits too: the second warning is logged, not posted.
    expect(fake.callsTo('POST', `/channels/${EDITS}/messages`)).toHaveLength(1);
    expect(actions.map((a) => a.details.noticePosted).sort()).toEqual([false, true]);
    expect(fake.callsTo('DELETE', new RegExp(`^/channels/${EDITS}/`))).toEqual([]);
  });

  it('deletes a post it never saw posted once its author edits a scam address into it', async () => {
    await context.chainwarden.settings.update(COMMUNITY, { scanMode: 'delete' });
    // Posted before the bot started, so not cached: a preview or pin update (not edited) is left alone.
    const pinned = messagePayload({
      channelId: OLD_POSTS,
      guildId: GUILD_ID,
      author: scammer,
      content: `old ${REPORTED}`,
    });
    const edited = messagePayload({
      channelId: OLD_POSTS,
      guildId: GUILD_ID,
      author: scammer,
      content: 'hi',
    });
    fake.dispatch('MESSAGE_UPDATE', messageUpdatePayload(pinned, { embeds: [] }));
    fake.dispatch(
      'MESSAGE_UPDATE',
      messageUpdatePayload(edited, { content: `DM me or pay ${REPORTED}`, editedAt: new Date() }),
    );

    await fake.waitForCall(
      (c) => c.method === 'DELETE' && c.path === `/channels/${OLD_POSTS}/messages/${edited.id}`,
    );
    const notice = await fake.waitForCall(
      (c) => c.method === 'POST' && c.path === `/channels/${OLD_POSTS}/messages`,
    );
    expect(notice.body.content).toContain(`removed a post by <@${scammer.id}>`);
    expect(notice.body.content).not.toContain(REPORTED);
    const logged = await fake.waitForCall(modLogPostsSaying('deleted an edited post'));
    expect(logged.body.content).toContain(`\`${REPORTED}\` high`);
    expect((await autoActionsOn(edited.id)).map((a) => a.action)).toEqual(['auto-delete']);
    expect(fake.callsTo('DELETE', `/channels/${OLD_POSTS}/messages/${pinned.id}`)).toEqual([]);
    expect(await autoActionsOn(pinned.id)).toEqual([]);
  });

  it('fetches a post Discord sent only in part and deletes it when the edit holds a scam address', async () => {
    await context.chainwarden.settings.update(COMMUNITY, { scanMode: 'delete' });
    const gone = messagePayload({ channelId: OLD_POSTS, guildId: GUILD_ID, author: scammer, content: 'x' });
    const post = {
      ...messagePayload({
        channelId: OLD_POSTS,
        guildId: GUILD_ID,
        author: scammer,
        content: `new address: ${DARKLIST_ENTRY.address}`,
      }),
      edited_timestamp: new Date().toISOString(),
    };
    fake.serveMessage(post);
    // Deleted before the bot could fetch it: Discord answers 404 Unknown Message.
    fake.dispatch('MESSAGE_UPDATE', partialMessageUpdatePayload(gone));
    fake.dispatch('MESSAGE_UPDATE', partialMessageUpdatePayload(post));

    await fake.waitForCall(
      (c) => c.method === 'GET' && c.path === `/channels/${OLD_POSTS}/messages/${post.id}`,
    );
    await fake.waitForCall(
      (c) => c.method === 'DELETE' && c.path === `/channels/${OLD_POSTS}/messages/${post.id}`,
    );
    await fake.waitForCall(
      (c) => c.method === 'GET' && c.path === `/channels/${OLD_POSTS}/messages/${gone.id}`,
    );
    const logged = await waitForNth(modLogPostsSaying('deleted an edited post'), 1);
    // Shown EIP-55 checksummed; the fixture is lowercase.
    expect(logged.body.content.toLowerCase()).toContain(`\`${DARKLIST_ENTRY.address}\` high`);
    expect(fake.callsTo('DELETE', `/channels/${OLD_POSTS}/messages/${gone.id}`)).toEqual([]);
    expect(logLines.filter((l) => l.messageId === gone.id).map((l) => [l.level, l.msg])).toEqual([
      [20, 'edited message was deleted before it was screened'],
    ]);
  });
});

describe('registerDiscordCommands', () => {
  it('PUTs every command globally, with moderator defaults on the moderator commands', async () => {
    const result = await registerDiscordCommands({
      token: 'fake-token',
      applicationId: APP_ID,
      apiRoot: fake.apiRoot,
    });
    expect(result).toEqual({ count: 13, scope: 'global' });
    const put = await fake.waitForCall(
      (c) => c.method === 'PUT' && c.path === `/applications/${APP_ID}/commands`,
    );
    expect(put.headers.authorization).toBe('Bot fake-token');
    const byName = new Map(
      (put.body as Array<{ name: string; type?: number; default_member_permissions?: string | null }>).map(
        (c) => [c.name, c],
      ),
    );
    expect([...byName.keys()].sort()).toEqual([
      'Check addresses',
      'Flag scam post',
      'appeal',
      'check',
      'help',
      'report',
      'review',
      'settings',
      'trace',
      'unwatch',
      'watch',
      'watches',
      'weblogin',
    ]);
    expect(byName.get('weblogin')?.default_member_permissions).toBe(
      String(PermissionFlagsBits.ManageMessages),
    );
    expect(byName.get('review')?.default_member_permissions).toBe(String(PermissionFlagsBits.ManageMessages));
    expect(byName.get('Flag scam post')).toMatchObject({
      type: 3,
      default_member_permissions: String(PermissionFlagsBits.ManageMessages),
    });
    expect(byName.get('Check addresses')).toMatchObject({ type: 3 });
    expect(byName.get('appeal')?.default_member_permissions ?? null).toBeNull();
    expect(byName.get('settings')?.default_member_permissions).toBe(String(PermissionFlagsBits.ManageGuild));
    for (const name of ['watch', 'unwatch', 'watches']) {
      expect(byName.get(name)?.default_member_permissions).toBe(String(PermissionFlagsBits.ManageGuild));
    }
  });

  it('PUTs to the guild route with --guild', async () => {
    const guildId = snowflake();
    const result = await registerDiscordCommands({
      token: 'fake-token',
      applicationId: APP_ID,
      apiRoot: fake.apiRoot,
      guildId,
    });
    expect(result).toEqual({ count: 13, scope: 'guild' });
    const put = await fake.waitForCall(
      (c) => c.method === 'PUT' && c.path === `/applications/${APP_ID}/guilds/${guildId}/commands`,
    );
    expect(put.body).toHaveLength(13);
  });
});

describe('reporter weight and /review (issue 20)', () => {
  /** Made up for this scenario: a valid lower-case EVM address no other test reports. */
  const BRIGADED = '0x00000000000000000000000000000000000b71ad';
  const DAY = 86_400_000;

  async function report(actor: Actor) {
    const i = send(
      slashCommandInteraction(scope, actor, 'report', { address: BRIGADED, category: 'phishing' }),
    );
    return (await originalEditOf(i)).body.embeds[0] as { description: string };
  }

  async function checkTitle(): Promise<{ title: string; text: string }> {
    const i = send(slashCommandInteraction(scope, member, 'check', { address: BRIGADED }));
    const [embed] = (await originalEditOf(i)).body.embeds;
    return { title: embed.title, text: JSON.stringify(embed.fields) };
  }

  it('20 accounts made this week stay in review; two members of years count; a moderator’s approval makes it high', async () => {
    const now = Date.now();
    for (let n = 0; n < 20; n++) {
      const fresh: Actor = {
        user: { id: snowflakeAt(new Date(now - 2 * DAY)), username: `airdrop-fan-${n}` },
        permissions: BASIC,
        joinedAt: new Date(now - DAY),
      };
      const receipt = await report(fresh);
      expect(receipt.description).toContain(
        "Your report waits for a moderator's review before it changes the level: your account is new.",
      );
    }
    const brigaded = await checkTitle();
    expect(brigaded.title).toMatch(/^⚪ NONE · 0\/100$/);
    expect(brigaded.text).toContain('20 reports waiting for review');

    for (const [n, year] of [2017, 2019].entries()) {
      const veteran: Actor = {
        user: { id: snowflakeAt(new Date(`${year}-03-01T00:00:00Z`)), username: `veteran-${n}` },
        permissions: BASIC,
        joinedAt: new Date(`${year + 1}-06-01T00:00:00Z`),
      };
      expect((await report(veteran)).description).not.toContain('waits for a moderator');
    }
    expect((await checkTitle()).title).toBe('🟡 MEDIUM · 40/100');

    // A member without Manage Messages cannot open the queue.
    const refused = send(slashCommandInteraction(scope, member, 'review', {}));
    expect((await callbackOf(refused)).body.data.content).toBe(
      'Reviewing reports needs the Manage Messages permission.',
    );

    const opened = send(slashCommandInteraction(scope, moderator, 'review', {}));
    expect((await callbackOf(opened)).body).toEqual({ type: 5, data: { flags: EPHEMERAL } });
    const queue = (await originalEditOf(opened)).body;
    expect(queue.embeds[0].title).toBe('🕵️ 20 waiting for review, the oldest 5 shown');
    expect(queue.embeds[0].fields[0].name).toBe(
      `1. phishing · from discord, new account · ${new Date().toISOString().slice(0, 10)}`,
    );
    expect(JSON.stringify(queue)).not.toContain('airdrop-fan');
    expect(queue.components).toHaveLength(5);
    const approve = queue.components[0].components[0];
    expect(approve.label).toBe('Approve 1');

    // A forged id (another report, the signature kept) is refused and decides nothing.
    const [prefix, action, , signature] = String(approve.custom_id).split(':');
    const forged = send(
      buttonInteraction(
        scope,
        moderator,
        `${prefix}:${action}:999999:${signature}`,
        replyAsMessage(queue, true),
      ),
    );
    const forgedAnswer = (await callbackOf(forged)).body;
    expect(forgedAnswer.data?.content, JSON.stringify(forgedAnswer)).toBe(
      'This button is not valid. Open the queue again with /review.',
    );

    const click = send(buttonInteraction(scope, moderator, approve.custom_id, replyAsMessage(queue, true)));
    expect((await callbackOf(click)).body).toEqual({ type: 6 });
    const after = (await originalEditOf(click)).body;
    expect(after.embeds[0].title).toBe('🕵️ 19 waiting for review, the oldest 5 shown');
    expect(after.embeds[0].description).toContain('✅ Approved:');

    const approved = await checkTitle();
    expect(approved.title).toBe('🔴 HIGH · 85/100');
    expect(approved.text).toContain('19 reports waiting for review');
  }, 120_000);
});

describe('/appeal and appeals in /review (issue 20)', () => {
  const owner = Wallet.createRandom();
  const stranger = Wallet.createRandom();
  const veteran: Actor = {
    user: { id: snowflakeAt(new Date('2018-03-01T00:00:00Z')), username: 'veteran-appeal' },
    permissions: BASIC,
    joinedAt: new Date('2019-06-01T00:00:00Z'),
  };
  let challenge = '';

  async function ephemeralAnswer(i: Interaction): Promise<string> {
    expect((await callbackOf(i)).body).toEqual({ type: 5, data: { flags: EPHEMERAL } });
    const edit = (await originalEditOf(i)).body;
    expect(edit.allowed_mentions).toMatchObject({ parse: [] });
    return edit.content as string;
  }

  /** `/appeal` with the challenge signed by `wallet`, as the member. */
  const appealSignedBy = async (wallet: { signMessage(m: string): Promise<string> }, statement: string) =>
    ephemeralAnswer(
      send(
        slashCommandInteraction(scope, member, 'appeal', {
          address: owner.address,
          signature: await wallet.signMessage(challenge),
          statement,
        }),
      ),
    );

  it('/appeal address answers only the owner with the text to sign and how', async () => {
    const reported = send(
      slashCommandInteraction(scope, veteran, 'report', { address: owner.address, category: 'phishing' }),
    );
    await originalEditOf(reported);
    const text = await ephemeralAnswer(
      send(slashCommandInteraction(scope, member, 'appeal', { address: owner.address })),
    );
    expect(text).toContain(`To appeal the reports against \`${owner.address}\`, prove you control it.`);
    expect(text).toContain('Sign message');
    expect(text).toContain(
      `\`/appeal address:${owner.address} signature:SIGNATURE statement:why the reports are wrong\``,
    );
    challenge = /```\n(Chainwarden appeal: [^\n]+)\n```/.exec(text)?.[1] ?? '';
    expect(challenge).toMatch(/Nonce [0-9a-f]{20}\./);
  });

  it('/appeal with another wallet’s signature says not verified and files nothing', async () => {
    const text = await appealSignedBy(stranger, 'Mine, I promise.');
    expect(text).toMatch(/^❌ \*\*Not verified\.\*\* /);
    expect(await context.chainwarden.appeals.list()).toEqual([]);
  });

  it('/appeal with the owner’s signature files the appeal; a moderator upholds it from /review', async () => {
    const text = await appealSignedBy(owner, 'My *salary* wallet @everyone');
    expect(text).toMatch(
      /^✅ \*\*Verified\*\*: the signature proves control of `0x[0-9a-fA-F]{40}` \(eip191\)\.\nAppeal \d+ is filed/,
    );

    // The reports the brigade above left waiting are older: the operator clears them first.
    for (const item of await context.chainwarden.review.listReviews({ community: COMMUNITY }, 100)) {
      if (item.kind === 'report') {
        await context.chainwarden.review.decideReview({
          id: item.id,
          decision: 'reject',
          reviewer: 'cli:op',
          community: null,
        });
      }
    }
    const opened = send(slashCommandInteraction(scope, moderator, 'review', {}));
    await callbackOf(opened);
    const queue = (await originalEditOf(opened)).body;
    expect(queue.embeds[0].title).toBe('🕵️ 1 waiting for review, oldest first');
    const fields = queue.embeds[0].fields as Array<{ name: string; value: string }>;
    const n = fields.findIndex((f) => f.name.includes('appeal · owner proved control (eip191)'));
    expect(n).toBeGreaterThanOrEqual(0);
    expect(fields[n]?.name).toContain('disputes 1 report');
    expect(fields[n]?.value).toContain('My \\*salary\\* wallet @\u200beveryone');
    expect(JSON.stringify(queue)).not.toContain(member.user.id);
    const uphold = queue.components[n].components[0];
    expect(uphold.label).toBe(`Uphold ${n + 1}`);

    const click = send(buttonInteraction(scope, moderator, uphold.custom_id, replyAsMessage(queue, true)));
    expect((await callbackOf(click)).body).toEqual({ type: 6 });
    const after = (await originalEditOf(click)).body;
    expect(after.embeds[0].description).toContain('✅ Appeal upheld: 1 report on');
    expect(after.embeds[0].description).toContain('dismissed in this server.');

    const checked = send(slashCommandInteraction(scope, member, 'check', { address: owner.address }));
    const [embed] = (await originalEditOf(checked)).body.embeds;
    expect(embed.title).toMatch(/^⚪ NONE/);
    expect(JSON.stringify(embed.fields)).toContain('upheld');
  }, 60_000);
});
