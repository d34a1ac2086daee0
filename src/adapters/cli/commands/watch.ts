/**
 * `watch add|list|remove|deliveries`: the operator's own watch-list (owner `cli`). Alerts go to a
 * webhook (signed with the secret printed once), a Telegram chat or a Discord channel, sent by the
 * running service.
 */
import type { WatchDestination, WatchError } from '../../../core/index.js';
import { visibleInput } from '../../../core/index.js';
import { type Line, watchAddedLines, watchErrorText, watchJson } from '../../watch-presentation.js';
import { BadInput, type RegisterCommands } from '../context.js';

const OWNER = 'cli';

function plain(line: Line): string {
  return line.map((p) => p.text).join('');
}

function invalid(error: WatchError): BadInput {
  const { reason, hint, input } = watchErrorText(error);
  return new BadInput(`error: "${visibleInput(input)}" ${reason} (expected ${hint})`);
}

interface AddOptions {
  label?: string;
  all?: boolean;
  webhook?: string;
  telegramChat?: string;
  discordChannel?: string;
  json?: boolean;
}

function destinationOf(options: AddOptions): WatchDestination {
  const given = [options.webhook, options.telegramChat, options.discordChannel].filter(
    (v) => v !== undefined,
  );
  if (given.length !== 1) {
    throw new BadInput(
      'error: say where alerts go with exactly one of --webhook URL, --telegram-chat ID or --discord-channel ID',
    );
  }
  if (options.webhook !== undefined) return { kind: 'webhook', url: options.webhook };
  if (options.telegramChat !== undefined) {
    const id = options.telegramChat.trim();
    if (!/^-?\d{1,20}$/.test(id)) {
      throw new BadInput(
        `error: --telegram-chat "${visibleInput(id)}" is not a chat id (expected digits, e.g. -1001234567890 for a group)`,
      );
    }
    return { kind: 'telegram', chatId: id };
  }
  const id = (options.discordChannel ?? '').trim();
  if (!/^\d{17,20}$/.test(id)) {
    throw new BadInput(
      `error: --discord-channel "${visibleInput(id)}" is not a channel id (expected 17 to 20 digits: right-click the channel, Copy Channel ID)`,
    );
  }
  return { kind: 'discord', channelId: id };
}

export const registerWatchCommands: RegisterCommands = (program, { io, withApp }) => {
  const watch = program
    .command('watch')
    .description('Watch addresses: alerts when they move funds, are reported or listed')
    .addHelpText(
      'after',
      '\nAlerts are sent by the running service (chainwarden serve / npm start), which reads new blocks every\n' +
        'WATCH_POLL_SECONDS from EVM_RPC_URL(S) and ESPLORA_URL. Webhook alerts are JSON POSTs signed\n' +
        "X-Chainwarden-Signature: sha256=<hex HMAC-SHA256 of the body with the watch's secret>.",
    );

  watch
    .command('add')
    .description('Watch an address')
    .argument('<address>', 'the address, e.g. 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed')
    .option('--label <label>', 'a short name, e.g. treasury')
    .option('--all', 'every incoming transfer, not only those from risky addresses')
    .option('--webhook <url>', 'POST alerts to this http(s) URL')
    .option('--telegram-chat <id>', 'send alerts to this Telegram chat (the bot must be in it)')
    .option('--discord-channel <id>', 'send alerts to this Discord channel (the bot must see it)')
    .option('--json', 'print {id, address, label, webhookUrl, secret, ...}')
    .action(async (address: string, options: AddOptions) => {
      const destination = destinationOf(options);
      await withApp(
        async ({ chainwarden }) => {
          const result = await chainwarden.watching.addWatch({
            address,
            label: options.label ?? null,
            allIncoming: options.all === true,
            owner: OWNER,
            destination,
            community: null,
            createdBy: OWNER,
          });
          if (!result.ok) throw invalid(result.error);
          const { watch: created, secret, transfersUnavailable } = result.value;
          if (options.json) {
            io.stdout(`${JSON.stringify({ ...watchJson(created), secret, transfersUnavailable })}\n`);
            return;
          }
          io.stdout(`${watchAddedLines(result.value).map(plain).join('\n')}\nId: ${created.id}\n`);
          if (secret) {
            io.stdout(`Webhook secret (shown once; verify X-Chainwarden-Signature with it):\n${secret}\n`);
          }
        },
        { withChain: false },
      );
    });

  watch
    .command('list')
    .description('The addresses watched from the command line')
    .option('--json', 'print as JSON')
    .action(async (options: { json?: boolean }) => {
      await withApp(
        async ({ chainwarden }) => {
          const watches = await chainwarden.watching.listWatches(OWNER);
          if (options.json) {
            io.stdout(`${JSON.stringify(watches.map(watchJson), null, 2)}\n`);
            return;
          }
          if (watches.length === 0)
            io.stdout('No address is watched. Add one: chainwarden watch add <address> --webhook URL\n');
          for (const w of watches) {
            const to =
              w.destination.kind === 'webhook'
                ? w.destination.url
                : w.destination.kind === 'telegram'
                  ? `telegram chat ${w.destination.chatId}`
                  : `discord channel ${w.destination.channelId}`;
            io.stdout(
              `${w.id}\t${w.address}\t${w.label ? `"${visibleInput(w.label, 64)}"` : '-'}\t${w.allIncoming ? 'all incoming' : 'risky incoming'}\t-> ${to}\n`,
            );
          }
        },
        { withChain: false },
      );
    });

  watch
    .command('remove')
    .description('Stop watching an address')
    .argument('<id|address>', 'the id from watch list (w_…) or the address')
    .action(async (target: string) => {
      await withApp(
        async ({ chainwarden }) => {
          const result = await chainwarden.watching.removeWatch(OWNER, target);
          if (!result.ok) throw invalid(result.error);
          io.stdout(`Stopped watching ${result.value.address} (${result.value.id}).\n`);
        },
        { withChain: false },
      );
    });

  watch
    .command('deliveries')
    .description('The last 50 alerts of a watch and how their delivery went')
    .argument('<id>', 'the id from watch list (w_…)')
    .option('--json', 'print as JSON')
    .action(async (id: string, options: { json?: boolean }) => {
      await withApp(
        async ({ chainwarden }) => {
          const result = await chainwarden.watching.deliveries(OWNER, id);
          if (!result.ok) throw invalid(result.error);
          if (options.json) {
            io.stdout(`${JSON.stringify(result.value, null, 2)}\n`);
            return;
          }
          if (result.value.length === 0) io.stdout('No alerts yet.\n');
          for (const d of result.value) {
            io.stdout(
              `${d.createdAt.toISOString()}\t${d.event.kind}\t${d.status}\t${d.attempts} attempt${d.attempts === 1 ? '' : 's'}${d.lastError ? `\t${visibleInput(d.lastError, 120)}` : ''}\n`,
            );
          }
        },
        { withChain: false },
      );
    });
};
