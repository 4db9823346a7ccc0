/** Texts of deals with a value and revenue. Spread into pt-BR.ts and en.ts. */

export const dealsPtBR = {
  'deals.value.title': 'Registrar negócio fechado',
  'deals.value.label': 'Valor do negócio (opcional)',
  'deals.value.placeholder': 'R$ 0,00',
  'deals.value.help': 'Quanto esta venda rendeu, em reais (ex.: 1.250,00). Deixe em branco para contar o negócio sem valor.',
  'deals.value.save': 'Registrar negócio',
  'deals.value.error.invalid': 'Não entendemos esse valor. Escreva só números, como 1.250,00.',
  'deals.value.error.negative': 'O valor não pode ser negativo.',
  'deals.value.error.too_large': 'Valor alto demais: até R$ 100 milhões.',
  'deals.addedValue': 'Negócio fechado registrado: {value}.',
  'deals.revenue': 'Receita',
  'deals.revenue.help': 'Soma dos valores dos negócios fechados desta campanha.',
  'deals.revenuePer100': 'Receita por 100 mensagens',
  'deals.revenue.dashboard': 'Valores dos negócios fechados no período.',
  'deals.valueBadge': 'Negócio fechado: {value}',
  'deals.col.deals': 'Negócios',
  'deals.col.revenue': 'Receita',
} as const;

export const dealsEn: Record<keyof typeof dealsPtBR, string> = {
  'deals.value.title': 'Record a closed deal',
  'deals.value.label': 'Deal value (optional)',
  'deals.value.placeholder': 'R$ 0.00',
  'deals.value.help': 'How much this sale brought in, in reais (e.g. 1,250.00). Leave it empty to count the deal without a value.',
  'deals.value.save': 'Record deal',
  'deals.value.error.invalid': 'We could not read that value. Type numbers only, like 1,250.00.',
  'deals.value.error.negative': 'The value cannot be negative.',
  'deals.value.error.too_large': 'Value too high: up to R$ 100 million.',
  'deals.addedValue': 'Closed deal recorded: {value}.',
  'deals.revenue': 'Revenue',
  'deals.revenue.help': 'Sum of the values of this campaign\'s closed deals.',
  'deals.revenuePer100': 'Revenue per 100 messages',
  'deals.revenue.dashboard': 'Values of the deals closed in the period.',
  'deals.valueBadge': 'Closed deal: {value}',
  'deals.col.deals': 'Deals',
  'deals.col.revenue': 'Revenue',
};
