/**
 * The wizard's Cloud template preview, filled with the first contacts the campaign would message
 * (not placeholders), with what a contact's data breaks (an empty field without a default, a
 * filled body past Meta's 1,024 characters); an empty audience falls back to the sample contact.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { seedContacts } from '../../campaigns/engine/testing/fixtures';
import { cloudWorld, type CloudWorld } from './testing/harness';
import type { CampaignTemplate } from '../../../../shared/cloud/campaign-schema';

vi.stubEnv('RECADO_AUTO_BACKUP', 'off');

let w: CloudWorld | null = null;
afterEach(async () => {
  await w?.close();
  w = null;
});


describe('cloud.previewTemplate', () => {
  it('fills the template with the audience’s first contacts and checks the lengths Meta checks', async () => {
    w = await cloudWorld();
    const numberId = await w.addCloudNumber();
    const { templates } = await w.call('cloud.templates', { id: numberId });
    const { listId } = seedContacts(w.core.context.db, { count: 4, fields: (i): Record<string, string> => (i === 0 ? { bairro: 'Pinheiros' } : i === 2 ? { bairro: 'x'.repeat(1100) } : {}) });
    const t = templates.find((x) => x.name === 'promo_padaria')!;
    const template: CampaignTemplate = {
      numberId,
      template: { id: t.id, name: t.name, language: t.language, category: t.category, components: t.components },
      mapping: { 'header.1': { kind: 'field', field: 'primeiro_nome' }, 'body.1': { kind: 'field', field: 'primeiro_nome' }, 'body.2': { kind: 'field', field: 'bairro', fallback: 'sua região' } },
      headerMedia: null,
    };
    // body.2 has no default text: a contact without "bairro" is said to be skipped.
    const mapping = { ...template.mapping, 'body.2': { kind: 'field' as const, field: 'bairro' } };

    const preview = await w.call('cloud.previewTemplate', { template: { ...template, mapping }, audience: { listIds: [listId], frequencyCapDays: 0 }, limit: 3 });
    expect(preview.sample).toBe(false);
    expect(preview.contacts.map((c) => c.name)).toEqual(['Cliente 0', 'Cliente 1', 'Cliente 2']);
    expect(preview.contacts[0]).toMatchObject({
      text: '*Novidade, Cliente0!*\n\nOi Cliente0, o pão de queijo de Pinheiros saiu agora. Passe na loja!\n\nResponda SAIR para não receber mais.',
      buttons: ['Quero', 'SAIR'],
      problems: [],
    });
    expect(preview.contacts[1].problems).toEqual([expect.stringContaining('A variável {{2}} ficou vazia')]);
    expect(preview.contacts[2].problems).toEqual([expect.stringContaining('A variável {{2}} passa de 1024 caracteres'), expect.stringMatching(/O corpo preenchido tem \d+ caracteres; o limite é 1024/)]);

    // With the default text, everyone gets a complete message.
    const withDefault = await w.call('cloud.previewTemplate', { template, audience: { listIds: [listId], frequencyCapDays: 0 }, limit: 2 });
    expect(withDefault.contacts[1]).toMatchObject({ text: expect.stringContaining('o pão de queijo de sua região saiu agora'), problems: [] });

    // No contacts yet: the made-up one.
    const empty = await w.call('cloud.previewTemplate', { template, audience: { listIds: [], frequencyCapDays: 0 } });
    expect(empty).toMatchObject({ sample: true, contacts: [{ name: 'Maria Silva', text: expect.stringContaining('Oi Maria, o pão de queijo de sua região') }] });
  });
});
