/**
 * `serve`, `migrate` and `discord:register`: running and operating the service.
 */
import { BadInput, type RegisterCommands } from '../context.js';

export const registerServiceCommands: RegisterCommands = (program, { io, getConfig, withApp }) => {
  program
    .command('discord:register')
    .description('Register the Discord slash and context-menu commands through the REST API')
    .option('--guild <id>', 'register in one server only (appears at once; global commands can take a while)')
    .addHelpText('after', '\nNeeds DISCORD_TOKEN and DISCORD_APPLICATION_ID (developer portal).')
    .action(async (options: { guild?: string }) => {
      const { discord } = getConfig();
      if (!discord) {
        throw new BadInput(
          'error: Discord is not configured (expected DISCORD_TOKEN and DISCORD_APPLICATION_ID in the environment)',
        );
      }
      if (options.guild !== undefined && !/^\d{15,21}$/.test(options.guild)) {
        throw new BadInput(
          `error: "${options.guild}" is not a server id (expected a numeric id, e.g. 80351110224678912)`,
        );
      }
      const { registerDiscordCommands } = await import('../../discord/index.js');
      const result = await registerDiscordCommands({
        token: discord.token,
        applicationId: discord.applicationId,
        apiRoot: discord.apiRoot,
        ...(options.guild ? { guildId: options.guild } : {}),
      });
      io.stdout(
        `Registered ${result.count} commands ${result.scope === 'guild' ? `in server ${options.guild}` : 'globally'}.\n`,
      );
    });

  program
    .command('migrate')
    .description('Apply database migrations (they also run automatically at start)')
    .action(async () => {
      await withApp(
        async ({ database }) => {
          io.stdout(`Migrations applied to ${database.kind} (${database.location}).\n`);
        },
        { withChain: false },
      );
    });

  program
    .command('serve')
    .description('Start the service: HTTP API, and the chat bots whose tokens are set (same as npm start)')
    .action(async () => {
      const { runUntilSignalled, startService } = await import('../../../service.js');
      await runUntilSignalled(await startService(getConfig()));
    });
};
