/** Postgres LISTEN, so each process hears of changes that other processes commit. */
import postgres from 'postgres';

export interface Listener {
  stop(): Promise<void>;
}

const LISTEN_RETRY_FIRST_MS = 1000;
const LISTEN_RETRY_MAX_MS = 30_000;

/**
 * LISTEN on a connection of its own, re-established with exponential backoff (1 s to 30 s) when it
 * drops. Not postgres.js's `listen`: it re-listens at once, in a tight loop while the server refuses
 * connections (starting up, too many clients), from every replica at the same moment.
 */
export function startListener(
  url: string,
  channel: string,
  onNotify: (payload: string) => void,
  onListen: () => void,
): Listener {
  let stopped = false;
  let delay = LISTEN_RETRY_FIRST_MS;
  let timer: NodeJS.Timeout | undefined;
  const options: postgres.Options<Record<string, never>> & {
    // Untyped but stable in postgres.js 3.4 (pinned): the option its own `listen` is built on. The
    // cross-process list test fails if it ever stops delivering.
    onnotify: (name: string, payload: string) => void;
  } = {
    max: 1,
    idle_timeout: 0,
    max_lifetime: null,
    fetch_types: false,
    connect_timeout: 10,
    onnotice: () => {},
    onnotify: (name, payload) => {
      if (name === channel) onNotify(payload);
    },
    onclose: () => retryLater(),
  };
  const connection = postgres(url, options);
  const retryLater = () => {
    if (stopped || timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      void attempt();
    }, delay);
    timer.unref();
    delay = Math.min(delay * 2, LISTEN_RETRY_MAX_MS);
  };
  const attempt = async () => {
    try {
      await connection.unsafe(`listen "${channel.replaceAll('"', '""')}"`);
      delay = LISTEN_RETRY_FIRST_MS;
      if (!stopped) onListen();
    } catch {
      retryLater();
    }
  };
  void attempt();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await connection.end({ timeout: 1 });
    },
  };
}
