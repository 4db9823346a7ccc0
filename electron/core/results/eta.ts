/**
 * When a campaign should finish, from its real pace (measured from the latest sends, see
 * pace.ts) or, before there is enough to measure, its pacing settings (average gap between
 * sends per number), plus the caps and the sending window. It is an estimate and says so; the
 * UI refreshes it as the campaign moves.
 */
import type { CampaignDraft, CampaignStatus } from '../../../shared/campaigns/schema';
import type { Eta } from '../../../shared/api/methods/results';
import { formatLocalMoment, nextOpen, windowCloseAt, type SendingWindow } from '../campaigns/schedule';
import { startOfNextLocalDay, dayKey } from '../campaigns/schedule/tz';
import { plural } from '../../../shared/i18n/plural';

const HOUR = 3_600_000;
/** A send is never instantaneous: the channel and the typing indicator take about this long. */
const MIN_GAP_SEC = 1;
const TYPING_SEC = 3;
const MAX_SPANS = 800;

export interface EtaInput {
  now: number;
  status: CampaignStatus;
  /** Deliveries still queued or sending. */
  remaining: number;
  pacing: CampaignDraft['pacing'];
  window: SendingWindow;
  /** Numbers able to send for this campaign (connected or not: they reconnect). */
  numbers: number;
  /** Messages this campaign already sent today (counts against the daily cap). */
  sentToday?: number;
  /**
   * The pace measured from the latest sends, all numbers together (see pace.ts). When known it
   * replaces the pace computed from the settings; the window and the daily cap still apply.
   */
  observedPerHour?: number | null;
}

/** Average seconds between two sends of one number, batch pauses spread over the batch. */
export function averageGapSec(p: CampaignDraft['pacing']): number {
  let gap = (Math.max(0, p.minDelaySec) + Math.max(p.minDelaySec, p.maxDelaySec)) / 2;
  if (p.typing) gap += TYPING_SEC;
  if (p.batchEvery > 0 && p.batchPauseMinutes > 0) gap += (p.batchPauseMinutes * 60) / p.batchEvery;
  return Math.max(MIN_GAP_SEC, gap);
}

/** Messages per hour while the window is open, all numbers together. */
export function ratePerHour(p: CampaignDraft['pacing'], numbers: number): number {
  let perNumber = 3600 / averageGapSec(p);
  if (p.hourlyCap > 0) perNumber = Math.min(perNumber, p.hourlyCap);
  return perNumber * Math.max(0, numbers);
}

/** "~40 min", "~3 h 20 min", "~3 dias" (pt-BR; the interface words its own from `at`). */
export function durationText(ms: number): string {
  const min = Math.max(1, Math.round(ms / 60_000));
  if (min < 60) return `~${min} min`;
  const h = Math.floor(min / 60);
  const m = min % 60;
  if (h < 48) return m ? `~${h} h ${m} min` : `~${h} h`;
  return `~${plural(Math.round(h / 24), 'dia', 'dias')}`;
}

export function estimateEta(input: EtaInput): Eta | null {
  const { now, status, remaining } = input;
  if (status !== 'running' && status !== 'scheduled' && status !== 'paused') return null;
  const tz = input.window.timeZone;
  if (status === 'paused') return { reason: 'paused', at: null, remaining, perHour: null, message: 'campanha pausada — a estimativa volta quando você retomar' };
  if (remaining === 0) return { reason: 'finishing', at: now, remaining, perHour: null, message: 'terminando os últimos envios' };
  if (input.numbers <= 0) return { reason: 'no_number', at: null, remaining, perHour: null, message: 'sem número disponível para enviar — não dá para estimar o fim' };

  const measured = input.observedPerHour;
  const perHour = measured !== undefined && measured !== null && measured > 0 ? measured : ratePerHour(input.pacing, input.numbers);
  const dailyCap = input.pacing.dailyCap > 0 ? input.pacing.dailyCap * input.numbers : Infinity;
  const used = new Map<string, number>([[dayKey(now, tz), input.sentToday ?? 0]]);
  let left = remaining;
  let t = now;
  for (let i = 0; i < MAX_SPANS; i++) {
    const open = nextOpen(input.window, t);
    if (open === null) break;
    const close = windowCloseAt(input.window, open) ?? open + 24 * HOUR;
    // Split at local midnight: the daily cap restarts each day.
    const dayEnd = startOfNextLocalDay(open, tz);
    const end = Math.max(open + 1, Math.min(close, dayEnd));
    const day = dayKey(open, tz);
    const room = Math.max(0, dailyCap - (used.get(day) ?? 0));
    const capacity = Math.min(room, (perHour * (end - open)) / HOUR);
    if (left <= capacity) {
      const at = Math.round(open + (left / perHour) * HOUR);
      return { reason: 'estimate', at, remaining, perHour, message: `estimativa: ${durationText(at - now)} (por volta de ${formatLocalMoment(at, tz)})` };
    }
    left -= capacity;
    used.set(day, (used.get(day) ?? 0) + capacity);
    t = capacity >= room ? dayEnd : end;
  }
  return { reason: 'window_over', at: null, remaining, perHour, message: 'pelo ritmo e pela janela, nem todos os envios cabem antes da data final da campanha' };
}
