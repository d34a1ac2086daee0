/**
 * Writes a use case starts but does not wait for, so the answer goes out while they run (noting
 * which addresses a community uses, after a screen). The core never logs: a failure goes to the
 * `onBackgroundError` callback the service wires to its logger. `settled()` lets tests and a
 * closing service wait until every write started so far has finished.
 */

/** What a background write was doing, for the log line of its failure. */
export type BackgroundTask =
  | { task: 'note-community-address'; community: string }
  /** Recording watch-list alerts after a report or a screen (use-cases/watch.ts). */
  | { task: 'watch-alert'; event: 'reported' | 'lookalike-seen'; community?: string };

export type BackgroundErrorHandler = (error: unknown, task: BackgroundTask) => void;

export interface BackgroundWrites {
  /** Starts `write` now and returns at once; its failure goes to the error handler. */
  start(task: BackgroundTask, write: () => Promise<void>): void;
  /** Resolves when no write is pending, including writes started while it waited. Never rejects. */
  settled(): Promise<void>;
}

export function createBackgroundWrites(onError: BackgroundErrorHandler = () => {}): BackgroundWrites {
  const pending = new Set<Promise<void>>();
  return {
    start(task, write) {
      const running = (async () => {
        try {
          await write();
        } catch (error) {
          try {
            onError(error, task);
          } catch {
            // A failing error handler must not become an unhandled rejection that stops the process.
          }
        }
      })();
      pending.add(running);
      void running.finally(() => pending.delete(running));
    },
    async settled() {
      while (pending.size > 0) await Promise.all(pending);
    },
  };
}
