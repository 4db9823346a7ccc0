/** pt-BR texts for automatic pauses and waiting states: say what happened and what to do. */
import type { SignalEvent, ChannelState } from '../../channels/types';
import { describeNextSend, formatLocalMoment, type SendingWindow } from '../schedule';
import type { CampaignWait } from '../../../../shared/api/methods/campaign-run';
import { plural } from '../../../../shared/i18n/plural';
import type { ErrorParams } from '../../../../shared/api/errors';
import type { PlanId } from '../../../../shared/license/plans';

export const PAUSE_CODES = {
  manual: 'manual',
  planLimit: 'plan_limit',
  planBlocked: 'plan_blocked',
  failures: 'failures',
  numberSignal: 'number_signal',
  numberStatus: 'number_status',
  /** The send journal could not be written. */
  journal: 'journal_failed',
} as const;

/**
 * An automatic pause's pt-BR text and the values it names. The text is stored in pause_reason;
 * `params` (pause_params) let the interface say the same thing in another language by the
 * pause code (renderer/src/i18n/core-texts.ts).
 */
export interface PauseReason {
  text: string;
  params: ErrorParams;
}

export function planLimitReason(plan: PlanId, planLabel: string, limit: number): PauseReason {
  return {
    text:
      `Limite do plano ${planLabel} atingido: ${plural(limit, 'mensagem', 'mensagens')} por dia somando todos os números. ` +
      'Retome a campanha amanhã, ou faça o upgrade do plano em Configurações › Licença para continuar enviando hoje.',
    params: { plan, limit },
  };
}

export function planBlockedReason(reason: string | null): string {
  return reason ?? 'A sua licença não permite enviar mensagens agora. Verifique a licença em Configurações › Licença.';
}

export function failuresReason(n: number): PauseReason {
  return {
    text: `${n === 1 ? '1 envio falhou' : `${n} envios seguidos falharam`}. A campanha foi pausada para proteger o seu número: verifique a conexão em Números e retome a campanha.`,
    params: { n },
  };
}

export function signalReason(label: string, s: Pick<SignalEvent, 'kind' | 'detail'>): PauseReason {
  const params: ErrorParams = { label, kind: s.kind, detail: s.detail ?? '' };
  switch (s.kind) {
    case 'capping_warning':
      return {
        text: `O WhatsApp avisou que o número "${label}" está enviando demais para quem não o tem salvo${s.detail ? ` (${s.detail})` : ''}. A campanha foi pausada: espere algumas horas, diminua o ritmo e retome.`,
        params,
      };
    case 'reachout_timelock':
      return { text: `O WhatsApp bloqueou temporariamente novas conversas pelo número "${label}". A campanha foi pausada: retome quando o bloqueio terminar.`, params };
    case 'restricted_463':
      return { text: `O WhatsApp restringiu o número "${label}" para novos contatos (erro 463). A campanha foi pausada: aguarde algumas horas antes de retomar.`, params };
    case 'banned':
      return { text: `O WhatsApp bloqueou o número "${label}". Os envios por ele foram interrompidos: use outro número na campanha.`, params };
  }
}

export function statusReason(label: string, state: ChannelState): PauseReason {
  if (state === 'restricted') return signalReason(label, { kind: 'restricted_463' });
  const params: ErrorParams = { label, state };
  switch (state) {
    case 'logged_out':
      return { text: `O número "${label}" foi desconectado do WhatsApp (a sessão foi encerrada no celular). Conecte-o de novo em Números e retome a campanha.`, params };
    case 'error':
      return { text: `O número "${label}" teve um erro de conexão. Verifique-o em Números e retome a campanha.`, params };
    default:
      return { text: `O número "${label}" está desconectado. Conecte-o de novo em Números e retome a campanha.`, params };
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
