/**
 * Campaigns held up by their numbers' connection, explained instead of sitting on "Enviando":
 *
 * - a number check (or a send, before the message left) failed because of the connection: the
 *   campaign waits before asking again (30 s, 2 min, 5 min, 10 min…, so a flapping connection is
 *   not hammered with lookups), its line says "Não foi possível verificar os números — nova
 *   tentativa às 14:32", and once the failures go on (3 in a row over 15 minutes) it pauses with
 *   that reason;
 * - every number of the campaign is reconnecting or "instável" while it has work due: its line
 *   says which and when they try again, and after 30 minutes it pauses with that reason.
 *
 * Nothing here sends or counts anything: the engine re-queues the message untouched (no attempt
 * spent, nothing counted as sent) and asks this module when to try again and whether to pause.
 */
import { atClockTime } from '../../../../shared/time/clock-time';
import type { CampaignWait } from '../../../../shared/api/methods/campaign-run';
import type { ChannelState } from '../../channels/types';
import { scheduleAt, type Clock, type Rng, type ScheduledTask } from '../pacing';

export interface StallPolicy {
  /** Waits before the campaign asks again after its 1st, 2nd, 3rd… failure (the last repeats). */
  holdsMs: readonly number[];
  /** Pause once this many failures in a row… */
  pauseAfterFailures: number;
  /** …have gone on for at least this long. */
  pauseAfterMs: number;
  /** Pause when every number has been reconnecting or unstable this long with work due. */
  unavailableMs: number;
}

export const DEFAULT_STALL_POLICY: StallPolicy = Object.freeze({
  holdsMs: [30_000, 2 * 60_000, 5 * 60_000, 10 * 60_000],
  pauseAfterFailures: 3,
  pauseAfterMs: 15 * 60_000,
  unavailableMs: 30 * 60_000,
});

export const STALL_PAUSE_CODES = {
  /** The number check kept failing on the connection. */
  numberCheck: 'number_check',
  /** Sends kept failing on the connection before the message left. */
  connection: 'connection_lost',
  /** Every number was reconnecting or unstable for too long. */
  unavailable: 'numbers_unavailable',
} as const;

/** Where the failure happened: the number check, or the send itself (typing included). */
export type StallStage = 'check' | 'send';

/** A campaign's number as the explanation needs it. */
export interface NumberLink {
  label: string;
  state: ChannelState;
  /** When it tries to connect again by itself, if known. */
  retryAt: number | null;
  reason: string | null;
}

export interface StallPause {
  code: string;
  reason: string;
}

interface Failures {
  count: number;
  firstAt: number;
  stage: StallStage;
  holdUntil: number;
}

/** States in which a number comes back by itself: waiting on them is a stall, not an error. */
const COMING_BACK = new Set<ChannelState>(['connecting', 'reconnecting', 'unstable']);

export class ConnectionStalls {
  private readonly failures = new Map<number, Failures>();
  private readonly blocked = new Map<number, { since: number; timer: ScheduledTask | null }>();

  constructor(
    private readonly clock: Clock,
    private readonly onDue: (campaignId: number) => void,
    private readonly policy: StallPolicy = DEFAULT_STALL_POLICY,
    private readonly rng: Rng = Math.random,
  ) {}

  /** The campaign asks nothing of its numbers before this instant (0: no hold). */
  heldUntil(campaignId: number): number {
    return this.failures.get(campaignId)?.holdUntil ?? 0;
  }

  /**
   * A check or send of the campaign failed on the connection at `at` (nothing left). Returns the
   * pause to apply once the ceiling is reached, else null (the campaign waits, see heldUntil).
   */
  failed(campaignId: number, stage: StallStage, at: number, label: string): StallPause | null {
    const prev = this.failures.get(campaignId);
    const count = (prev?.count ?? 0) + 1;
    const firstAt = prev?.firstAt ?? at;
    const holds = this.policy.holdsMs;
    const base = holds[Math.min(count, holds.length) - 1] ?? 30_000;
    const holdUntil = at + Math.round(base * (0.8 + 0.4 * this.rng()));
    this.failures.set(campaignId, { count, firstAt, stage, holdUntil });
    if (count >= this.policy.pauseAfterFailures && at - firstAt >= this.policy.pauseAfterMs) {
      this.failures.delete(campaignId);
      return stage === 'check'
        ? { code: STALL_PAUSE_CODES.numberCheck, reason: checkPauseReason(label, count) }
        : { code: STALL_PAUSE_CODES.connection, reason: sendPauseReason(label, count) };
    }
    return null;
  }

  /** A number check of the campaign went through: its connection works again. */
  succeeded(campaignId: number): void {
    this.failures.delete(campaignId);
  }

