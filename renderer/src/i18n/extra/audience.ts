/** Texts of labels (etiquetas) as a campaign audience. Spread into pt-BR.ts and en.ts. */

export const audiencePtBR = {
  'wizard.audience.tags': 'Etiquetas que recebem a campanha',
  'wizard.audience.tags.help': 'Contatos com qualquer uma destas etiquetas também recebem, estejam ou não nas listas acima (cada pessoa recebe uma vez).',
  'wizard.review.tags': '{n, plural, one {# etiqueta} other {# etiquetas}}',
} as const;

export const audienceEn: Record<keyof typeof audiencePtBR, string> = {
  'wizard.audience.tags': 'Labels that receive the campaign',
  'wizard.audience.tags.help': 'Contacts with any of these labels also receive it, whether or not they are in the lists above (each person gets it once).',
  'wizard.review.tags': '{n, plural, one {# label} other {# labels}}',
};
