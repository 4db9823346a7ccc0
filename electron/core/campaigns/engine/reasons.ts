/** pt-BR texts for automatic pauses and waiting states: say what happened and what to do. */
import type { SignalEvent, ChannelState } from '../../channels/types';
import { describeNextSend, formatLocalMoment, type SendingWindow } from '../schedule';
import type { CampaignWait } from '../../../../shared/api/methods/campaign-run';
import { plural } from '../../../../shared/i18n/plural';

export const PAUSE_CODES = {
  manual: 'manual',
  planLimit: 'plan_limit',
  planBlocked: 'plan_blocked',
  failures: 'failures',
  numberSignal: 'number_signal',
  numberStatus: 'number_status',
  /** The send journal could not be written. */
  journal: 'journal_failed',
  /** The Cloud API refused the template or its parameters (132xxx): fix the mapping. */
  template: 'template_error',
} as const;

export function planLimitReason(planLabel: string, limit: number): string {
  return (
    `Limite do plano ${planLabel} atingido: ${plural(limit, 'mensagem', 'mensagens')} por dia somando todos os números. ` +
    'Retome a campanha amanhã, ou faça o upgrade do plano em Configurações › Licença para continuar enviando hoje.'
  );
}

export function planBlockedReason(reason: string | null): string {
  return reason ?? 'A sua licença não permite enviar mensagens agora. Verifique a licença em Configurações › Licença.';
}

export function failuresReason(n: number): string {
  return `${n === 1 ? '1 envio falhou' : `${n} envios seguidos falharam`}. A campanha foi pausada para proteger o seu número: verifique a conexão em Números e retome a campanha.`;
}

export function signalReason(label: string, s: Pick<SignalEvent, 'kind' | 'detail' | 'message'>): string {
  switch (s.kind) {
    case 'cloud_paused':
      return `Número "${label}" (API oficial): ${s.message ?? 'a API oficial limitou o número.'}`;
    case 'capping_warning':
      return `O WhatsApp avisou que o número "${label}" está enviando demais para quem não o tem salvo${s.detail ? ` (${s.detail})` : ''}. A campanha foi pausada: espere algumas horas, diminua o ritmo e retome.`;
    case 'reachout_timelock':
      return `O WhatsApp bloqueou temporariamente novas conversas pelo número "${label}". A campanha foi pausada: retome quando o bloqueio terminar.`;
    case 'restricted_463':
      return `O WhatsApp restringiu o número "${label}" para novos contatos (erro 463). A campanha foi pausada: aguarde algumas horas antes de retomar.`;
    case 'banned':
      return `O WhatsApp bloqueou o número "${label}". Os envios por ele foram interrompidos: use outro número na campanha.`;
  }
}

export function statusReason(label: string, state: ChannelState): string {
  switch (state) {
    case 'logged_out':
      return `O número "${label}" foi desconectado do WhatsApp (a sessão foi encerrada no celular). Conecte-o de novo em Números e retome a campanha.`;
    case 'restricted':
      return signalReason(label, { kind: 'restricted_463' });
    case 'error':
      return `O número "${label}" teve um erro de conexão. Verifique-o em Números e retome a campanha.`;
    default:
      return `O número "${label}" está desconectado. Conecte-o de novo em Números e retome a campanha.`;
  }
}

/** The waiting line for a running campaign that is not sending right now. */
export function waitMessage(reason: CampaignWait['reason'], until: number | null, window: SendingWindow, now: number): string {
  const at = until !== null ? formatLocalMoment(until, window.timeZone) : '';
  switch (reason) {
    case 'scheduled':
      return `agendada — início ${at}`;
    case 'window':
      return describeNextSend(window, now);
    case 'daily_cap':
      return `limite diário do número atingido — próximo envio ${at}`;
    case 'warmup_cap':
      return `aquecimento do número: limite de hoje atingido — próximo envio ${at}`;
    case 'hourly_cap':
      return `limite por hora atingido — próximo envio ${at}`;
    case 'batch_pause':
      return `pausa entre lotes — próximo envio ${at}`;
    case 'no_number':
      return 'aguardando um número conectado';
    case 'retry':
      return `aguardando nova tentativa — ${at}`;
    default:
      return `intervalo entre mensagens — próximo envio ${at}`;
  }
}
