import { PLANS, type PlanId, type PlanLimits } from '../../../shared/license/plans';
import { plural } from '../../../shared/i18n/plural';

/** What the engine (and AI) ask before doing limited work: the plan in force right now. */
export interface PlanState {
  plan: PlanId;
  /** pt-BR label for the UI, e.g. "Avaliação" or "Profissional". */
  label: string;
  limits: PlanLimits;
  /** False when sending must stop entirely (e.g. a revoked license past its grace period). */
  canSend: boolean;
  /** pt-BR explanation when canSend is false or the plan is restricted (e.g. why a license fell back to trial). */
  reason: string | null;
  /** pt-BR: how to get higher limits, to append to a "limit reached" message. */
  upgradeHint?: string;
  /** pt-BR banner while the license is in its offline grace period. */
  notice?: string | null;
}

export interface PlanGate {
  current(): PlanState;
  /**
   * Plan-counted sends the license keeps, sealed, for a day (the engine's day key): the engine
   * counts at least this many, so lowering its counters outside the app frees no sends.
   */
  sendsFloor?(day: string): number;
  /**
   * The license server and this computer's signed license, for the Cloud API webhook relay
   * (which only serves licensed installs). Null in trial mode.
   */
  relayCredentials?(): { serverUrl: string; token: string } | null;
}

export type PlanLimitName = keyof PlanLimits;

const UPGRADE_HINTS: Record<PlanId, string> = {
  trial: 'Para enviar mais, ative uma licença em Configurações → Licença.',
  basic: 'Para limites maiores, compre o plano Profissional e ative a nova chave em Configurações → Licença.',
  pro: 'Este já é o maior plano; se precisar de mais, fale com o vendedor.',
};

export function upgradeHint(plan: PlanId): string {
  return UPGRADE_HINTS[plan];
}

/** A plan's state without a license check (trial, or a plan id in tests). */
export function planState(plan: PlanId = 'trial', reason: string | null = null): PlanState {
  return { plan, label: PLANS[plan].label, limits: { ...PLANS[plan].limits }, canSend: true, reason, upgradeHint: UPGRADE_HINTS[plan], notice: null };
}

/** Without a license Recado runs in trial mode: everything works, sending is limited. */
export function trialGate(): PlanGate {
  return { current: () => planState('trial') };
}

const n = (value: number) => value.toLocaleString('pt-BR');

/**
 * pt-BR message for the pause caused by a limit, naming the limit and how to upgrade,
 * e.g. "Limite do plano Avaliação atingido: 50 mensagens por dia. ...".
 */
/** Params of a "limit reached" error, so the UI can say it in another language. */
export function limitParams(state: PlanState, limit: PlanLimitName): { plan: PlanId; limit: number } {
  return { plan: state.plan, limit: state.limits[limit] };
}

export function describeLimitReached(state: PlanState, limit: PlanLimitName): string {
  const value = state.limits[limit];
  const hint = state.upgradeHint ?? UPGRADE_HINTS[state.plan];
  switch (limit) {
    case 'messagesPerDay':
      return `Limite do plano ${state.label} atingido: ${plural(value, 'mensagem', 'mensagens')} por dia. Os envios continuam amanhã. ${hint}`;
    case 'aiPerDay':
      return `Limite do plano ${state.label} atingido: ${plural(value, 'geração', 'gerações')} com IA por dia. Você pode continuar escrevendo as mensagens à mão. ${hint}`;
    case 'numbers':
      return `O plano ${state.label} permite ${value === 1 ? '1 número' : `${n(value)} números`} de WhatsApp enviando ao mesmo tempo. ${hint}`;
  }
}
