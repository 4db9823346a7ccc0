// Plans and their limits, shared by the license server (which signs them into
// licenses) and the app (which enforces them). Pure: safe for the renderer.

export const PLAN_IDS = ['trial', 'basic', 'pro'] as const;
export type PlanId = (typeof PLAN_IDS)[number];

export interface PlanLimits {
  /** Messages the app may send per calendar day, across all numbers. */
  messagesPerDay: number;
  /** WhatsApp numbers that may be connected at the same time. */
  numbers: number;
  /** AI template generations per calendar day. */
  aiPerDay: number;
}

export interface PlanInfo {
  id: PlanId;
  /** pt-BR name shown to the buyer. */
  label: string;
  limits: PlanLimits;
}

export const PLANS: Readonly<Record<PlanId, PlanInfo>> = {
  trial: { id: 'trial', label: 'Avaliação', limits: { messagesPerDay: 50, numbers: 1, aiPerDay: 5 } },
  basic: { id: 'basic', label: 'Básico', limits: { messagesPerDay: 500, numbers: 1, aiPerDay: 50 } },
  pro: { id: 'pro', label: 'Profissional', limits: { messagesPerDay: 3000, numbers: 5, aiPerDay: 500 } },
};

export function isPlanId(value: unknown): value is PlanId {
  return typeof value === 'string' && (PLAN_IDS as readonly string[]).includes(value);
}

export function planLimits(plan: PlanId): PlanLimits {
  return { ...PLANS[plan].limits };
}
