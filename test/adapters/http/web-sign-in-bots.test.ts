/**
 * Signing in to the web page with the link a bot sends, end to end: the real Telegram bot against the
 * fake Bot API and the real discord.js client against the fake Discord, issuing links with the same
 * store the web page redeems them from. A group admin's `/weblogin` gets a link in a private chat; a
 * Discord moderator's `/weblogin` gets an ephemeral link button. The link signs in once (session
 * cookie HttpOnly, SameSite=Lax, Secure when PUBLIC_URL is https), `/review` then shows that
 * moderator's community only, and a used or expired link is refused with a page saying what to do.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpApi, type HttpApi } from '../../../src/adapters/http/index.js';
import { createWebLoginIssuer } from '../../../src/adapters/web-sign-in.js';
import { createLogger } from '../../../src/logger.js';
import {
  type DiscordHarness,
  startDiscordHarness,
  startTelegramHarness,
  type TelegramHarness,
} from '../../support/bots.js';
import { createTestContext, type TestContext } from '../../support/context.js';
import { slashCommandInteraction } from '../../support/fake-discord.js';
import type { SentMessage } from '../../support/fake-telegram.js';

const PUBLIC_URL = 'https://chainwarden.example';
const EPHEMERAL = 1 << 6;
/** The clock of the links and of the page: a test moves it past the 15 minutes. */
let clock = new Date();
const now = () => clock;

let ctx: TestContext;
let app: HttpApi;
let telegram: TelegramHarness;
let discord: DiscordHarness;

beforeAll(async () => {
  ctx = await createTestContext();
  app = createHttpApi({
    chainwarden: ctx.chainwarden,
    apiKeys: ctx.stores.apiKeys,
    lists: ctx.stores.lists,
    database: ctx.database,
    logger: createLogger('silent'),
    webSessions: ctx.stores.webSessions,
    publicUrl: PUBLIC_URL,
    now,
  });
  const webLogin = createWebLoginIssuer(ctx.stores.webSessions, PUBLIC_URL, now);
  telegram = await startTelegramHarness(ctx.chainwarden, { id: 5, logger: createLogger('silent'), webLogin });
  discord = await startDiscordHarness(ctx.chainwarden, { id: 5, logger: createLogger('silent'), webLogin });
});

afterAll(async () => {
  await telegram?.close();
  await discord?.close();
  await ctx?.close();
});

const cookiesOf = (response: Response) =>
  new Map(
    response.headers.getSetCookie().map((line) => {
      const [pair = '', ...attributes] = line.split(';').map((part) => part.trim());
      const at = pair.indexOf('=');
      return [
        pair.slice(0, at),
        { value: pair.slice(at + 1), attributes: attributes.map((a) => a.toLowerCase()) },
      ];
    }),
  );

/** Opens the link as a browser would (the page at PUBLIC_URL), presses Sign in, answers the response. */
async function follow(link: string): Promise<Response> {
  expect(link.startsWith(`${PUBLIC_URL}/login/`)).toBe(true);
  const path = link.slice(PUBLIC_URL.length);
  const page = await app.request(path);
  expect(page.status).toBe(200);
  const csrf = /name="csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
  const confirm = cookiesOf(page).get('__Host-cw_login')?.value ?? '';
  const token = path.slice('/login/'.length);
  return app.request('/login', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `__Host-cw_login=${confirm}` },
    body: new URLSearchParams({ token, csrf }).toString(),
  });
}

/** Signs in with the link and answers the session cookie's header value. */
async function signIn(link: string): Promise<string> {
  const response = await follow(link);
  expect(response.status).toBe(303);
  expect(response.headers.get('location')).toBe('/review');
  const session = cookiesOf(response).get('__Host-cw_session');
  expect(session?.attributes).toEqual(
    expect.arrayContaining(['httponly', 'secure', 'samesite=lax', 'path=/']),
  );
  return `__Host-cw_session=${session?.value}`;
}

const review = async (cookie: string) => {
  const response = await app.request('/review', { headers: { cookie } });
  expect(response.status).toBe(200);
  return response.text();
};

/** A report held for review in `community`; answers its review id. */
async function heldReport(community: string, address: string): Promise<string> {
  const held = await ctx.chainwarden.submitReport({
    address,
    category: 'phishing',
    note: `held in ${community}`,
    reporter: `${community.split(':')[0]}:555`,
    source: community.startsWith('telegram') ? 'telegram' : 'discord',
    community,
    // Joined a minute ago: held as a new member.
    reporterFacts: { memberSince: new Date(Date.now() - 60_000) },
  });
  if (!held.ok) throw new Error(held.error.reason);
  expect(held.value.status).toBe('review');
  return `report-${held.value.report.id}`;
}

