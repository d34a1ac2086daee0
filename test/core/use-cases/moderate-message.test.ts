/**
 * Auto-moderation of one chat message as a moderator sees it, on real storage: what triggers a
 * warning or a delete, what the moderation log records, and the warning throttle on an injected clock.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createChainwarden,
  type DeleteResult,
  type ModerateMessageInput,
  StorageUnavailableError,
} from '../../../src/core/index.js';
import { batchesOf, listEntry } from '../../fixtures/builders.js';
import { DARKLIST_ENTRY, EIP55_ADDRESSES } from '../../fixtures/telegram/addresses.js';
import { createTestContext, type TestContext } from '../../support/context.js';

const LIMIT = 2;
const WINDOW_MS = 60_000;
/** Tornado Cash (test/adapters/discord/fixtures), listed as sanctioned below: severe, above the scam one. */
const SANCTIONED = '0x8589427373d6d84e98730d7795d8f6f8731fda16';

/** Made up, shaped like a Monero address (95 base58 characters): a chain the core does not parse, listed verbatim. */
const MONERO =
  '5AdrS6VkQWoyasqKXAYVBqk1jD9tJwRKUfxPWMp9hUpJBZZ7K8i9FhK3YdVwLH4zh5NBUNh2vuE5rB8fJxVpsXGTAuRJiZK';

let ctx: TestContext;
let clock = new Date('2026-11-30T08:00:00Z');
let nextCommunity = 1;

beforeAll(async () => {
  ctx = await createTestContext({ now: () => clock, warnings: { limit: LIMIT, windowMs: WINDOW_MS } });
  await ctx.stores.lists.replaceList(
    { source: 'mew-darklist', kind: 'scam', listDate: '2020-11-17', category: 'phishing' },
    batchesOf([listEntry(DARKLIST_ENTRY.address, { label: DARKLIST_ENTRY.comment, category: 'phishing' })]),
  );
  await ctx.stores.lists.replaceList(
    { source: 'ofac-sdn', kind: 'sanctions', listDate: '2024-09-27' },
    batchesOf([
      listEntry(SANCTIONED, { entity: 'TEST ENTITY', program: 'TEST' }),
      listEntry(MONERO, { chain: 'other', entity: 'TEST ENTITY', program: 'TEST' }),
    ]),
  );
});
afterAll(async () => {
  await ctx?.close();
});

const freshCommunity = () => `discord:12000000000000${nextCommunity++}`;
const deletes: string[] = [];

function message(community: string, text: string, extra: Partial<ModerateMessageInput> = {}) {
  const target = `message:${deletes.length + Math.random()}`;
  return {
    community,
    text,
    author: 'discord:666',
    target,
    deleteMessage: async (): Promise<DeleteResult> => {
      deletes.push(target);
      return { deleted: true };
    },
    ...extra,
  };
}

const logOf = (community: string) => ctx.chainwarden.moderationLog.recent(community, 50);

