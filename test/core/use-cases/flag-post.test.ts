/**
 * "Flag this post" as a moderator sees it, on real storage: what is saved, what is refused and why,
 * and what the moderation log records. The adapters' tests cover the platform side (permissions,
 * deleting, rendering).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createChainwarden,
  type DeleteResult,
  type FlagPostInput,
  StorageUnavailableError,
} from '../../../src/core/index.js';
import { BAD_CHECKSUM_ADDRESS, BIP173_ADDRESS, EIP55_ADDRESSES } from '../../fixtures/telegram/addresses.js';
import { createTestContext, type TestContext } from '../../support/context.js';

let ctx: TestContext;
let nextCommunity = 1;

beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => {
  await ctx?.close();
});

/** A fresh community per test, so the moderation log and reports of one test never meet another's. */
function flagInput(post: string, extra: Partial<FlagPostInput> = {}): FlagPostInput {
  const community = `telegram:-100${nextCommunity++}`;
  return {
    post,
    moderator: 'telegram:42',
    community,
    source: 'telegram',
    target: 'message:7',
    ...extra,
  };
}

const reportsOn = async (address: string) => {
  const reports = await ctx.chainwarden.listReports(address);
  if (!reports.ok) throw new Error(reports.error.reason);
  return reports.value;
};
const logOf = (community: string) => ctx.chainwarden.moderationLog.recent(community, 20);

/** A distinct, valid, lowercase EVM address per number. */
const evm = (n: number) => `0x${n.toString(16).padStart(40, 'f')}`;