describe('Telegram /weblogin', () => {
  const GROUP = { id: -1005551, type: 'supergroup' as const, title: 'Wallet <help>' };
  const OTHER_GROUP = -1005552;
  const MOD = { id: 5101, is_bot: false, first_name: 'Mo', last_name: '<Derator>' };
  const MEMBER = { id: 5102, is_bot: false, first_name: 'Mem', last_name: 'Ber' };
  let nextMessageId = 1;

  beforeAll(() => {
    telegram.fake.setChatMember(GROUP.id, MOD.id, 'administrator');
    telegram.fake.setChatMember(GROUP.id, MEMBER.id, 'member');
  });

  function send(chat: { id: number; type: string }, from: typeof MOD, text: string) {
    const mark = telegram.fake.mark();
    telegram.fake.pushUpdate(telegram.token, {
      message: {
        message_id: nextMessageId++,
        from,
        chat,
        date: Math.floor(Date.now() / 1000),
        text,
        entities: [{ type: 'bot_command', offset: 0, length: text.length }],
      },
    });
    return mark;
  }

  async function sentTo(chatId: number, mark: number): Promise<SentMessage> {
    const call = await telegram.fake.waitForCall(
      (c) => c.method === 'sendMessage' && c.payload.chat_id === chatId,
      { since: mark },
    );
    expect(call.response.ok, JSON.stringify(call.response)).toBe(true);
    return (call.response as { result: SentMessage }).result;
  }

  /** The admin asks in the group; answers the link from the private message. */
  async function askForLink(): Promise<string> {
    const mark = send(GROUP, MOD, '/weblogin');
    const dm = await sentTo(MOD.id, mark);
    expect(dm.chat.type).toBe('private');
    expect(dm.text).toContain('It works once, within 15 minutes');
    expect(dm.text).toContain('Group: Wallet <help>');
    const link = dm.entities?.find((e) => e.type === 'text_link')?.url;
    expect(link).toBeDefined();
    expect((await sentTo(GROUP.id, mark)).text).toBe('I sent you a sign-in link in a private chat.');
    return link ?? '';
  }

  it('sends a group admin a one-time link in private that opens their group’s review queue only', async () => {
    clock = new Date();
    const mine = await heldReport(`telegram:${GROUP.id}`, '0x00000000000000000000000000000000000a5101');
    const theirs = await heldReport(`telegram:${OTHER_GROUP}`, '0x00000000000000000000000000000000000a5102');
    const cookie = await signIn(await askForLink());
    const queue = await review(cookie);
    expect(queue).toContain(`Telegram group ${GROUP.id}`);
    expect(queue).toContain(`data-review-id="${mine}"`);
    expect(queue).not.toContain(`Telegram group ${OTHER_GROUP}`);
    expect(queue).not.toContain(`data-review-id="${theirs}"`);
    // Named as Telegram knows them, escaped.
    expect(queue).toContain('Sign out Mo &lt;Derator&gt;');
  });

  it('refuses the link a second time, and after 15 minutes, each with a page saying to ask again', async () => {
    clock = new Date();
    const link = await askForLink();
    await signIn(link);
    const again = await follow(link);
    expect(again.status).toBe(410);
    const used = await again.text();
    expect(used).toContain('Sign-in link not accepted');
    expect(used).toContain('already used: each link signs in once. Send /weblogin again for a new one.');
    expect(cookiesOf(again).has('__Host-cw_session')).toBe(false);

    const late = await askForLink();
    clock = new Date(clock.getTime() + 15 * 60_000 + 1000);
    const expired = await follow(late);
    expect(expired.status).toBe(410);
    expect(await expired.text()).toContain('expired: links work for 15 minutes');
    expect(cookiesOf(expired).has('__Host-cw_session')).toBe(false);
  });

  it('gives no link to a member who is not an admin, nor in a private chat', async () => {
    const mark = send(GROUP, MEMBER, '/weblogin');
    expect((await sentTo(GROUP.id, mark)).text).toBe(
      'Sorry, only admins of this group can sign in to its review queue.',
    );
    const inPrivate = send({ id: MOD.id, type: 'private' }, MOD, '/weblogin');
    expect((await sentTo(MOD.id, inPrivate)).text).toContain('Send /weblogin in the group you moderate');
    // Nothing else reached the member in private.
    expect(
      telegram.fake.callsSince(mark, 'sendMessage').filter((c) => c.payload.chat_id === MEMBER.id),
    ).toEqual([]);
  });
});

describe('Discord /weblogin', () => {
  async function ask(actor: DiscordHarness['member']) {
    const interaction = slashCommandInteraction(discord.scope, actor, 'weblogin');
    discord.fake.dispatch('INTERACTION_CREATE', interaction);
    const answer = await discord.answerOf(interaction);
    expect(answer.body.data.flags & EPHEMERAL).toBe(EPHEMERAL);
    return answer.body.data as {
      content: string;
      components?: Array<{ components: Array<{ style: number; url?: string; label: string }> }>;
    };
  }

  it('answers a moderator with a link button that signs in to this server’s review queue only', async () => {
    clock = new Date();
    const mine = await heldReport(`discord:${discord.guildId}`, '0x00000000000000000000000000000000000a5103');
    const elsewhere = await heldReport(
      'discord:1999999999999999999',
      '0x00000000000000000000000000000000000a5104',
    );
    const answer = await ask(discord.moderator);
    expect(answer.content).toContain('It works once, within 15 minutes');
    const button = answer.components?.[0]?.components[0];
    expect(button).toMatchObject({ style: 5, label: 'Sign in to the web page' });
    const cookie = await signIn(button?.url ?? '');
    const queue = await review(cookie);
    expect(queue).toContain(`Discord server ${discord.guildId}`);
    expect(queue).toContain(`data-review-id="${mine}"`);
    expect(queue).not.toContain(`data-review-id="${elsewhere}"`);
    const again = await follow(button?.url ?? '');
    expect(again.status).toBe(410);
    expect(await again.text()).toContain('already used');
  });

  it('gives no link to a member without Manage Messages', async () => {
    const answer = await ask(discord.member);
    expect(answer.content).toBe(
      'The web review queue is for moderators: it needs the Manage Messages permission.',
    );
    expect(answer.components ?? []).toEqual([]);
  });
});
