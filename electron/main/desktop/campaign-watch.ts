import type { Reply } from '../../../shared/api/wire';
import { toCampaignView, type CampaignView } from './campaign-state';

/**
 * The main process's view of the campaigns, kept current from the core's events (relayed by
 * CoreRelay): `campaigns.progress` carries a whole run state; `campaigns.changed` triggers a
 * (debounced) re-read through `campaigns.overview`, falling back to `campaigns.list`.
 */

export type Call = (method: string, input: unknown) => Promise<Reply>;

export interface CampaignWatchOptions {
  call: Call;
  onChange(list: readonly CampaignView[]): void;
  debounceMs?: number;
}

export class CampaignWatch {
  private campaigns = new Map<number, CampaignView>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private disposed = false;

  constructor(private readonly opts: CampaignWatchOptions) {}

  get list(): CampaignView[] {
    return [...this.campaigns.values()].sort((a, b) => b.id - a.id);
  }

  /** Feed every core event here. */
  handleEvent(name: string, payload: unknown): void {
    if (name === 'campaigns.progress') {
      const view = toCampaignView(payload);
      if (!view) return;
      this.campaigns.set(view.id, view);
      this.opts.onChange(this.list);
    } else if (name === 'campaigns.changed') {
      this.scheduleRefresh();
    }
  }

  scheduleRefresh(): void {
    if (this.disposed || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.refresh();
    }, this.opts.debounceMs ?? 300);
  }

  async refresh(): Promise<void> {
    let reply = await this.opts.call('campaigns.overview', undefined);
    if (!reply.ok && reply.error.code === 'api.unknown_method') reply = await this.opts.call('campaigns.list', undefined);
    if (!reply.ok || !Array.isArray(reply.result) || this.disposed) return;
    const next = new Map<number, CampaignView>();
    for (const raw of reply.result) {
      const view = toCampaignView(raw);
      if (view) next.set(view.id, view);
    }
    this.campaigns = next;
    this.opts.onChange(this.list);
  }

  /** "Pausar todas": pauses every running or scheduled campaign; returns how many paused. */
  async pauseAll(): Promise<number> {
    let paused = 0;
    for (const c of this.list) {
      if (c.status !== 'running' && c.status !== 'scheduled') continue;
      const reply = await this.opts.call('campaigns.pause', { id: c.id });
      if (reply.ok) {
        paused++;
        const view = toCampaignView(reply.result);
        if (view) this.campaigns.set(view.id, view);
      }
    }
    this.opts.onChange(this.list);
    return paused;
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
  }
}
