/**
 * The per-user limit of the Discord dispatcher, with the real client on the fake gateway: past the
 * limit a user gets a private "slow down" for every interaction (Discord shows "interaction failed"
 * for one left unanswered), and nothing runs; other users are not affected.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/logger.js';
import { type DiscordHarness, startDiscordHarness } from '../../support/bots.js';
import { createTestContext, type TestContext } from '../../support/context.js';
import { slashCommandInteraction } from '../../support/fake-discord.js';

const LIMIT = 3;
const EPHEMERAL = 64;

let context: TestContext;
let discord: DiscordHarness;

beforeAll(async () => {
  context = await createTestContext();
  discord = await startDiscordHarness(context.chainwarden, {
    id: 5,
    logger: createLogger('silent'),
    rateLimit: { limit: LIMIT, windowMs: 600_000 },
  });
}, 30_000);

afterAll(async () => {
  await discord?.close();
  await context?.close();
});

describe('Discord per-user rate limit', () => {
  it('answers a user past the limit privately with “slow down”, runs nothing, and leaves others alone', async () => {
    const { fake, scope, member, moderator } = discord;
    const sent = Array.from({ length: LIMIT + 2 }, () => slashCommandInteraction(scope, member, 'help'));
    const answers = [];
    for (const interaction of sent) {
      fake.dispatch('INTERACTION_CREATE', interaction);
      answers.push((await discord.answerOf(interaction)).body);
    }
    const helps = answers.slice(0, LIMIT);
    const refusals = answers.slice(LIMIT);
    for (const help of helps) expect(help.data.embeds?.[0]?.title ?? '').not.toBe('');
    for (const refusal of refusals) {
      expect(refusal).toMatchObject({
        type: 4,
        data: { content: expect.stringContaining('Slow down'), flags: EPHEMERAL },
      });
    }

    const other = slashCommandInteraction(scope, moderator, 'help');
    fake.dispatch('INTERACTION_CREATE', other);
    const answer = (await discord.answerOf(other)).body;
    expect(answer.data.content ?? '').not.toContain('Slow down');
  });
});
