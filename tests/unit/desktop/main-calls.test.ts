import { describe, expect, it } from 'vitest';
import type { Reply } from '../../../shared/api/wire';
import { createMainCalls, SAVE_DIALOGS } from '../../../electron/main/desktop/main-calls';

function setup(answer: string | null) {
  const core: Array<[string, unknown]> = [];
  const asked: string[] = [];
  const calls = createMainCalls({
    call: async (method, input): Promise<Reply> => {
      core.push([method, input]);
      if (method === 'reports.fileName') {
        const { id, format } = input as { id: number; format: string };
        return id === 7 ? { ok: true, result: { fileName: `recado-campanha-7-black-friday-2025-03-10.${format}` } } : { ok: false, error: { code: 'campaigns.not_found', message: 'não existe' } };
      }
      return { ok: true, result: { status: 'saved' } };
    },
    askSavePath: async (spec, defaultName, filters) => {
      asked.push(`${spec.title}|${defaultName}|${filters.flatMap((f) => f.extensions).join(',')}`);
      return answer;
    },
    local: { 'updates.install': () => ({ ok: false, error: { code: 'updates.not_now', message: 'depois' } }) },
    now: () => new Date('2025-03-10T12:00:00Z'),
  });
  return { calls, core, asked };
}

describe('calls the main process completes', () => {
  it('a backup asks where to save, and the core writes exactly there', async () => {
    const { calls, core, asked } = setup('/home/ana/Documentos/meu-backup.zip');
    expect(await calls('data.backupNow', undefined)).toEqual({ ok: true, result: { status: 'saved' } });
    expect(asked).toEqual(['Salvar backup do Recado|recado-backup-2025-03-10.zip|zip']);
    expect(core).toEqual([['data.backupNow', { target: '/home/ana/Documentos/meu-backup.zip' }]]);
  });

  it('cancelling the dialog does nothing', async () => {
    const { calls, core } = setup(null);
    expect(await calls('data.exportAll', undefined)).toEqual({ ok: true, result: { status: 'cancelled' } });
    expect(core).toEqual([]);
  });

  it('the window can never choose the path itself', async () => {
    const { calls, core } = setup('/escolhido/pelo/usuario.zip');
    await calls('data.backupNow', { target: '/etc/cron.d/evil' });
    expect(core).toEqual([['data.backupNow', { target: '/escolhido/pelo/usuario.zip' }]]);
  });

  it('update install is answered locally; everything else goes to the core untouched', async () => {
    const { calls, core } = setup(null);
    expect(await calls('updates.install', undefined)).toMatchObject({ ok: false, error: { code: 'updates.not_now' } });
    await calls('contacts.list', { limit: 5 });
    expect(core).toEqual([['contacts.list', { limit: 5 }]]);
    expect(Object.keys(SAVE_DIALOGS).sort()).toEqual(['contacts.export', 'data.backupNow', 'data.exportAll', 'reports.campaign']);
  });

  it('a campaign report suggests the campaign\'s own file name and keeps the request', async () => {
    const { calls, core, asked } = setup('/home/ana/Documentos/relatorio.xlsx');
    await calls('reports.campaign', { id: 7, format: 'xlsx', target: '/tmp/escolhido-pela-janela.xlsx' });
    expect(asked).toEqual(['Salvar relatório da campanha|recado-campanha-7-black-friday-2025-03-10.xlsx|xlsx']);
    expect(core).toEqual([
      ['reports.fileName', { id: 7, format: 'xlsx' }],
      ['reports.campaign', { id: 7, format: 'xlsx', target: '/home/ana/Documentos/relatorio.xlsx' }],
    ]);
  });

  it('a contacts export keeps its filter and format; cancelling sends nothing', async () => {
    const saved = setup('/home/ana/contatos.csv');
    await saved.calls('contacts.export', { filter: { listId: 3 }, format: 'csv' });
    expect(saved.asked).toEqual(['Exportar contatos|contatos-2025-03-10.csv|csv']);
    expect(saved.core).toEqual([['contacts.export', { filter: { listId: 3 }, format: 'csv', target: '/home/ana/contatos.csv' }]]);

    const cancelled = setup(null);
    expect(await cancelled.calls('contacts.export', { format: 'xlsx' })).toEqual({ ok: true, result: { status: 'cancelled' } });
    expect(cancelled.core).toEqual([]);
  });
});
