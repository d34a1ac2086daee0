/**
 * A per-endpoint circuit breaker: after `failureThreshold` consecutive failures the endpoint is
 * skipped for `cooldownMs`, then one trial call decides whether it closes again.
 * Hand-written because it is twenty lines and no small, well-kept breaker library is installed.
 */
export interface BreakerOptions {
  failureThreshold: number;
  cooldownMs: number;
}

export const DEFAULT_BREAKER: BreakerOptions = { failureThreshold: 3, cooldownMs: 30_000 };

export interface CircuitBreaker {
  /** true when a call may go out now; an open breaker past its cooldown lets exactly one trial through. */
  tryAcquire(): boolean;
  recordSuccess(): void;
  recordFailure(): void;
}

export function createCircuitBreaker(options: BreakerOptions, now: () => number): CircuitBreaker {
  let consecutiveFailures = 0;
  let openUntil = 0;
  return {
    tryAcquire() {
      if (consecutiveFailures < options.failureThreshold) return true;
      if (now() < openUntil) return false;
      // Half-open: reserve the next window so concurrent callers skip while the trial runs.
      openUntil = now() + options.cooldownMs;
      return true;
    },
    recordSuccess() {
      consecutiveFailures = 0;
      openUntil = 0;
    },
    recordFailure() {
      consecutiveFailures += 1;
      if (consecutiveFailures >= options.failureThreshold) openUntil = now() + options.cooldownMs;
    },
  };
}
