/** Texts of the Cloud API's 24-hour window in Conversas (countdown, "Responder com modelo"). Spread into pt-BR.ts and en.ts. */

export const serviceWindowPtBR = {
  'conv.window.open': 'Janela de atendimento: {h} h {m} min restantes',
  'conv.window.openMin': 'Janela de atendimento: {m} min restantes',
  'conv.window.closed': 'A janela de 24 horas desta conversa fechou: pela API oficial só dá para responder com um modelo aprovado. Ela abre de novo quando o contato escrever.',
  'conv.window.help': 'Pela API oficial, texto livre só vale até 24 horas depois da última mensagem do contato.',
  'conv.template.open': 'Responder com modelo',
  'conv.template.title': 'Responder com modelo aprovado',
  'conv.template.loading': 'Carregando os modelos…',
  'conv.template.empty': 'Nenhum modelo aprovado: crie um em Números → Modelos de mensagem.',
  'conv.template.list': 'Modelos aprovados',
  'conv.template.preview': 'Como o contato vai ler',
  'conv.template.send': 'Enviar modelo',
  'conv.template.sending': 'Enviando…',
  'conv.template.cancel': 'Cancelar',
  'conv.template.sent': 'Modelo enviado.',
  'conv.template.notSent': 'O modelo não saiu. Confira o número em Números e envie de novo.',
  'conv.template.badge': 'Modelo: {name}',
};

export const serviceWindowEn: Record<keyof typeof serviceWindowPtBR, string> = {
  'conv.window.open': 'Service window: {h} h {m} min left',
  'conv.window.openMin': 'Service window: {m} min left',
  'conv.window.closed': 'The 24-hour window of this conversation has closed: through the official API you can only reply with an approved template. It opens again when the contact writes.',
  'conv.window.help': 'Through the official API, free-form text is allowed only up to 24 hours after the contact\'s last message.',
  'conv.template.open': 'Reply with a template',
  'conv.template.title': 'Reply with an approved template',
  'conv.template.loading': 'Loading templates…',
  'conv.template.empty': 'No approved template: create one in Numbers → Message templates.',
  'conv.template.list': 'Approved templates',
  'conv.template.preview': 'How the contact will read it',
  'conv.template.send': 'Send template',
  'conv.template.sending': 'Sending…',
  'conv.template.cancel': 'Cancel',
  'conv.template.sent': 'Template sent.',
  'conv.template.notSent': 'The template did not go out. Check the number in Numbers and send it again.',
  'conv.template.badge': 'Template: {name}',
};
