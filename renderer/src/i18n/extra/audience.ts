/** Texts of labels (etiquetas) as a campaign audience. Spread into pt-BR.ts and en.ts. */

export const audiencePtBR = {
  'wizard.audience.tags': 'Etiquetas que recebem a campanha',
  'wizard.audience.tags.help': 'Contatos com qualquer uma destas etiquetas também recebem, estejam ou não nas listas acima (cada pessoa recebe uma vez).',
  'wizard.review.tags': '{n, plural, one {# etiqueta} other {# etiquetas}}',
  'wizard.audience.recent':
    '{n, plural, one {# contato já recebeu} other {# contatos já receberam}} mensagem nos últimos {days, plural, one {# dia} other {# dias}} e {n, plural, one {fica} other {ficam}} de fora desta campanha.',
  'wizard.audience.recentNobody': 'Ninguém recebe esta campanha: diminua os dias de "Não repetir contatos" ou escolha outro público.',
  'wizard.review.reach': '{n, plural, =0 {Ninguém vai receber} one {# contato vai receber} other {# contatos vão receber}}',
  'wizard.review.leftOut': 'Ficam de fora: {parts}.',
  'wizard.review.leftOut.optedOut': '{n, plural, one {# descadastrado} other {# descadastrados}}',
  'wizard.review.leftOut.invalid': '{n, plural, one {# número inválido} other {# números inválidos}}',
  'wizard.review.leftOut.recent': '{n, plural, one {# que já recebeu} other {# que já receberam}} nos últimos {days, plural, one {# dia} other {# dias}}',
} as const;

export const audienceEn: Record<keyof typeof audiencePtBR, string> = {
  'wizard.audience.tags': 'Labels that receive the campaign',
  'wizard.audience.tags.help': 'Contacts with any of these labels also receive it, whether or not they are in the lists above (each person gets it once).',
  'wizard.review.tags': '{n, plural, one {# label} other {# labels}}',
  'wizard.audience.recent':
    '{n, plural, one {# contact} other {# contacts}} got a message in the last {days, plural, one {# day} other {# days}} and {n, plural, one {is} other {are}} left out of this campaign.',
  'wizard.audience.recentNobody': 'Nobody receives this campaign: lower the days of "Don\'t repeat contacts" or choose another audience.',
  'wizard.review.reach': '{n, plural, =0 {Nobody will receive it} one {# contact will receive it} other {# contacts will receive it}}',
  'wizard.review.leftOut': 'Left out: {parts}.',
  'wizard.review.leftOut.optedOut': '{n, plural, one {# opted out} other {# opted out}}',
  'wizard.review.leftOut.invalid': '{n, plural, one {# invalid number} other {# invalid numbers}}',
  'wizard.review.leftOut.recent': '{n, plural, one {# already messaged} other {# already messaged}} in the last {days, plural, one {# day} other {# days}}',
};
