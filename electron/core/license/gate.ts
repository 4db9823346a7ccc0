import { PLANS, type PlanId, type PlanLimits } from './plans';

/** What the engine (and AI) ask before doing limited work: the plan in force right now. */
export interface PlanState {
  plan: PlanId;
  /** pt-BR label for the UI, e.g. "Avaliação" or "Profissional". */
  label: string;
  limits: PlanLimits;
  /** False when sending must stop entirely (e.g. a revoked license past its grace period). */
  canSend: boolean;
  /** pt-BR explanation when canSend is false or the plan is restricted. */
  reason: string | null;
}

export interface PlanGate {
  current(): PlanState;
}

/** Without a license Recado runs in trial mode: everything works, sending is limited. */
export function trialGate(): PlanGate {
  return {
    current: () => ({ plan: 'trial', label: PLANS.trial.label, limits: PLANS.trial.limits, canSend: true, reason: null }),
  };
}
