import { AppError } from '../core/errors.js';

/**
 * A small fixed-window limiter per key (client IP) for the few unauthenticated endpoints that could be guessed
 * at: tracking-code lookup and login. In-process: enough for one node; behind several nodes use the proxy's limit.
 */
export class RateLimiter {
  private hits = new Map<string, { n: number; until: number }>();
  constructor(private readonly limit: number, private readonly windowMs: number) {}

  check(key: string, now = Date.now()): void {
    const h = this.hits.get(key);
    if (!h || h.until < now) {
      if (this.hits.size > 10_000) this.hits.clear();
      this.hits.set(key, { n: 1, until: now + this.windowMs });
      return;
    }
    if (++h.n > this.limit) throw new AppError('RATE_LIMITED');
  }
}