  /**
   * Whether the campaign is held up by its numbers' connection right now: it has work `due`, and
   * either its last checks failed on the connection, or none of `numbers` can send and all of
   * them are coming back by themselves. A number that flickers "connected" between drops does not
   * restart the clock: only a check that goes through does ({@link succeeded}), or having nothing
   * due. Returns the pause once it has lasted the ceiling, else null.
   */
  evaluate(campaignId: number, now: number, due: boolean, numbers: readonly NumberLink[], anyAvailable: boolean): StallPause | null {
    const f = this.failures.get(campaignId);
    const comingBack = !anyAvailable && numbers.length > 0 && numbers.every((n) => COMING_BACK.has(n.state));
    if (!due || (!f && !comingBack)) {
      this.unblock(campaignId);
      return null;
    }
    let b = this.blocked.get(campaignId);
    if (!b) {
      b = { since: now, timer: null };
      this.blocked.set(campaignId, b);
      const at = now + this.policy.unavailableMs;
      b.timer = scheduleAt(at, () => this.onDue(campaignId), { clock: this.clock });
    }
    if (now - b.since < this.policy.unavailableMs) return null;
    this.clear(campaignId);
    const label = numbers[0]?.label ?? '';
    if (f && !comingBack) {
      return f.stage === 'check'
        ? { code: STALL_PAUSE_CODES.numberCheck, reason: checkPauseReason(label, f.count) }
        : { code: STALL_PAUSE_CODES.connection, reason: sendPauseReason(label, f.count) };
    }
    return { code: STALL_PAUSE_CODES.unavailable, reason: unavailablePauseReason(numbers, this.policy.unavailableMs) };
  }

  /**
   * The campaign's waiting line while held up, or null: a failed check ("Não foi possível
   * verificar os números — nova tentativa às 14:32"), or numbers that are all coming back.
   */
  waitLine(campaignId: number, now: number, numbers: readonly NumberLink[], anyAvailable: boolean, timeZone: string): CampaignWait | null {
    const comingBack = !anyAvailable && numbers.length > 0 && numbers.every((n) => COMING_BACK.has(n.state));
    if (comingBack) {
      // None can send: say which and when they try again by themselves.
      const until = minRetry(numbers);
      const when = until !== null && until > now ? ` — nova tentativa ${atClockTime(until, now, timeZone)}` : '';
      return { reason: 'connection', until, message: `${numbersLine(numbers)}${when}` };
    }
    const f = this.failures.get(campaignId);
    if (!f) return null;
    const until = Math.max(f.holdUntil, now);
    const head = f.stage === 'check' ? 'Não foi possível verificar os números' : 'A conexão com o WhatsApp caiu antes do envio';
    return { reason: f.stage === 'check' ? 'number_check' : 'connection', until, message: `${head} — nova tentativa ${atClockTime(until, now, timeZone)}` };
  }

  /** Forgets a campaign (paused, cancelled, finished). */
  clear(campaignId: number): void {
    this.failures.delete(campaignId);
    this.unblock(campaignId);
  }

  stop(): void {
    for (const id of [...this.blocked.keys()]) this.unblock(id);
    this.failures.clear();
  }

  private unblock(campaignId: number): void {
    const b = this.blocked.get(campaignId);
    if (!b) return;
    b.timer?.();
    this.blocked.delete(campaignId);
  }
}

function minRetry(numbers: readonly NumberLink[]): number | null {
  const times = numbers.map((n) => n.retryAt).filter((t): t is number => t !== null);
  return times.length ? Math.min(...times) : null;
}

function quoted(label: string): string {
  return `"${label.slice(0, 60)}"`;
}

/** "Número "Loja" instável" / "Número "Loja" reconectando" / "Números da campanha reconectando". */
function numbersLine(numbers: readonly NumberLink[]): string {
  if (numbers.length === 1) {
    const n = numbers[0];
    if (n.state === 'unstable') return n.reason === 'rate_limited' ? `O WhatsApp pediu para o número ${quoted(n.label)} esperar` : `Número ${quoted(n.label)} instável`;
    return `Número ${quoted(n.label)} reconectando ao WhatsApp`;
  }
  return numbers.every((n) => n.state === 'unstable') ? 'Todos os números da campanha estão instáveis' : 'Todos os números da campanha estão reconectando ao WhatsApp';
}

function checkPauseReason(label: string, count: number): string {
  return (
    `Não foi possível verificar os números no WhatsApp: a conexão do número ${quoted(label)} caiu durante a verificação ${count} vezes seguidas. ` +
    'Nada foi enviado. A campanha foi pausada para não insistir: confira o número em Números (internet do computador, celular ligado) e retome a campanha.'
  );
}

function sendPauseReason(label: string, count: number): string {
  return (
    `A conexão do número ${quoted(label)} com o WhatsApp caiu antes de as mensagens saírem ${count} vezes seguidas. ` +
    'Nada foi enviado. A campanha foi pausada para não insistir: confira o número em Números (internet do computador, celular ligado) e retome a campanha.'
  );
}

function unavailablePauseReason(numbers: readonly NumberLink[], ms: number): string {
  const minutes = Math.round(ms / 60_000);
  const which =
    numbers.length === 1
      ? `O número ${quoted(numbers[0].label)} está ${numbers[0].state === 'unstable' ? 'instável' : 'reconectando'}`
      : 'Todos os números da campanha estão reconectando ou instáveis';
  return `${which} há ${minutes} minutos, sem conseguir falar com o WhatsApp. Nada foi enviado nesse tempo. A campanha foi pausada: confira os números em Números e retome quando estiverem conectados.`;
}
