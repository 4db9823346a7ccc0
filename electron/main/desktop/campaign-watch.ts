import type { Api } from '../../../shared/api/client';
import { toCampaignView, type CampaignView } from './campaign-state';

/**
 * The main process's view of the campaigns, kept current from the core's events:
 * `campaigns.progress` carries a whole run state; `campaigns.changed` triggers a (debounced)
 * re-read through `campaigns.overview`.
 */

export interface CampaignWatchOptions {
  api: Pick<Api, 'campaigns' | 'on'>;
  onChange(list: readonly CampaignView[]): void;
  debounceMs?: number;
  log?(message: string): void;
}

export class CampaignWatch {
  private campaigns = new Map<number, CampaignView>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private disposed = false;
  private readonly off: Array<() => void>;

  constructor(private readonly opts: CampaignWatchOptions) {
    this.off = [
      opts.api.on('campaigns.progress', (run) => {
        this.campaigns.set(run.id, toCampaignView(run));
        this.opts.onChange(this.list);
      }),
      opts.api.on('campaigns.changed', () => this.scheduleRefresh()),
    ];
  }

  get list(): CampaignView[] {
    return [...this.campaigns.values()].sort((a, b) => b.id - a.id);
  }

  scheduleRefresh(): void {
    if (this.disposed || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.refresh();
    }, this.opts.debounceMs ?? 300);
  }

  async refresh(): Promise<void> {
    let runs;
    try {
      runs = await this.opts.api.campaigns.overview();
    } catch (err) {
      // The core is restarting: the next event or wake-up reads again.
      this.opts.log?.(`campaign overview unavailable: ${(err as Error).message}`);
      return;
    }
    if (this.disposed) return;
    this.campaigns = new Map(runs.map((r) => [r.id, toCampaignView(r)]));
    this.opts.onChange(this.list);
  }

  /** "Pausar todas": pauses every running or scheduled campaign; returns how many paused. */
  async pauseAll(): Promise<number> {
    let paused = 0;
    for (const c of this.list) {
      if (c.status !== 'running' && c.status !== 'scheduled') continue;
      try {
        const run = await this.opts.api.campaigns.pause({ id: c.id });
        paused++;
        this.campaigns.set(run.id, toCampaignView(run));
      } catch {
        // Finished or removed meanwhile: nothing to pause.
      }
    }
    this.opts.onChange(this.list);
    return paused;
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    for (const off of this.off.splice(0)) off();
  }
}
