import { describe, expect, it } from 'vitest';
import type { Reply } from '../../../shared/api/wire';
import { createMainCalls, SAVE_DIALOGS } from '../../../electron/main/desktop/main-calls';

function setup(answer: string | null) {
  const core: Array<[string, unknown]> = [];
  const asked: string[] = [];
  const calls = createMainCalls({
    call: async (method, input): Promise<Reply> => {
      core.push([method, input]);
      return { ok: true, result: { status: 'saved' } };
    },
    askSavePath: async (spec, defaultName) => {
      asked.push(`${spec.title}|${defaultName}`);
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
    expect(asked).toEqual(['Salvar backup do Recado|recado-backup-2025-03-10.zip']);
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
    expect(Object.keys(SAVE_DIALOGS).sort()).toEqual(['data.backupNow', 'data.exportAll']);
  });
});
