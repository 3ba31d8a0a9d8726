/**
 * The outbox pump of webhooks and notifications: every pumpMs it hands what waits to the job queue, until a run finds
 * nothing; one run at a time, ending when the job queue stops. An error is logged and the next tick tries again.
 */
import type PgBoss from 'pg-boss';

export function startPump(boss: PgBoss, name: string, pumpMs: number, pumpOnce: () => Promise<number>): void {
  let running = false;
  let stopped = false;
  const tick = async () => {
    if (running || stopped) return;
    running = true;
    try {
      while (!stopped && (await pumpOnce()) > 0);
    } catch (err) {
      if (!stopped) console.error(`[${name}] pump:`, (err as Error).message);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), pumpMs);
  timer.unref();
  boss.on('stopped', () => {
    stopped = true;
    clearInterval(timer);
  });
  void tick();
}
