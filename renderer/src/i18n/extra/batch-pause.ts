/** Texts of the wizard's batch pause ("Pausa a cada N mensagens por M minutos"). Spread into pt-BR.ts and en.ts. */

export const batchPausePtBR = {
  'wizard.batch.legend': 'Pausa entre lotes (opcional)',
  'wizard.batch.help': 'Depois de algumas mensagens, o número descansa um pouco, como uma pessoa faria. Deixe 0 para não fazer pausas.',
  'wizard.batch.every': 'Pausa a cada (mensagens)',
  'wizard.batch.minutes': 'por (minutos)',
  'wizard.batch.incomplete': 'Preencha os dois campos da pausa entre lotes (ou deixe os dois em 0).',
  'wizard.review.batch': 'Pausa entre lotes',
  'wizard.review.batchValue': 'Pausa a cada {every, plural, one {# mensagem} other {# mensagens}} por {minutes, plural, one {# minuto} other {# minutos}}',
  'wizard.review.batchNone': 'Sem pausa entre lotes',
  'wizard.review.missing.batch': 'Pausa entre lotes incompleta: diga a cada quantas mensagens e por quantos minutos.',
} as const;

export const batchPauseEn: Record<keyof typeof batchPausePtBR, string> = {
  'wizard.batch.legend': 'Pause between batches (optional)',
  'wizard.batch.help': 'After some messages the number rests for a while, like a person would. Leave 0 for no pauses.',
  'wizard.batch.every': 'Pause every (messages)',
  'wizard.batch.minutes': 'for (minutes)',
  'wizard.batch.incomplete': 'Fill in both fields of the batch pause (or leave both at 0).',
  'wizard.review.batch': 'Batch pause',
  'wizard.review.batchValue': 'Pause every {every, plural, one {# message} other {# messages}} for {minutes, plural, one {# minute} other {# minutes}}',
  'wizard.review.batchNone': 'No batch pauses',
  'wizard.review.missing.batch': 'Incomplete batch pause: say after how many messages and for how many minutes.',
};
