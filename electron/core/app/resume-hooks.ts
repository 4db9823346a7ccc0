import type { Logger } from '../log/logger';

/**
 * After the computer sleeps, timers that counted elapsed time are wrong. The desktop main
 * process calls `app.resumed` on powerMonitor 'resume'; every registered hook then recomputes
 * its due time (the engine re-arms its `scheduleAt` tasks, the auto-backup re-plans) instead
 * of bursting through everything that "should" have happened during the sleep. One per core,
 * built by the composition root (services.ts).
 */

type Hook = () => void;

export class ResumeHooks {
  private readonly hooks = new Set<Hook>();

  constructor(private readonly logger: Logger) {}

  /** Registers `fn`; returns the unregister function. */
  on(fn: Hook): () => void {
    this.hooks.add(fn);
    return () => this.hooks.delete(fn);
  }

  /** Runs every hook; one failing hook does not stop the others. Returns how many ran. */
  run(): number {
    let ran = 0;
    for (const fn of [...this.hooks]) {
      try {
        fn();
        ran++;
      } catch (err) {
        this.logger.error({ err }, 'resume hook failed');
      }
    }
    return ran;
  }
}
