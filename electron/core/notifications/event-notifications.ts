import type { AppNotification } from '../../../shared/api/methods/notifications';
import type { CoreContext } from '../context';
import type { Notifications } from './notify';
import { plural } from '../../../shared/i18n/plural';
import { reachedOf } from '../../../shared/results';

/**
 * Turns what the engine, WhatsApp and licensing already announce into notifications for the
 * user, on state *changes* only: a campaign finished, a campaign paused by itself (with the
 * reason; a pause the user asked for is not news), a number that lost its session, a license
 * problem. Works from events alone, so those capabilities need no notification code of their own.
 */

type Note = Pick<AppNotification, 'kind' | 'title' | 'body' | 'route' | 'params'>;

export interface NotificationMemory {
  campaigns: Map<number, string>;
  numbers: Map<number, string>;
  /** Numbers already reported unstable, until they connect again. */
  unstable: Set<number>;
  license: string | null;
}

export const newMemory = (): NotificationMemory => ({ campaigns: new Map(), numbers: new Map(), unstable: new Set(), license: null });

const nameOf = (name: unknown): string => (typeof name === 'string' ? name.trim().slice(0, 80) : '');

function quoted(name: unknown, fallback: string): string {
  return typeof name === 'string' && name.trim() ? `"${name.trim().slice(0, 80)}"` : fallback;
}

const NUMBER_PROBLEMS: Record<string, string> = {
  logged_out: 'A sessão do WhatsApp foi encerrada no celular. Conecte o número de novo em Números; as campanhas que usam só ele ficam pausadas.',
  restricted: 'O WhatsApp restringiu este número. Os envios por ele pararam; veja os detalhes em Números.',
  disconnected: 'O número perdeu a conexão com o WhatsApp. Verifique a internet do computador e se o celular está ligado.',
};

/** The notification an event deserves, given what was seen before; updates `memory`. */
export function notificationFor(name: string, payload: unknown, memory: NotificationMemory, numberLabel: (id: number) => string | null = () => null): Note | null {
  const p = (payload ?? {}) as Record<string, unknown>;
  if (name === 'campaigns.progress' && typeof p.id === 'number' && typeof p.status === 'string') {
    const before = memory.campaigns.get(p.id);
    memory.campaigns.set(p.id, p.status);
    if (before === undefined || before === p.status) return null;
    const campaign = quoted(p.name, 'Uma campanha');
    if (p.status === 'finished') {
      const c = (p.counters ?? {}) as Record<string, unknown>;
      const n = (k: string) => (typeof c[k] === 'number' ? (c[k] as number) : 0);
      const sent = reachedOf({ sent: n('sent'), delivered: n('delivered'), read: n('read') });
      const total = n('total');
      return { kind: 'campaign.finished', title: 'Campanha concluída', body: `${campaign} terminou${total ? `: ${sent.toLocaleString('pt-BR')} de ${plural(total, 'mensagem enviada', 'mensagens enviadas')}` : ''}.`, route: `#/campanhas/${p.id}`, params: { name: nameOf(p.name), sent, total } };
    }
    // Automatic pauses carry a machine code; the user's own pause does not.
    if (p.status === 'paused' && typeof p.pauseCode === 'string' && p.pauseCode) {
      const reason = typeof p.pauseReason === 'string' && p.pauseReason ? p.pauseReason : 'Veja o motivo na campanha.';
      return { kind: 'campaign.paused', title: 'Campanha pausada', body: `${campaign} foi pausada: ${reason}`, route: `#/campanhas/${p.id}`, params: { name: nameOf(p.name), code: p.pauseCode } };
    }
    return null;
  }
  if (name === 'whatsapp.status' && typeof p.numberId === 'number' && typeof p.state === 'string') {
    const before = memory.numbers.get(p.numberId);
    memory.numbers.set(p.numberId, p.state);
    // Retrying slowly on purpose (unstable, rate-limited, hourly ceiling): told once per episode,
    // which ends when the number connects again (retries in between read "reconnecting").
    if (p.state === 'unstable') {
      if (memory.unstable.has(p.numberId)) return null;
      memory.unstable.add(p.numberId);
      const label = numberLabel(p.numberId)?.slice(0, 60) ?? '';
      const reason = typeof p.reason === 'string' ? p.reason : 'unstable';
      const name = label ? `Número "${label}"` : 'Número';
      const title = reason === 'rate_limited' ? `${name} aguardando o WhatsApp` : `${name} instável`;
      const body = typeof p.message === 'string' && p.message ? p.message : 'A conexão deste número caiu várias vezes. O Recado tenta de novo devagar; veja os detalhes em Números.';
      return { kind: 'number.unstable', title, body, route: '#/numeros', params: { label, reason, retryAt: typeof p.retryAt === 'number' ? p.retryAt : 0 } };
    }
    // Connected "under watch" (reason unstable) is still the same episode: no new notification on the next drop.
    if (p.state === 'connected' && p.reason !== 'unstable') memory.unstable.delete(p.numberId);
    if (before === p.state || !(p.state in NUMBER_PROBLEMS)) return null;
    // A number that never connected in this session is not "disconnected" news.
    if (p.state === 'disconnected' && before !== 'connected' && before !== 'reconnecting') return null;
    const label = numberLabel(p.numberId);
    return { kind: 'number.disconnected', title: label ? `Número "${label.slice(0, 60)}" desconectado` : 'Número desconectado', body: NUMBER_PROBLEMS[p.state], route: '#/numeros', params: { label: label ? label.slice(0, 60) : '', state: p.state } };
  }
  if (name === 'license.changed' && typeof p.state === 'string') {
    const before = memory.license;
    memory.license = p.state;
    if (before === p.state) return null;
    if (p.state === 'expired' || p.state === 'invalid') {
      const reason = typeof p.reason === 'string' && p.reason ? p.reason : 'Sua licença não está mais válida. O Recado voltou ao modo de avaliação.';
      return { kind: 'license.problem', title: 'Problema com a licença', body: reason, route: '#/configuracoes', params: { variant: 'invalid', reason: typeof p.reasonCode === 'string' ? p.reasonCode : '' } };
    }
    if (p.state === 'in_grace' && before !== null) {
      const notice = typeof p.notice === 'string' && p.notice ? p.notice : 'Não foi possível confirmar sua licença. Conecte o computador à internet nos próximos dias.';
      return { kind: 'license.problem', title: 'Confirme sua licença', body: notice, route: '#/configuracoes', params: { variant: 'grace' } };
    }
  }
  return null;
}

/** Subscribes this core's events; returns the unsubscribe function. */
export function watchEventsForNotifications(ctx: CoreContext, notifications: Notifications): () => void {
  const memory = newMemory();
  const label = (id: number): string | null => {
    try {
      return (ctx.db.prepare('SELECT label FROM numbers WHERE id = ?').get(id) as { label?: string } | undefined)?.label ?? null;
    } catch {
      return null;
    }
  };
  return ctx.events.subscribe((name, payload) => {
    if (name === 'notifications.new') return;
    const note = notificationFor(name, payload, memory, label);
    if (note) notifications.notify(note.kind, note.title, note.body, note.route, note.params);
  });
}
