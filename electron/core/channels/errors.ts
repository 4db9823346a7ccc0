/**
 * Send failures every channel reports, with whether retrying later can help and a pt-BR message.
 */

/** Machine codes of {@link ChannelSendError}. */
export type ChannelErrorCode =
  | 'NOT_CONNECTED'
  | 'ABORTED'
  | 'TIMEOUT'
  | 'NETWORK'
  | 'RATE_LIMITED'
  | 'SERVER_ERROR'
  | 'SEND_FAILED'
  | 'LOGGED_OUT'
  | 'NOT_ON_WHATSAPP'
  | 'INVALID_JID'
  | 'MEDIA_INVALID'
  | 'RESTRICTED'
  | 'BANNED'
  // Cloud API (see channels/cloud/graph-errors.ts for which Graph codes map here)
  | 'PAIR_RATE_LIMITED'
  | 'UNDELIVERABLE'
  | 'OUTSIDE_WINDOW'
  | 'TEMPLATE_ERROR'
  | 'AUTH_FAILED'
  | 'CLOUD_REFUSED'
  | 'MESSAGING_LIMIT'
  | 'UNKNOWN';

interface CodeInfo {
  /** Retrying the same message later may succeed. */
  transient: boolean;
  /** The number itself should stop sending (ban / restriction signal). */
  pausesNumber: boolean;
  message: string;
}

/**
 * Per-code facts. `UNKNOWN` is permanent on purpose: when we cannot tell whether WhatsApp took
 * the message, a retry risks a duplicate and counts as another reach-out.
 */
export const CHANNEL_ERRORS: Readonly<Record<ChannelErrorCode, CodeInfo>> = Object.freeze({
  NOT_CONNECTED: { transient: true, pausesNumber: false, message: 'O número não está conectado. Reconecte o número; o envio continua depois.' },
  ABORTED: { transient: true, pausesNumber: false, message: 'Envio interrompido antes de sair. A mensagem será enviada depois.' },
  TIMEOUT: { transient: true, pausesNumber: false, message: 'O WhatsApp demorou para responder. Vamos tentar de novo em instantes.' },
  NETWORK: { transient: true, pausesNumber: false, message: 'Falha de conexão com a internet. Vamos tentar de novo em instantes.' },
  RATE_LIMITED: { transient: true, pausesNumber: false, message: 'O WhatsApp pediu para enviar mais devagar. Vamos esperar e tentar de novo.' },
  SERVER_ERROR: { transient: true, pausesNumber: false, message: 'O WhatsApp está instável no momento. Vamos tentar de novo em instantes.' },
  SEND_FAILED: { transient: true, pausesNumber: false, message: 'A mensagem não foi enviada. Vamos tentar de novo em instantes.' },
  LOGGED_OUT: { transient: true, pausesNumber: true, message: 'O número foi desconectado do WhatsApp. Leia o QR Code de novo para continuar.' },
  NOT_ON_WHATSAPP: { transient: false, pausesNumber: false, message: 'Este número não tem WhatsApp.' },
  INVALID_JID: { transient: false, pausesNumber: false, message: 'Número de destino inválido. Corrija o contato na lista.' },
  MEDIA_INVALID: { transient: false, pausesNumber: false, message: 'Não foi possível ler o anexo. Verifique se o arquivo existe e tente de novo.' },
  RESTRICTED: { transient: false, pausesNumber: true, message: 'O WhatsApp restringiu este número para novos contatos. O número foi pausado; aguarde algumas horas antes de retomar.' },
  BANNED: { transient: false, pausesNumber: true, message: 'O WhatsApp bloqueou este número. Os envios por ele foram interrompidos.' },
  // Cloud API. Graph refused these before sending anything, so the transient ones go back to
  // the queue; the number or campaign pause comes from a `cloud_paused` signal or the engine.
  PAIR_RATE_LIMITED: { transient: true, pausesNumber: false, message: 'Mensagens demais para este contato em pouco tempo. Vamos tentar de novo mais tarde só para ele.' },
  UNDELIVERABLE: { transient: false, pausesNumber: false, message: 'A API oficial não conseguiu entregar a mensagem a este contato. Não será reenviada.' },
  OUTSIDE_WINDOW: { transient: false, pausesNumber: false, message: 'Fora da janela de 24 horas de atendimento: só um modelo aprovado pode ser enviado a este contato.' },
  TEMPLATE_ERROR: { transient: true, pausesNumber: false, message: 'O modelo de mensagem ou as variáveis foram recusados pela API oficial. A campanha foi pausada: confira o mapeamento das variáveis.' },
  AUTH_FAILED: { transient: true, pausesNumber: false, message: 'O token de acesso da API oficial expirou ou não tem permissão. Os envios pela API oficial foram pausados: troque o token em Números.' },
  CLOUD_REFUSED: { transient: true, pausesNumber: false, message: 'A API oficial recusou o envio e o número foi pausado. A mensagem continua na fila.' },
  MESSAGING_LIMIT: { transient: true, pausesNumber: false, message: 'Limite diário de pessoas novas da API oficial atingido. A mensagem continua na fila.' },
  UNKNOWN: { transient: false, pausesNumber: false, message: 'Erro desconhecido ao enviar. A mensagem não será reenviada automaticamente para evitar duplicidade.' },
});

export function isChannelErrorCode(code: unknown): code is ChannelErrorCode {
  return typeof code === 'string' && Object.prototype.hasOwnProperty.call(CHANNEL_ERRORS, code);
}

/** Thrown by `Channel.send`/`sendTyping`. `transient` says whether a later retry may work. */
export class ChannelSendError extends Error {
  readonly code: ChannelErrorCode;
  readonly transient: boolean;
  /** Raw detail from the channel (e.g. a WhatsApp status code); never message text or phone numbers. */
  readonly detail?: string;

  constructor(code: ChannelErrorCode, opts: { transient?: boolean; detail?: string; message?: string; cause?: unknown } = {}) {
    super(opts.message ?? CHANNEL_ERRORS[code].message, opts.cause !== undefined ? { cause: opts.cause } : undefined);
    this.name = 'ChannelSendError';
    this.code = code;
    this.transient = opts.transient ?? CHANNEL_ERRORS[code].transient;
    if (opts.detail !== undefined) this.detail = opts.detail;
  }
}

export function isChannelSendError(e: unknown): e is ChannelSendError {
  return e instanceof ChannelSendError;
}
