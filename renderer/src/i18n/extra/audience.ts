/** Texts of labels (etiquetas) as a campaign audience. Spread into pt-BR.ts and en.ts. */

export const audiencePtBR = {
  'wizard.audience.tags': 'Etiquetas que recebem a campanha',
  'wizard.audience.tags.help': 'Contatos com qualquer uma destas etiquetas também recebem, estejam ou não nas listas acima (cada pessoa recebe uma vez).',
  'wizard.review.tags': '{n, plural, one {# etiqueta} other {# etiquetas}}',
  'wizard.audience.recent':
    '{n, plural, one {# contato já recebeu} other {# contatos já receberam}} mensagem nos últimos {days, plural, one {# dia} other {# dias}} e {n, plural, one {fica} other {ficam}} de fora desta campanha.',
  'wizard.audience.recentNobody': 'Ninguém recebe esta campanha: diminua os dias de "Não repetir contatos" ou escolha outro público.',
} as const;

export const audienceEn: Record<keyof typeof audiencePtBR, string> = {
  'wizard.audience.tags': 'Labels that receive the campaign',
  'wizard.audience.tags.help': 'Contacts with any of these labels also receive it, whether or not they are in the lists above (each person gets it once).',
  'wizard.review.tags': '{n, plural, one {# label} other {# labels}}',
  'wizard.audience.recent':
    '{n, plural, one {# contact} other {# contacts}} got a message in the last {days, plural, one {# day} other {# days}} and {n, plural, one {is} other {are}} left out of this campaign.',
  'wizard.audience.recentNobody': 'Nobody receives this campaign: lower the days of "Don\'t repeat contacts" or choose another audience.',
};
