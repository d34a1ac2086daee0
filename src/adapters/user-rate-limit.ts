/**
 * The per-user request limit both bots apply: Telegram through @grammyjs/ratelimiter (a grammY
 * middleware), Discord through `createUserRateLimiter` below, with the same numbers.
 */

export interface UserRateLimit {
  /** Requests (commands, button taps, forms, private messages) one user may send per window. */
  limit: number;
  windowMs: number;
}

export const DEFAULT_USER_RATE_LIMIT: UserRateLimit = { limit: 8, windowMs: 10_000 };

/**
 * Traces one user may start per window, on top of the limit above: a trace reads up to hundreds of
 * transactions per address for up to TRACE_BUDGET_MS, where a check is one lookup.
 */
export const DEFAULT_TRACE_RATE_LIMIT: UserRateLimit = { limit: 3, windowMs: 60_000 };

/** What a user past DEFAULT_TRACE_RATE_LIMIT (or the configured one) reads. */
export function traceLimitText({ limit, windowMs }: UserRateLimit): string {
  const seconds = Math.round(windowMs / 1000);
  const window = seconds === 60 ? 'a minute' : `${seconds} seconds`;
  return `A trace reads a lot of chain history, so each person can start ${limit} per ${window}. Please wait a little and try again.`;
}

/** Most users counted at once; past it the user whose window started longest ago is forgotten. */
const MAX_USERS = 10_000;

export interface UserRateLimiter {
  /** Counts one request of `user`: `allowed`, or refused with whether this is the first refusal of the window. */
  take(user: string): { allowed: true } | { allowed: false; firstRefusal: boolean };
}

/**
 * A fixed window per user, as @grammyjs/ratelimiter counts (that package is a grammY middleware, so
 * the Discord dispatcher cannot use it; rate-limiter-flexible would be a dependency for ten lines).
 * In process: each replica counts its own. Memory is bounded by MAX_USERS entries.
 */
export function createUserRateLimiter(
  { limit, windowMs }: UserRateLimit,
  now: () => number = Date.now,
): UserRateLimiter {
  const windows = new Map<string, { start: number; count: number }>();
  return {
    take(user) {
      const at = now();
      let window = windows.get(user);
      if (!window || at - window.start >= windowMs) {
        windows.delete(user);
        window = { start: at, count: 0 };
        windows.set(user, window);
        if (windows.size > MAX_USERS) {
          const oldest = windows.keys().next().value;
          if (oldest !== undefined) windows.delete(oldest);
        }
      }
      window.count += 1;
      if (window.count <= limit) return { allowed: true };
      return { allowed: false, firstRefusal: window.count === limit + 1 };
    },
  };
}
