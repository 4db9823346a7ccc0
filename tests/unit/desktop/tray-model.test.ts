import { describe, expect, it } from 'vitest';
import { trayModel, type TrayItem } from '../../../electron/main/desktop/tray-model';
import { toCampaignView } from '../../../electron/main/desktop/campaign-state';
import { campaign, runState } from './fixtures';

const labels = (items: TrayItem[]) => items.map((i) => (i.type === 'separator' ? '---' : i.label));
const action = (items: TrayItem[], name: string) => items.find((i) => i.type === 'action' && i.action === name) as Extract<TrayItem, { type: 'action' }>;

describe('tray menu', () => {
  it('with nothing sending: says so, and "Pausar todas" is off', () => {
    const model = trayModel([campaign({ id: 1, status: 'finished' }), campaign({ id: 2, status: 'draft' })]);
    expect(model.tooltip).toBe('Recado — nenhuma campanha enviando');
    expect(labels(model.items)).toEqual(['Nenhuma campanha enviando', '---', 'Pausar todas', 'Abrir o Recado', '---', 'Sair']);
    expect(action(model.items, 'pause-all').enabled).toBe(false);
  });

  it('lists what is sending, waiting, scheduled or paused, with progress', () => {
    const model = trayModel([
      campaign({ id: 1, name: 'Black Friday', sent: 1200, total: 5000 }),
      campaign({ id: 2, name: 'Aniversariantes', waiting: { reason: 'window', until: null } }),
      campaign({ id: 3, name: 'Natal', status: 'scheduled' }),
      campaign({ id: 4, name: 'Reativação', status: 'paused', sent: 10, total: 40 }),
      campaign({ id: 5, name: 'Antiga', status: 'finished' }),
    ]);
    expect(model.tooltip).toBe('Recado — enviando 2 campanhas');
    expect(labels(model.items).slice(0, 5)).toEqual([
      'Enviando 2 campanhas',
      'Black Friday — enviando (1.200 de 5.000)',
      'Aniversariantes — aguardando',
      'Natal — agendada',
      'Reativação — pausada (10 de 40)',
    ]);
    expect(action(model.items, 'pause-all').enabled).toBe(true);
    expect(model.items.filter((i) => i.type === 'action' && i.action === 'open-campaign').map((i) => (i as { campaignId?: number }).campaignId)).toEqual([1, 2, 3, 4]);
  });

  it('keeps the menu short when there are many campaigns', () => {
    const many = Array.from({ length: 8 }, (_, i) => campaign({ id: i + 1 }));
    const model = trayModel(many);
    expect(labels(model.items)).toContain('e mais 3 campanhas');
    expect(model.items.filter((i) => i.type === 'action' && i.action === 'open-campaign')).toHaveLength(5);
  });

  it('reads a campaign from the engine run state, counting Enviadas as every screen does', () => {
    expect(toCampaignView(runState({ id: 7, name: 'X', waiting: { reason: 'delay', until: 5, message: '…' }, counters: { total: 10, sent: 2, delivered: 3, read: 1 } }))).toMatchObject({
      id: 7,
      waiting: { reason: 'delay', until: 5 },
      sent: 6,
      total: 10,
    });
    expect(toCampaignView(runState({ id: 8, name: 'Y', status: 'paused', pauseReason: 'Número desconectado' }))).toMatchObject({ sent: 0, waiting: null, pauseReason: 'Número desconectado' });
  });
});
