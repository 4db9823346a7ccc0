import { describe, expect, it } from 'vitest';
import { useTempCore } from '../../../../tests/helpers/core';
import { defaultCampaignDraft } from '../../../../shared/campaigns/schema';

const t = useTempCore();
const call = t.call;

describe('campaign drafts', () => {
  it('creates a draft with safe defaults and a name', async () => {
    const c = await call('campaigns.create', {});
    expect(c.status).toBe('draft');
    expect(c.name).toMatch(/^Campanha de /);
    expect(c.draft.messages.optOut).toEqual({ enabled: true, text: 'Responda SAIR para não receber mais mensagens.' });
    expect(c.draft.pacing).toMatchObject({ minDelaySec: 30, maxDelaySec: 90 });
    expect(c.draft.schedule.timeZone).toBe('America/Sao_Paulo');
    expect(await call('campaigns.list')).toHaveLength(1);
  });

  it('saves edits, clones, and deletes drafts', async () => {
    const c = await call('campaigns.create', {});
    const draft = { ...defaultCampaignDraft(), name: 'Promoção de Natal' };
    draft.messages.variations = [{ id: 'v1', text: '{Oi|Olá} {primeiro_nome}!', attachment: null }];
    const saved = await call('campaigns.update', { id: c.id, draft });
    expect(saved.name).toBe('Promoção de Natal');
    expect(saved.draft.messages.variations[0].text).toBe('{Oi|Olá} {primeiro_nome}!');

    const copy = await call('campaigns.clone', { id: c.id });
    expect(copy.id).not.toBe(c.id);
    expect(copy.name).toBe('Promoção de Natal (cópia)');
    expect(copy.draft.messages.variations[0].text).toBe('{Oi|Olá} {primeiro_nome}!');

    await call('campaigns.delete', { id: c.id });
    await expect(call('campaigns.get', { id: c.id })).rejects.toMatchObject({ code: 'campaigns.not_found' });
  });

  it('rejects invalid drafts without changing the stored one', async () => {
    const c = await call('campaigns.create', { draft: { name: 'Original' } });
    const bad = { ...defaultCampaignDraft(), name: '   ' };
    await expect(call('campaigns.update', { id: c.id, draft: bad })).rejects.toMatchObject({ code: 'api.invalid_input' });
    const tooMany = { ...defaultCampaignDraft(), name: 'x', messages: { ...defaultCampaignDraft().messages, variations: Array.from({ length: 11 }, (_, i) => ({ id: `v${i}`, text: 'oi', attachment: null })) } };
    await expect(call('campaigns.update', { id: c.id, draft: tooMany })).rejects.toMatchObject({ code: 'api.invalid_input' });
    expect((await call('campaigns.get', { id: c.id })).name).toBe('Original');
  });

  it('refuses to edit or delete a campaign that is running', async () => {
    const c = await call('campaigns.create', {});
    t.core.context.db.prepare("UPDATE campaigns SET status = 'running' WHERE id = ?").run(c.id);
    await expect(call('campaigns.update', { id: c.id, draft: { ...defaultCampaignDraft(), name: 'x' } })).rejects.toMatchObject({ code: 'campaigns.not_editable' });
    await expect(call('campaigns.delete', { id: c.id })).rejects.toMatchObject({ code: 'campaigns.not_deletable' });
  });
});