describe('moderateMessage', () => {
  it('does nothing with a message that holds nothing to screen, and logs nothing', async () => {
    const community = freshCommunity();
    expect(await ctx.chainwarden.moderateMessage(message(community, 'gm everyone'))).toEqual({
      action: 'none',
      reason: 'nothing-to-screen',
    });
    expect(await logOf(community)).toEqual([]);
  });

  it('does nothing with an address below the community’s trigger level', async () => {
    const community = freshCommunity();
    const outcome = await ctx.chainwarden.moderateMessage(message(community, `mine: ${EIP55_ADDRESSES[0]}`));
    expect(outcome).toEqual({ action: 'none', reason: 'below-trigger' });
    expect(await logOf(community)).toEqual([]);
  });

  it('does nothing when the community turned scanning off', async () => {
    const community = freshCommunity();
    await ctx.chainwarden.settings.update(community, { scanMode: 'off' });
    const outcome = await ctx.chainwarden.moderateMessage(
      message(community, `pay ${DARKLIST_ENTRY.address}`),
    );
    expect(outcome).toEqual({ action: 'none', reason: 'scanning-off' });
  });

  it('warns about a risky address, worst first, and logs the addresses, author and notice', async () => {
    const community = freshCommunity();
    const input = message(community, `pay ${DARKLIST_ENTRY.address} or ${SANCTIONED}`, {
      details: { channelId: '13' },
    });
    const before = deletes.length;
    const outcome = await ctx.chainwarden.moderateMessage(input);
    expect(outcome).toMatchObject({ action: 'warned', deleteRefused: null, warn: true });
    if (outcome.action === 'none') return;
    expect(outcome.risky.map((s) => s.level)).toEqual(['severe', 'high']);
    expect(deletes.length).toBe(before);
    const [entry] = await logOf(community);
    expect(entry).toMatchObject({
      action: 'auto-warn',
      actor: 'system',
      target: input.target,
      details: {
        channelId: '13',
        author: 'discord:666',
        noticePosted: true,
        addresses: [
          { address: expect.stringMatching(/^0x8589/i), level: 'severe' },
          { address: expect.stringMatching(/^0x0975/i), level: 'high' },
        ],
      },
    });
  });

  it('deletes in delete mode, then warns and logs an auto-delete', async () => {
    const community = freshCommunity();
    await ctx.chainwarden.settings.update(community, { scanMode: 'delete' });
    const input = message(community, `airdrop: ${DARKLIST_ENTRY.address}`);
    const outcome = await ctx.chainwarden.moderateMessage(input);
    expect(outcome).toMatchObject({ action: 'deleted', deleteRefused: null, warn: true });
    expect(deletes).toContain(input.target);
    expect((await logOf(community))[0]).toMatchObject({ action: 'auto-delete', target: input.target });
  });

  it('deletes a sanctioned address hidden behind 20 decoy addresses', async () => {
    const community = freshCommunity();
    await ctx.chainwarden.settings.update(community, { scanMode: 'delete' });
    // Digits-only EVM addresses: valid (no letters to checksum) and on no list.
    const decoys = Array.from({ length: 20 }, (_, i) => `0x${String(i + 1).padStart(40, '0')}`);
    const input = message(community, `pick any: ${decoys.join(' ')} or ${SANCTIONED}`);
    const outcome = await ctx.chainwarden.moderateMessage(input);
    expect(outcome).toMatchObject({ action: 'deleted', risky: [{ level: 'severe', sanctioned: true }] });
    expect(deletes).toContain(input.target);
    expect((await logOf(community))[0]?.details.addresses).toEqual([
      expect.objectContaining({ address: '0x8589427373D6D84E98730D7795D8f6f8731FDA16', level: 'severe' }),
    ]);
  });

  it('deletes a listed string of a chain it does not parse hidden behind 20 decoy addresses and words', async () => {
    const community = freshCommunity();
    await ctx.chainwarden.settings.update(community, { scanMode: 'delete' });
    const decoys = Array.from({ length: 20 }, (_, i) => `0x${String(i + 1).padStart(40, '0')}`);
    const words = Array.from({ length: 20 }, (_, i) => `notanaddress${String(i).padStart(20, 'x')}`);
    const input = message(community, `${decoys.join(' ')} ${words.join(' ')} xmr: ${MONERO}`);
    const outcome = await ctx.chainwarden.moderateMessage(input);
    expect(outcome).toMatchObject({ action: 'deleted', risky: [{ address: MONERO, sanctioned: true }] });
  });

  it('finds a sanctioned address split by invisible characters (U+2062, U+2063, U+180E, U+034F)', async () => {
    const community = freshCommunity();
    await ctx.chainwarden.settings.update(community, { scanMode: 'delete' });
    for (const invisible of ['\u2062', '\u2063', '\u180E', '\u034F']) {
      const hidden = `${SANCTIONED.slice(0, 10)}${invisible}${SANCTIONED.slice(10, 30)}${invisible}${SANCTIONED.slice(30)}`;
      const outcome = await ctx.chainwarden.moderateMessage(message(community, `pay ${hidden}`));
      expect(outcome.action, `U+${invisible.codePointAt(0)?.toString(16)}`).toBe('deleted');
    }
  });

  it('warns instead when the platform refuses the delete, and logs why', async () => {
    const community = freshCommunity();
    await ctx.chainwarden.settings.update(community, { scanMode: 'delete' });
    const outcome = await ctx.chainwarden.moderateMessage(
      message(community, `airdrop: ${DARKLIST_ENTRY.address}`, {
        deleteMessage: async () => ({ deleted: false, refusal: 'Missing Permissions' }),
      }),
    );
    expect(outcome).toMatchObject({ action: 'warned', deleteRefused: 'Missing Permissions', warn: true });
    expect((await logOf(community))[0]).toMatchObject({
      action: 'auto-warn',
      details: { deleteFailed: 'Missing Permissions' },
    });
  });

  it('leaves an edit alone that brings in nothing new, and screens one that adds an address', async () => {
    const community = freshCommunity();
    const typoFixed = await ctx.chainwarden.moderateMessage(
      message(community, `send here: ${DARKLIST_ENTRY.address}!`, {
        previousText: `sned here ${DARKLIST_ENTRY.address}`,
      }),
    );
    expect(typoFixed).toEqual({ action: 'none', reason: 'nothing-new' });
    const added = await ctx.chainwarden.moderateMessage(
      message(community, `gm, pay ${DARKLIST_ENTRY.address}`, { previousText: 'gm' }),
    );
    expect(added.action).toBe('warned');
  });

  it('throttles warnings per place in a sliding window, but still logs every action', async () => {
    const community = freshCommunity();
    const risky = `claim at ${DARKLIST_ENTRY.address}`;
    const warns: boolean[] = [];
    for (let i = 0; i < LIMIT + 1; i++) {
      const outcome = await ctx.chainwarden.moderateMessage(
        message(community, risky, { channel: 'general' }),
      );
      warns.push(outcome.action !== 'none' && outcome.warn);
      clock = new Date(clock.getTime() + 1_000);
    }
    expect(warns).toEqual([true, true, false]);
    // Another channel of the same community, and another community, have their own window.
    const elsewhere = await ctx.chainwarden.moderateMessage(
      message(community, risky, { channel: 'trading' }),
    );
    expect(elsewhere.action !== 'none' && elsewhere.warn).toBe(true);
    const other = await ctx.chainwarden.moderateMessage(message(freshCommunity(), risky));
    expect(other.action !== 'none' && other.warn).toBe(true);
    const log = await logOf(community); // newest first
    expect(log.map((a) => a.details.noticePosted)).toEqual([true, false, true, true]);

    // The window slides: once the first warning is a window old, one more may go out.
    clock = new Date(clock.getTime() + WINDOW_MS - 3_000);
    const later = await ctx.chainwarden.moderateMessage(message(community, risky, { channel: 'general' }));
    expect(later.action !== 'none' && later.warn).toBe(true);
    const again = await ctx.chainwarden.moderateMessage(message(community, risky, { channel: 'general' }));
    expect(again.action !== 'none' && again.warn).toBe(false);
  });

  it('keeps moderating with the last settings it read while the database is away', async () => {
    const community = freshCommunity();
    let down = false;
    const unavailable = (operation: string) => Promise.reject(new StorageUnavailableError(operation));
    // The real stores, with settings and the log cut off once `down` is set.
    const chainwarden = createChainwarden({
      ...ctx.stores,
      now: () => clock,
      settings: {
        get: (c) => (down ? unavailable('settings.get') : ctx.stores.settings.get(c)),
        update: (c, patch) => ctx.stores.settings.update(c, patch),
      },
      moderationLog: {
        record: (action) =>
          down ? unavailable('moderationLog.record') : ctx.stores.moderationLog.record(action),
        recent: (c, limit) => ctx.stores.moderationLog.recent(c, limit),
      },
    });
    await ctx.stores.settings.update(community, { scanMode: 'delete' });
    expect((await chainwarden.moderateMessage(message(community, 'gm'))).action).toBe('none');
    await chainwarden.moderateMessage(message(community, `one ${EIP55_ADDRESSES[1]}`));
    down = true;
    const outcome = await chainwarden.moderateMessage(message(community, `pay ${SANCTIONED} now`));
    expect(outcome).toMatchObject({ action: 'deleted', risky: [{ level: 'severe' }] });
  });
});
