/**
 * Discord's documented limits on a message and its embeds
 * (https://discord.com/developers/docs/resources/message#embed-object-embed-limits), checked on
 * what the bot sent, since the fake Discord accepts anything.
 */

export interface DiscordMessage {
  content?: string;
  embeds?: Array<{
    title?: string;
    description?: string;
    fields?: Array<{ name: string; value: string }>;
    footer?: { text: string };
    author?: { name: string };
  }>;
}

/** Each limit this message breaks, in words; empty when it fits. */
export function discordLimitViolations(message: DiscordMessage): string[] {
  const broken: string[] = [];
  if ((message.content ?? '').length > 2000) broken.push('content over 2000');
  const embeds = message.embeds ?? [];
  if (embeds.length > 10) broken.push('more than 10 embeds');
  let total = 0;
  for (const embed of embeds) {
    if ((embed.title ?? '').length > 256) broken.push('title over 256');
    if ((embed.description ?? '').length > 4096) broken.push('description over 4096');
    if ((embed.fields ?? []).length > 25) broken.push('more than 25 fields');
    for (const field of embed.fields ?? []) {
      if (field.name.length > 256) broken.push('field name over 256');
      if (field.value.length > 1024) broken.push('field value over 1024');
      total += field.name.length + field.value.length;
    }
    total +=
      (embed.title ?? '').length +
      (embed.description ?? '').length +
      (embed.footer?.text ?? '').length +
      (embed.author?.name ?? '').length;
  }
  if (total > 6000) broken.push('embeds over 6000 characters in total');
  return broken;
}
