/**
 * `community trust|untrust|list`: the operator's word on whose moderator verifications count
 * everywhere. Untrusted (the default), a community's flags count as verified only in screens within
 * it, and elsewhere (the HTTP API, the CLI, other communities) as one ordinary report each.
 */
import { type CommunityRecord, type InvalidCommunity, visibleInput } from '../../../core/index.js';
import { BadInput, type RegisterCommands } from '../context.js';

const ID_ARGUMENT = 'telegram:<group id> (e.g. telegram:-1001234567890) or discord:<server id>';

function invalid(error: InvalidCommunity): BadInput {
  return new BadInput(`error: "${visibleInput(error.input)}" ${error.reason} (expected ${error.hint})`);
}

export const registerCommunityCommands: RegisterCommands = (program, { io, withApp }) => {
  const community = program
    .command('community')
    .description('Trust or untrust a community: whether its moderators’ verifications count everywhere')
    .addHelpText(
      'after',
      '\nA moderator’s flag counts as verified only in screens within that moderator’s community; elsewhere\n' +
        '(the HTTP API, the CLI, other communities) it counts as one ordinary report, unless you trust the\n' +
        'community. Anyone can create a group and add the bot: trust only communities you know.',
    );

  community
    .command('trust')
    .description('Count this community’s moderator verifications as verified everywhere')
    .argument('<platform:id>', ID_ARGUMENT)
    .action(async (id: string) => {
      await withApp(
        async ({ chainwarden }) => {
          const result = await chainwarden.communities.trust(id);
          if (!result.ok) throw invalid(result.error);
          const { community: name, unchanged, unknown } = result.value;
          io.stdout(
            unchanged
              ? `${name} was already trusted.\n`
              : `Trusted ${name}: its moderators’ verifications now count as verified everywhere (HTTP API, CLI, every community).\n`,
          );
          if (unknown) {
            io.stdout(
              `Note: nothing is known of ${name} yet (no report, flag or setting); check the id with: chainwarden community list\n`,
            );
          }
        },
        { withChain: false },
      );
    });

  community
    .command('untrust')
    .description('Count this community’s moderator verifications as verified only within it again')
    .argument('<platform:id>', ID_ARGUMENT)
    .action(async (id: string) => {
      await withApp(
        async ({ chainwarden }) => {
          const result = await chainwarden.communities.untrust(id);
          if (!result.ok) throw invalid(result.error);
          const { community: name, unchanged } = result.value;
          io.stdout(
            unchanged
              ? `${name} was not trusted; nothing changed.\n`
              : `${name} is no longer trusted: its moderators’ verifications count as verified only within it, elsewhere as one ordinary report each.\n`,
          );
        },
        { withChain: false },
      );
    });

  community
    .command('list')
    .description('Every community known: trusted or not, title, flags and verifications')
    .option('--json', 'print [{community, title, trusted, trustedAt, flags, verifications}]')
    .action(async (options: { json?: boolean }) => {
      await withApp(
        async ({ chainwarden }) => {
          const communities = await chainwarden.communities.list();
          if (options.json) {
            io.stdout(`${JSON.stringify(communities, null, 2)}\n`);
            return;
          }
          if (communities.length === 0) {
            io.stdout('No community known yet: none has added the bot and used it.\n');
            return;
          }
          for (const c of communities) io.stdout(`${communityLine(c)}\n`);
        },
        { withChain: false },
      );
    });
};

/** `telegram:-100123  trusted since 2026-11-30  "Wallet help"  3 flags, 7 verifications`. */
function communityLine(c: CommunityRecord): string {
  const trust = c.trusted
    ? `trusted${c.trustedAt ? ` since ${c.trustedAt.toISOString().slice(0, 10)}` : ''}`
    : 'not trusted';
  // A title is whatever a group's admin typed: no terminal escape reaches the operator's terminal.
  const title = c.title ? `"${visibleInput(c.title, 60)}"` : '(title not known)';
  const counts = `${c.flags} flag${c.flags === 1 ? '' : 's'}, ${c.verifications} verification${c.verifications === 1 ? '' : 's'}`;
  return [c.community, trust, title, counts].join('\t');
}
