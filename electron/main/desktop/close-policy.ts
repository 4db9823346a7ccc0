import type { CampaignView } from './campaign-state';

/**
 * What closing the window and quitting do. Closing hides to the tray when the setting is on
 * (explained with a dialog the first time); quitting while campaigns send asks first and, when
 * confirmed, leaves them resumable (they are not paused: they continue at the next start).
 */

export type CloseAction = 'hide' | 'hide-and-explain' | 'close';

export function closeAction(input: { closeToTray: boolean; explained: boolean; quitting: boolean; trayAvailable: boolean }): CloseAction {
  if (input.quitting || !input.closeToTray || !input.trayAvailable) return 'close';
  return input.explained ? 'hide' : 'hide-and-explain';
}

export const CLOSE_TO_TRAY_EXPLANATION = {
  title: 'O Recado continua aberto',
  message: 'O Recado continua funcionando na bandeja do sistema',
  detail:
    'Suas campanhas seguem enviando com a janela fechada. Para abrir de novo, clique no ícone do Recado perto do relógio. Para sair de verdade, use "Sair" no menu desse ícone. Você pode mudar isso em Configurações.',
  buttons: ['Entendi'],
};

export interface QuitQuestion {
  message: string;
  detail: string;
  buttons: [quit: string, stay: string];
}

/** Null when quitting needs no confirmation. */
export function quitQuestion(campaigns: readonly CampaignView[]): QuitQuestion | null {
  const running = campaigns.filter((c) => c.status === 'running');
  if (running.length === 0) return null;
  const what = running.length === 1 ? `A campanha "${running[0].name}" está enviando` : `${running.length} campanhas estão enviando`;
  return {
    message: `${what}. Sair mesmo assim?`,
    detail: 'Se você sair, os envios param agora e continuam de onde pararam quando você abrir o Recado de novo. Nenhuma mensagem é enviada em dobro.',
    buttons: ['Sair', 'Continuar enviando'],
  };
}
