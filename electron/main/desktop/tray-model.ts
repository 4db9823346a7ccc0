import { isLive, type CampaignView } from './campaign-state';

/**
 * The tray icon's tooltip and menu as plain data (tray.ts turns it into an Electron Menu), so
 * what the user sees is unit-tested without Electron.
 */

export type TrayAction = 'pause-all' | 'open' | 'quit' | 'open-campaign';

export type TrayItem =
  | { type: 'label'; label: string }
  | { type: 'separator' }
  | { type: 'action'; action: TrayAction; label: string; enabled: boolean; campaignId?: number };

export interface TrayModel {
  tooltip: string;
  items: TrayItem[];
}

const MAX_LISTED = 5;

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** One campaign's line, e.g. "Black Friday — enviando (120 de 500)". */
export function campaignLine(c: CampaignView): string {
  const progress = c.sent !== null && c.total ? ` (${c.sent.toLocaleString('pt-BR')} de ${c.total.toLocaleString('pt-BR')})` : '';
  let state: string;
  if (c.status === 'running') state = c.waiting ? `aguardando${progress}` : `enviando${progress}`;
  else if (c.status === 'paused') state = `pausada${progress}`;
  else if (c.status === 'scheduled') state = 'agendada';
  else state = c.status === 'finished' ? 'concluída' : c.status === 'cancelled' ? 'cancelada' : 'rascunho';
  const name = c.name.length > 40 ? `${c.name.slice(0, 39)}…` : c.name;
  return `${name} — ${state}`;
}

export function trayModel(campaigns: readonly CampaignView[]): TrayModel {
  const running = campaigns.filter((c) => c.status === 'running');
  const shown = campaigns.filter((c) => isLive(c) || c.status === 'paused').slice(0, MAX_LISTED);
  const summary = running.length ? `Enviando ${plural(running.length, 'campanha', 'campanhas')}` : 'Nenhuma campanha enviando';
  const items: TrayItem[] = [{ type: 'label', label: summary }];
  for (const c of shown) items.push({ type: 'action', action: 'open-campaign', label: campaignLine(c), enabled: true, campaignId: c.id });
  const more = campaigns.filter((c) => isLive(c) || c.status === 'paused').length - shown.length;
  if (more > 0) items.push({ type: 'label', label: `e mais ${plural(more, 'campanha', 'campanhas')}` });
  items.push(
    { type: 'separator' },
    { type: 'action', action: 'pause-all', label: 'Pausar todas', enabled: campaigns.some(isLive) },
    { type: 'action', action: 'open', label: 'Abrir o Recado', enabled: true },
    { type: 'separator' },
    { type: 'action', action: 'quit', label: 'Sair', enabled: true },
  );
  return { tooltip: `Recado — ${summary.charAt(0).toLowerCase()}${summary.slice(1)}`, items };
}