describe('flagPost', () => {
  it('saves every address of the post as a report verified by the moderator, and logs the flag once', async () => {
    const [a, b] = [EIP55_ADDRESSES[0], BIP173_ADDRESS];
    const input = flagInput(`refund desk: ${a} or ${b}`, {
      category: 'Phishing',
      note: 'fake refund desk',
      details: { author: 'telegram:666' },
    });
    const result = await ctx.chainwarden.flagPost(input);
    expect(result).toEqual({
      ok: true,
      value: {
        category: 'phishing',
        note: 'fake refund desk',
        addresses: [
          { outcome: 'saved', address: a, status: 'active' },
          { outcome: 'saved', address: b, status: 'active' },
        ],
        deleted: null,
      },
    });
    for (const address of [a, b]) {
      expect(await reportsOn(address)).toMatchObject([
        {
          category: 'phishing',
          note: 'fake refund desk',
          reporter: 'telegram:42',
          verifiedBy: 'telegram:42',
          community: input.community,
          source: 'telegram',
        },
      ]);
    }
    expect(await logOf(input.community)).toMatchObject([
      {
        action: 'flag',
        actor: 'telegram:42',
        target: 'message:7',
        details: {
          addresses: [a, b],
          category: 'phishing',
          note: 'fake refund desk',
          author: 'telegram:666',
        },
      },
    ]);
  });

  it('says “updated” when the moderator had already reported the address, and files it as other without a category', async () => {
    const address = EIP55_ADDRESSES[1];
    const first = await ctx.chainwarden.flagPost(flagInput(`pay ${address}`, { category: 'ponzi' }));
    expect(first.ok && first.value.addresses[0]?.outcome).toBe('saved');
    const again = await ctx.chainwarden.flagPost(flagInput(`pay ${address}`));
    expect(again.ok && again.value.category).toBe('other');
    expect(again.ok && again.value.addresses).toEqual([{ outcome: 'updated', address, status: 'active' }]);
    expect((await reportsOn(address)).map((r) => r.category)).toEqual(['other']);
  });

  it('refuses a post without an address, and saves and logs nothing', async () => {
    const input = flagInput(`gm, my wallet is ${BAD_CHECKSUM_ADDRESS.slice(0, 20)}`);
    const result = await ctx.chainwarden.flagPost(input);
    expect(!result.ok && result.error).toMatchObject({
      code: 'no-address',
      reason: 'the post holds no crypto address',
    });
    expect(await logOf(input.community)).toEqual([]);
  });

  it('reports a bad category once, with the valid categories, before saving any address', async () => {
    const [a, b] = [EIP55_ADDRESSES[2], EIP55_ADDRESSES[3]];
    const input = flagInput(`${a} ${b}`, { category: 'crypto scam' });
    const result = await ctx.chainwarden.flagPost(input);
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'invalid-category',
        input: 'crypto scam',
        reason: '"crypto scam" is not a report category',
        hint: 'one of: phishing, impersonation, fake-airdrop, rug-pull, ponzi, fake-exchange, romance, ransomware, sextortion, other',
      },
    });
    expect(await reportsOn(a)).toEqual([]);
    expect(await reportsOn(b)).toEqual([]);
    expect(await logOf(input.community)).toEqual([]);
  });

  it('reports a note that is too long once, and saves nothing', async () => {
    const address = EIP55_ADDRESSES[2];
    const result = await ctx.chainwarden.flagPost(flagInput(address, { note: 'x'.repeat(501) }));
    expect(!result.ok && result.error.code).toBe('note-too-long');
    expect(await reportsOn(address)).toEqual([]);
  });

  it('refuses addresses the moderator picked that are not in the post, and mistyped ones, saving the rest', async () => {
    const [inPost, stranger] = [EIP55_ADDRESSES[4], EIP55_ADDRESSES[5]];
    const input = flagInput(`send to ${inPost} now`, {
      source: 'discord',
      moderator: 'discord:1400000000000000001',
      picked: `${inPost}\n${stranger}\n${BAD_CHECKSUM_ADDRESS}`,
    });
    const result = await ctx.chainwarden.flagPost(input);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.addresses).toMatchObject([
      { outcome: 'saved', address: inPost },
      {
        outcome: 'failed',
        input: stranger,
        error: { code: 'not-in-post', reason: 'is not in the flagged post' },
      },
      {
        outcome: 'failed',
        input: BAD_CHECKSUM_ADDRESS,
        error: { code: 'invalid-address', reason: expect.stringContaining('checksum') },
      },
    ]);
    expect(await reportsOn(stranger)).toEqual([]);
    expect((await logOf(input.community))[0]?.details.addresses).toEqual([inPost]);
  });

  it('saves nothing and logs nothing when every picked address is a stranger to the post', async () => {
    const input = flagInput(`send to ${EIP55_ADDRESSES[4]}`, { picked: EIP55_ADDRESSES[6] });
    const result = await ctx.chainwarden.flagPost(input);
    expect(result.ok && result.value.addresses.map((a) => a.outcome)).toEqual(['failed']);
    expect(result.ok && result.value.deleted).toBeNull();
    expect(await reportsOn(EIP55_ADDRESSES[6])).toEqual([]);
    expect(await logOf(input.community)).toEqual([]);
  });

  it('says so when the moderator’s list holds no address at all', async () => {
    const result = await ctx.chainwarden.flagPost(
      flagInput(`send to ${EIP55_ADDRESSES[4]}`, { picked: ' ' }),
    );
    expect(!result.ok && result.error.code).toBe('nothing-picked');
  });

  it('flags the first 25 addresses of a wall of addresses and says why the rest were not', async () => {
    const wall = Array.from({ length: 27 }, (_, i) => evm(i + 1));
    const result = await ctx.chainwarden.flagPost(flagInput(wall.join(' ')));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.addresses.filter((a) => a.outcome === 'saved')).toHaveLength(25);
    const rest = result.value.addresses.slice(25);
    // Shown EIP-55 checksummed; the wall is lowercase.
    expect(rest.map((a) => a.outcome === 'failed' && [a.input.toLowerCase(), a.error.code])).toEqual([
      [wall[25], 'too-many'],
      [wall[26], 'too-many'],
    ]);
  });

  it('deletes the post after saving when asked, and logs the flag and the delete', async () => {
    const calls: string[] = [];
    const input = flagInput(`pay ${evm(100)}`, {
      deletePost: async (): Promise<DeleteResult> => {
        calls.push('delete');
        return { deleted: true };
      },
    });
    const result = await ctx.chainwarden.flagPost(input);
    expect(result.ok && result.value.deleted).toBe(true);
    expect(calls).toEqual(['delete']);
    const log = await logOf(input.community);
    expect(log.map((a) => a.action).sort()).toEqual(['delete-message', 'flag']);
    expect(log.find((a) => a.action === 'flag')?.details).toMatchObject({ deleted: true });
  });

  it('records a refused delete with the platform’s reason, and no delete entry', async () => {
    const input = flagInput(`pay ${evm(101)}`, {
      deletePost: async (): Promise<DeleteResult> => ({
        deleted: false,
        refusal: 'message can’t be deleted',
      }),
    });
    const result = await ctx.chainwarden.flagPost(input);
    expect(result.ok && result.value.deleted).toBe(false);
    const log = await logOf(input.community);
    expect(log.map((a) => a.action)).toEqual(['flag']);
    expect(log[0]?.details).toMatchObject({ deleted: false, deleteFailed: 'message can’t be deleted' });
  });

  it('never deletes the post when the command was refused', async () => {
    let deleted = false;
    await ctx.chainwarden.flagPost(
      flagInput(`pay ${evm(102)}`, {
        category: 'nope',
        deletePost: async () => {
          deleted = true;
          return { deleted: true };
        },
      }),
    );
    expect(deleted).toBe(false);
  });

  it('tells the moderator what was saved and deleted even when the log cannot be written', async () => {
    // The real stores, but the database goes away between the reports and the log line.
    const chainwarden = createChainwarden({
      ...ctx.stores,
      moderationLog: {
        record: () => Promise.reject(new StorageUnavailableError('moderationLog.record')),
        recent: (community, limit) => ctx.stores.moderationLog.recent(community, limit),
      },
    });
    const address = evm(0xfa11);
    const result = await chainwarden.flagPost(
      flagInput(`claim at ${address}`, {
        deletePost: async (): Promise<DeleteResult> => ({ deleted: true }),
      }),
    );
    expect(result).toMatchObject({ ok: true, value: { addresses: [{ outcome: 'saved' }], deleted: true } });
    expect(await reportsOn(address)).toHaveLength(1);
  });

  it('refuses a community’s 51st flagged address in an hour, saying when its moderators may flag again', async () => {
    const input = flagInput('', { communityTitle: 'Fresh group' });
    const post = (from: number, n: number) =>
      Array.from({ length: n }, (_, i) => evm(0x51000 + from + i)).join(' ');
    let deleted = 0;
    const deletePost = async (): Promise<DeleteResult> => {
      deleted += 1;
      return { deleted: true };
    };
    for (const from of [0, 25]) {
      const flagged = await ctx.chainwarden.flagPost({ ...input, post: post(from, 25), deletePost });
      expect(flagged.ok && flagged.value.addresses.every((a) => a.outcome === 'saved')).toBe(true);
    }
    // Flagging an address already flagged this hour again costs nothing.
    const again = await ctx.chainwarden.flagPost({ ...input, post: evm(0x51000), category: 'phishing' });
    expect(again.ok && again.value.addresses.map((a) => a.outcome)).toEqual(['updated']);

    const refused = await ctx.chainwarden.flagPost({ ...input, post: post(50, 1), deletePost });
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.error.code).toBe('rate-limited');
    expect(refused.error.reason).toMatch(
      /^this community's moderators flagged 50 addresses in the last 60 minutes, the most allowed; flag again in \d+ minutes$/,
    );
    expect(deleted).toBe(2);
    expect(await reportsOn(evm(0x51000 + 50))).toEqual([]);
    // Another community is not held back by this one.
    const elsewhere = await ctx.chainwarden.flagPost(flagInput(post(50, 1)));
    expect(elsewhere.ok && elsewhere.value.addresses.map((a) => a.outcome)).toEqual(['saved']);
  });

  it('saves a flag up to the community’s limit and refuses the rest of it with the reason', async () => {
    const limited = await createTestContext({
      limits: { perReporter: 20, flagsPerCommunity: 3, windowSeconds: 3600 },
    });
    try {
      const result = await limited.chainwarden.flagPost(
        flagInput([evm(0x5201), evm(0x5202), evm(0x5203), evm(0x5204), evm(0x5205)].join(' ')),
      );
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      expect(result.value.addresses.map((a) => (a.outcome === 'failed' ? a.error.code : a.outcome))).toEqual([
        'saved',
        'saved',
        'saved',
        'rate-limited',
        'rate-limited',
      ]);
    } finally {
      await limited.close();
    }
  });

  it('names the community in `community list` with its title, flags and verifications', async () => {
    const input = flagInput(`${evm(0x5301)} ${evm(0x5302)}`, { communityTitle: 'Wallet <help>' });
    await ctx.chainwarden.flagPost(input);
    const listed = await ctx.chainwarden.communities.list();
    expect(listed.find((c) => c.community === input.community)).toEqual({
      community: input.community,
      title: 'Wallet <help>',
      trusted: false,
      trustedAt: null,
      flags: 1,
      verifications: 2,
    });
  });
});
