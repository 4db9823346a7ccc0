/**
 * Messages outside campaigns (replies from Respostas, the reply assistant, mirrored offers) go
 * through a number's daily cap and the plan's messages per day, not through any campaign's pace.
 * What may go, and how the number's pacer counts it, is decided here; the engine applies it.
 */
import { ApiError } from '../../../../shared/api/errors';
import type { PlanGate } from '../../license/gate';
import type { PacerState } from '../pacing';
import type { PlanLimit } from './plan-limit';
import { planBlockedReason, planLimitReason } from './reasons';
import type { Worker } from './worker';

/** Throws the pt-BR reason when `w` may not send a direct message at `at`. */
export function assertDirectSendAllowed(w: Worker, at: number, today: { sent: number; cap: number | null }, plan: PlanGate, limit: PlanLimit): void {
  if (w.flagged) {
    throw new ApiError('conversations.number_flagged', `O número "${w.label}" está com envios interrompidos por um aviso do WhatsApp. Veja o aviso em Números antes de responder por ele.`, undefined, { label: w.label });
  }
  if (limit.counts(w.kind)) {
    const gate = plan.current();
    if (!gate.canSend) throw new ApiError('campaigns.plan_blocked', planBlockedReason(gate.reason));
    if (limit.today(at) >= gate.limits.messagesPerDay) {
      throw new ApiError('conversations.plan_limit', planLimitReason(gate.plan, gate.label, gate.limits.messagesPerDay).text, undefined, { plan: gate.plan, limit: gate.limits.messagesPerDay });
    }
  }
  const { sent, cap } = today;
  if (cap !== null && sent >= cap) {
    throw new ApiError(
      'conversations.daily_cap',
      `O número "${w.label}" já enviou ${sent} de ${cap} mensagens hoje (o limite diário dele). Respostas também contam no limite: aumente o limite em Números ou responda amanhã.`,
      undefined,
      { label: w.label, sent, cap },
    );
  }
}

/**
 * The pacer after a direct message was counted (n = 1) or given back (n = -1) on local day `day`:
 * today's count moves, gaps and batches do not. Null when nothing changes.
 */
export function pacerAfterDirectSend(p: PacerState, day: string, n: 1 | -1): PacerState | null {
  if (p.dayKey === day) return { ...p, sentToday: Math.max(0, p.sentToday + n) };
  if (n > 0 && (p.dayKey === null || day > p.dayKey)) return { ...p, dayKey: day, sentToday: 1 };
  return null;
}
