/** What the send path says and decides about one send: texts, aborts, and which failures left nothing. */
import { isChannelSendError } from '../../channels/errors';
import { ENGINE_CODES } from '../deliveries/states';

export const SKIP_REASONS = {
  deleted: 'O contato foi excluído antes do envio.',
  optedOut: 'O contato pediu para não receber mais mensagens.',
  invalid: 'O contato está marcado como inválido.',
  cancelled: 'Campanha cancelada antes deste envio.',
  windowEnded: 'A data de término da campanha chegou antes deste envio.',
};
export const UNCERTAIN_CRASH = 'O Recado foi fechado durante o envio; não dá para saber se a mensagem saiu. Ela não será reenviada automaticamente.';
export const UNCERTAIN_INTERNAL = 'Erro inesperado durante o envio; a mensagem pode ter saído. Ela não será reenviada automaticamente.';
export const UNCERTAIN_ABORTED = 'O envio foi interrompido no meio; a mensagem pode ter saído. Ela não será reenviada automaticamente.';
export const NOT_ON_WHATSAPP = 'Este número não tem WhatsApp.';
export const CLOUD_NEEDS_TEMPLATE = 'Números da API oficial só enviam modelos aprovados. Escolha "API oficial" e um modelo no passo Mensagens e retome.';
export const CONNECTION_DROPPED = 'A conexão do número com o WhatsApp caiu antes do envio. Nada foi enviado; a mensagem sai quando o número reconectar.';
export const JOURNAL_FAILED =
  'Não foi possível gravar o diário de envios (disco cheio ou sem permissão na pasta de dados do Recado). A campanha foi pausada para não arriscar mensagens em dobro: libere espaço e retome.';

/**
 * Pause/cancel for one in-flight send. The AbortSignal is made only when something can wait on
 * it (a typing delay): most sends at zero delay never need one.
 */
export class SendAbort {
  aborted = false;
  /** Why: the user or the engine (pause, cancel, stop), or the number losing its connection. */
  reason: 'stop' | 'connection' | null = null;
  private controller: AbortController | null = null;

  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.aborted) this.controller.abort();
    }
    return this.controller.signal;
  }

  abort(reason: 'stop' | 'connection' = 'stop'): void {
    this.reason ??= reason;
    this.aborted = true;
    this.controller?.abort();
  }
}

export class AbortedBeforeSend extends Error {
  constructor() {
    super('aborted before send');
  }
}

/**
 * A connection failure before the message left: any transient channel error before the channel
 * got the message (the number check, typing), or a socket that was closed or unreachable when it
 * was handed the message (rejections.ts: those sends never left).
 */
export function leftNothingOnConnection(err: unknown, sendCalled: boolean): boolean {
  if (!isChannelSendError(err) || err.code === 'ABORTED') return false;
  if (!sendCalled) return err.transient;
  return err.code === 'NOT_CONNECTED' || err.code === 'NETWORK';
}

/** After the channel was called, only these failures leave the message's fate unknown (see afterFailure). */
export function mayHaveLeft(err: unknown, sendCalled: boolean): boolean {
  if (!sendCalled) return false;
  return !isChannelSendError(err) || err.code === 'ABORTED' || err.code === 'UNKNOWN';
}

export function codeOf(err: unknown): string {
  return isChannelSendError(err) ? err.code : ENGINE_CODES.internal;
}

export function messageOf(err: unknown): string {
  return isChannelSendError(err) ? err.message : 'Falha antes do envio. Vamos tentar de novo em instantes.';
}

export function parseCandidates(json: string | null, phoneKey: string): string[] {
  try {
    const list = JSON.parse(json ?? '[]') as string[];
    if (Array.isArray(list) && list.length) return list.map((p) => String(p).replace(/\D/g, ''));
  } catch {
    // fall through
  }
  return [phoneKey.replace(/\D/g, '')];
}
