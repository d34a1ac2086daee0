/**
 * Watch-list alerts sent to Discord channels (the core's `AlertChannel`), through the running
 * client's REST (`POST /channels/{id}/messages`), pinging nobody. A channel that is gone or that
 * the bot may not see refuses for good (403, 404); anything else is retried.
 */
import { type APIEmbed, DiscordAPIError, type REST, Routes } from 'discord.js';
import type { AlertChannel, DeliveryOutcome } from '../../core/index.js';
import { renderWatchAlertEmbed, renderWatchDigestEmbed } from './watch-render.js';

async function deliver(rest: REST, channelId: string, embed: APIEmbed): Promise<DeliveryOutcome> {
  try {
    await rest.post(Routes.channelMessages(channelId), {
      body: { embeds: [embed], allowed_mentions: { parse: [] } },
    });
    return { ok: true };
  } catch (error) {
    if (error instanceof DiscordAPIError) {
      const permanent = error.status === 403 || error.status === 404;
      return { ok: false, error: `Discord refused: ${error.message}`, permanent };
    }
    return {
      ok: false,
      error: `could not reach Discord: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}

export function createDiscordAlertChannel(rest: REST): AlertChannel {
  return {
    send(alert) {
      if (alert.watch.destination.kind !== 'discord')
        return Promise.resolve({ ok: false, error: 'not a Discord channel', permanent: true });
      return deliver(rest, alert.watch.destination.channelId, renderWatchAlertEmbed(alert));
    },
    sendDigest(destination, alerts) {
      if (destination.kind !== 'discord')
        return Promise.resolve({ ok: false, error: 'not a Discord channel', permanent: true });
      return deliver(rest, destination.channelId, renderWatchDigestEmbed(alerts));
    },
  };
}
