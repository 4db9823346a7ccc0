/** pt-BR explanation of a WhatsApp number's status, shown under the status badge. */
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
};

/** Every reason with a text of its own (the interface has the same list in English). */
export const WHATSAPP_STATUS_REASONS: readonly string[] = Object.keys(BY_REASON);

const BY_STATE: Record<ChannelState, string> = {
  connecting: 'Conectando ao WhatsApp…',
  qr: 'Aguardando a leitura do QR Code. No celular: WhatsApp → Aparelhos conectados → Conectar aparelho.',
  connected: 'Conectado.',
  reconnecting: 'Reconectando ao WhatsApp…',
  disconnected: 'Desconectado.',
  logged_out: 'Sessão encerrada no celular. Leia um novo QR Code para conectar de novo.',
  restricted: 'O WhatsApp bloqueou ou restringiu este número. Os envios por ele foram interrompidos.',
  error: 'Erro na conexão com o WhatsApp. Tente reconectar.',
};

export function describeWhatsAppStatus(state: ChannelState, reason?: string | null): string {
  if (state === 'connecting' && reason === 'updating_version') return BY_REASON.updating_version!;
  if (state === 'connected' || state === 'connecting') return BY_STATE[state];
  // A linked number keeps retrying by itself: no button to press, just the reason.
  if (state === 'reconnecting' && reason === 'no_network') return 'Sem conexão com a internet. O Recado tenta de novo sozinho assim que ela voltar.';
  if (reason && BY_REASON[reason]) return BY_REASON[reason];
  if (reason && /^closed_\d+$/.test(reason)) return `${BY_STATE.reconnecting} (código ${reason.slice(7)})`;
  return BY_STATE[state];
}
