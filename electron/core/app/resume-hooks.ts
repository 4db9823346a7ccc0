import type { CoreContext } from '../context';

/**
 * After the computer sleeps, timers that counted elapsed time are wrong. The desktop main
 * process calls `app.resumed` on powerMonitor 'resume'; every registered hook then recomputes
 * its due time (the engine re-arms its `scheduleAt` tasks, the auto-backup re-plans) instead
 * of bursting through everything that "should" have happened during the sleep.
 */

type Hook = () => void;
const hooks = new WeakMap<CoreContext, Set<Hook>>();

/** Registers `fn`; returns the unregister function. */
export function onResume(ctx: CoreContext, fn: Hook): () => void {
  let set = hooks.get(ctx);
  if (!set) {
    set = new Set();
    hooks.set(ctx, set);
  }
  set.add(fn);
  return () => set.delete(fn);
}

/** Runs every hook; one failing hook does not stop the others. Returns how many ran. */
export function runResumeHooks(ctx: CoreContext): number {
  const set = hooks.get(ctx);
  if (!set) return 0;
  let ran = 0;
  for (const fn of [...set]) {
    try {
      fn();
      ran++;
    } catch (err) {
      ctx.logger.error({ err }, 'resume hook failed');
    }
  }
  return ran;
}
