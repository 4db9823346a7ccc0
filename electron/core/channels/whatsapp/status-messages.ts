/** pt-BR explanation of a WhatsApp number's status, shown under the status badge and on its card. */
import { atClockTime } from '../../../../shared/time/clock-time';
import type { ChannelState } from '../types';

const BY_REASON: Record<string, string> = {
  pairing_code: 'Digite o código no celular: WhatsApp → Aparelhos conectados → Conectar aparelho → Conectar com número de telefone.',
  pairing_failed: 'Não foi possível gerar o código de pareamento. Confira o número digitado (com DDD) e tente de novo, ou use o QR Code.',
  restart_required: 'Celular conectado. Finalizando a conexão…',
  qr_timeout: 'O QR Code expirou antes de ser lido. Clique em "Gerar novo" para tentar de novo.',
  logged_out: 'Sessão encerrada no celular. Leia um novo QR Code para conectar este número de novo.',
  multidevice_mismatch: 'A sessão deste número não é mais aceita pelo WhatsApp. Leia um novo QR Code para conectar de novo.',
  bad_session: 'A sessão deste número ficou inválida e foi apagada. Leia um novo QR Code para conectar de novo.',
  user_logout: 'Você desconectou este número. Gere um novo QR Code para usá-lo de novo.',
  connection_replaced:
    'Outra sessão do WhatsApp Web assumiu este número. Feche o WhatsApp Web no outro computador ou navegador e clique em "Reconectar".',
  outdated_version: 'A versão do WhatsApp Web usada pelo Recado está desatualizada. Atualize o Recado e tente de novo.',
  banned: 'O WhatsApp bloqueou ou restringiu este número. Os envios por ele foram interrompidos e as campanhas pausadas.',
  '463': 'O WhatsApp restringiu este número para novos contatos. As campanhas foram pausadas; aguarde algumas horas antes de retomar.',
  connection_closed: 'A conexão com o WhatsApp caiu. Tentando de novo em instantes…',
  connection_lost: 'A conexão com o WhatsApp caiu. Tentando de novo em instantes…',
  service_unavailable: 'O WhatsApp está instável no momento. Tentando de novo em instantes…',
  network: 'Sem conexão com o WhatsApp. Verifique a internet; tentando de novo em instantes…',
  no_network: 'Sem conexão com a internet: o Recado não conseguiu falar com o WhatsApp. Verifique o Wi-Fi ou o cabo e clique em "Tentar de novo".',
  link_failed: 'O WhatsApp não respondeu ao pedido de conexão. Verifique a internet e clique em "Tentar de novo".',
  qr_unavailable: 'O QR Code não chegou em 30 segundos. A internet pode estar lenta ou bloqueando o WhatsApp. Clique em "Tentar de novo".',
  updating_version: 'Atualizando a versão do WhatsApp Web e conectando de novo…',
  socket_error: 'Não foi possível iniciar a conexão com o WhatsApp. Tentando de novo em instantes…',
  // A new link refused with 429 (a linked number waits instead: see HOLDS).
  rate_limited: 'O WhatsApp recusou a conexão por excesso de tentativas (limite de conexões). Espere uns 30 minutos e clique em "Tentar de novo".',
};

/** Waiting on purpose (state `unstable`): what happens, and what the user can do. */
const HOLDS: Record<string, (at: string) => string> = {
  unstable: (at) =>
    `A conexão deste número caiu várias vezes em poucos minutos. Para proteger a conta, o Recado tenta de novo devagar — próxima tentativa ${at}. ` +
    'Confira a internet do computador e se o celular está ligado e com internet. Se continuar, feche o WhatsApp Web em outros computadores e, em último caso, desconecte e conecte o número de novo.',
  rate_limited: (at) =>
    `O WhatsApp pediu para este número esperar antes de conectar de novo (limite de conexões). O Recado não insiste, para não prolongar o bloqueio — próxima tentativa ${at}. Não é preciso fazer nada.`,
  login_ceiling: (at) =>
    `Este número já conectou muitas vezes na última hora. Para proteger a conta, o Recado espera — próxima tentativa ${at}. Confira a internet do computador e se o celular está ligado.`,
};

/** Every reason with a text of its own (the interface has the same list in English). */
export const WHATSAPP_STATUS_REASONS: readonly string[] = Object.keys(BY_REASON);

const BY_STATE: Record<ChannelState, string> = {
  connecting: 'Conectando ao WhatsApp…',
  qr: 'Aguardando a leitura do QR Code. No celular: WhatsApp → Aparelhos conectados → Conectar aparelho.',
  connected: 'Conectado.',
  reconnecting: 'Reconectando ao WhatsApp…',
  unstable: 'A conexão deste número está instável. O Recado tenta de novo devagar, sozinho.',
  disconnected: 'Desconectado.',
  logged_out: 'Sessão encerrada no celular. Leia um novo QR Code para conectar de novo.',
  restricted: 'O WhatsApp bloqueou ou restringiu este número. Os envios por ele foram interrompidos.',
  error: 'Erro na conexão com o WhatsApp. Tente reconectar.',
};

/** When the number tries again by itself, for the sentence: "às 14:32" (the app's time zone). */
export interface RetryClock {
  retryAt?: number | null;
  now?: number;
  timeZone?: string;
}

export function describeWhatsAppStatus(state: ChannelState, reason?: string | null, clock: RetryClock = {}): string {
  const at = clock.retryAt ? atClockTime(clock.retryAt, clock.now ?? Date.now(), clock.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone) : null;
  if (state === 'unstable') {
    const hold = HOLDS[reason ?? 'unstable'] ?? HOLDS.unstable!;
    return at ? hold(at) : BY_STATE.unstable;
  }
  if (state === 'connecting' && reason === 'updating_version') return BY_REASON.updating_version!;
  if (state === 'connected' && reason === 'unstable') {
    return 'Conectado de novo, mas a conexão deste número caiu várias vezes há pouco. O Recado considera o número estável depois de 1 minuto sem quedas; até lá, uma nova queda espera alguns minutos antes de reconectar.';
  }
  if (state === 'connected' || state === 'connecting') return BY_STATE[state];
  // A linked number keeps retrying by itself: no button to press, just the reason.
  if (state === 'reconnecting' && reason === 'no_network') return 'Sem conexão com a internet. O Recado tenta de novo sozinho assim que ela voltar.';
  if (reason && BY_REASON[reason]) return BY_REASON[reason];
  if (reason && /^closed_\d+$/.test(reason)) return `${BY_STATE.reconnecting} (código ${reason.slice(7)})`;
  return BY_STATE[state];
}
