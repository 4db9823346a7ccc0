/**
 * What Cloud API messages cost, in BRL, from a dated rate table the user can edit.
 *
 * Since 1 July 2025 Meta bills per delivered template message, by the template's category and
 * the recipient's country (per-message pricing, "PMP"). Free: messages that are not templates
 * (only possible inside the 24-hour customer service window) and utility templates delivered
 * inside an open window. Status webhooks carry `pricing: { category, type, pricing_model }`
 * (`type: regular` is billed; `free_customer_service` and `free_entry_point` are not), but no
 * amount: the billed figure is the count per category times this table.
 *
 * Defaults (see README, "Custos da API oficial"): Meta's Brazil rates in US$ (marketing 0.0625,
 * utility 0.0068, authentication 0.0068), in force since 1 January 2026 and unchanged on the
 * rate card dated 1 October 2026, converted at R$ 5,40 per US$. BSP changelogs report that
 * service messages become billable from 1 October 2026 (1,000 free per number a month, then the
 * utility rate); Meta's own page did not say so when this table was made, so service stays 0 here.
 */

export const PRICING_CATEGORIES = ['marketing', 'utility', 'authentication', 'service'] as const;
export type PricingCategory = (typeof PRICING_CATEGORIES)[number];

export interface RateTable {
  /** The date the rates are valid from (YYYY-MM-DD). */
  effectiveFrom: string;
  currency: 'BRL';
  /** Price per delivered message, in reais. */
  rates: Record<PricingCategory, number>;
  /** Where the figures come from (pt-BR), shown next to the table. */
  source: string;
  /** When the user last changed the table (epoch ms); null for Recado's defaults. */
  editedAt: number | null;
}

export const DEFAULT_RATE_TABLE: RateTable = Object.freeze({
  effectiveFrom: '2026-10-01',
  currency: 'BRL',
  rates: Object.freeze({ marketing: 0.3375, utility: 0.0367, authentication: 0.0367, service: 0 }) as Record<PricingCategory, number>,
  source:
    'Tabela da Meta para o Brasil em US$ (marketing 0,0625; utilidade 0,0068; autenticação 0,0068; em vigor desde 01/01/2026 e mantida na tabela de 01/10/2026), convertida a R$ 5,40 por US$. Confira na sua fatura e ajuste se precisar.',
  editedAt: null,
}) as RateTable;

/** The category a pricing object (or a template category) bills as. */
export function billingCategory(category: string | null | undefined): PricingCategory | null {
  const c = String(category ?? '').toLowerCase();
  if (c === 'marketing' || c === 'marketing_lite') return 'marketing';
  if (c === 'utility') return 'utility';
  if (c === 'authentication' || c === 'authentication_international') return 'authentication';
  if (c === 'service') return 'service';
  return null;
}

/**
 * Whether a status webhook's `pricing` says the message is charged. `type` replaced the
 * deprecated `billable`; older payloads only carry `billable`.
 */
export function isBilled(pricing: { billable?: boolean; type?: string } | null | undefined): boolean {
  if (!pricing) return false;
  if (typeof pricing.type === 'string') return pricing.type === 'regular';
  return pricing.billable === true;
}

/** Price of one message of this category, in reais. */
export function rateFor(table: RateTable, category: string | null | undefined): number {
  const c = billingCategory(category);
  return c ? (table.rates[c] ?? 0) : 0;
}

/** Estimated cost of `count` template messages of a category (every one delivered and billed). */
export function estimateCost(table: RateTable, category: string | null | undefined, count: number): number {
  return roundCents(rateFor(table, category) * Math.max(0, count));
}

export function roundCents(value: number): number {
  return Math.round(value * 100) / 100;
}

/** "R$ 1.234,56"; amounts under R$ 1 keep four decimals when they need them (per-message rates). */
export function formatBrl(value: number, options: { perMessage?: boolean } = {}): string {
  const digits = options.perMessage ? 4 : 2;
  return new Intl.NumberFormat('pt-BR', { style: 'currency', currency: 'BRL', minimumFractionDigits: 2, maximumFractionDigits: digits }).format(value);
}

/** Checks a table typed by the user; a pt-BR message per problem. */
export function rateTableProblems(table: RateTable): string[] {
  const out: string[] = [];
  if (!/^\d{4}-\d{2}-\d{2}$/.test(table.effectiveFrom) || Number.isNaN(Date.parse(`${table.effectiveFrom}T00:00:00Z`))) out.push('Informe a data de vigência da tabela (dd/mm/aaaa).');
  for (const c of PRICING_CATEGORIES) {
    const v = table.rates[c];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 100) out.push(`O preço de ${c} precisa ser um valor entre R$ 0 e R$ 100.`);
  }
  return out;
}
