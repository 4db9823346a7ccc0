/** Texts of the reply box's attachment (Respostas). Spread into pt-BR.ts and en.ts. */

export const replyBoxPtBR = {
  'conv.reply.attach': 'Anexar arquivo',
  'conv.reply.attachment': 'Anexo da resposta',
  'conv.reply.attachmentOpen': 'Anexo: {file}',
} as const;

export const replyBoxEn: Record<keyof typeof replyBoxPtBR, string> = {
  'conv.reply.attach': 'Attach file',
  'conv.reply.attachment': 'Reply attachment',
  'conv.reply.attachmentOpen': 'Attachment: {file}',
};
