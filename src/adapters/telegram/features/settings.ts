/**
 * /settings in a group, admins only: shows the scanning settings, or changes one of them with
 * `/settings scan off|warn|delete` or `/settings level medium|high|severe`.
 */
import { Composer } from 'grammy';
import { type CommunitySettings, SCAN_MODES, SCAN_TRIGGER_LEVELS } from '../../../core/index.js';
import {
  actorOf,
  adminCheck,
  type BotContext,
  commandArgs,
  type FeatureDeps,
  isGroupChat,
  replyOptions,
} from '../context.js';
import { escapeHtml, renderSettingsHtml } from '../render.js';

type SettingsPatch = { ok: true; patch: Partial<CommunitySettings> } | { ok: false; message: string };

/** `scan warn`, `level high` -> a patch, or a message saying what is accepted. */
export function parseSettingsArgs(args: string): SettingsPatch {
  const [key, value, ...rest] = args.toLowerCase().split(/\s+/).filter(Boolean);
  const usage =
    'Use <code>/settings scan off|warn|delete</code> or <code>/settings level medium|high|severe</code>.';
  if (rest.length > 0 || !value) return { ok: false, message: usage };
  if (key === 'scan' || key === 'mode') {
    const mode = SCAN_MODES.find((m) => m === value);
    return mode
      ? { ok: true, patch: { scanMode: mode } }
      : { ok: false, message: `“${escapeHtml(value)}” is not a scan mode. ${usage}` };
  }
  if (key === 'level' || key === 'min' || key === 'minlevel') {
    const level = SCAN_TRIGGER_LEVELS.find((l) => l === value);
    return level
      ? { ok: true, patch: { minLevel: level } }
      : { ok: false, message: `“${escapeHtml(value)}” is not a level I can act on. ${usage}` };
  }
  return { ok: false, message: `“${escapeHtml(key ?? '')}” is not a setting. ${usage}` };
}

export function settingsFeature({ chainwarden }: FeatureDeps): Composer<BotContext> {
  const composer = new Composer<BotContext>();

  composer.command('settings', async (ctx) => {
    if (!isGroupChat(ctx.chat)) {
      return void (await ctx.reply('Use /settings in a group where I am a member.', replyOptions(ctx)));
    }
    const community = `telegram:${ctx.chat.id}`;
    const args = commandArgs(ctx);
    // Any admin may see the settings; changing them changes the group, as "Change group info" does.
    const access = await adminCheck(ctx, args === '' ? null : 'can_change_info');
    if (access === 'not-admin') {
      return void (await ctx.reply(
        'Sorry, only admins of this group can see or change my settings.',
        replyOptions(ctx),
      ));
    }
    if (access === 'missing-right') {
      return void (await ctx.reply(
        'Sorry, changing my settings needs the “Change group info” admin right in this group (for an anonymous admin: every anonymous admin needs it). Send /settings alone to see them.',
        replyOptions(ctx),
      ));
    }
    if (args === '') {
      const current = await chainwarden.settings.get(community);
      return void (await ctx.reply(renderSettingsHtml(current), replyOptions(ctx)));
    }
    const parsed = parseSettingsArgs(args);
    if (!parsed.ok) return void (await ctx.reply(`❌ ${parsed.message}`, replyOptions(ctx)));
    const updated = await chainwarden.settings.update(community, parsed.patch);
    await chainwarden.moderationLog.record({
      community,
      actor: actorOf(ctx) ?? community,
      action: 'settings',
      target: community,
      details: { ...parsed.patch },
    });
    await ctx.reply(`✅ Saved.\n\n${renderSettingsHtml(updated)}`, replyOptions(ctx));
  });

  return composer;
}
