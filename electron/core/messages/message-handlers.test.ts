import { describe, expect, it } from 'vitest';
import { useTempCore } from '../../../tests/helpers/core';
import { seedList } from './test-fixtures';

const t = useTempCore();
const call = t.call;

const optOut = { enabled: true, text: 'Responda SAIR para não receber mais mensagens.' };
const base = { seed: 1, timeZone: 'America/Sao_Paulo', optOut, now: Date.UTC(2025, 2, 10, 13, 0) };

describe('messages.preview', () => {
  it('renders with a real contact from the chosen list, footer included', async () => {
    const { listId } = seedList(t.core.context.db, 'Clientes', [{ phone: '+5511987654321', name: 'JOÃO DA SILVA', fields: { Cidade: 'Campinas' } }]);
    const p = await call('messages.preview', { ...base, template: '{saudacao}, {primeiro_nome} de {cidade}!', listIds: [listId] });
    expect(p.sample).toBe(false);
    expect(p.text).toBe('Bom dia, João de Campinas!\n\nResponda SAIR para não receber mais mensagens.');
    expect(p.contact).toMatchObject({ name: 'JOÃO DA SILVA', phone: '+55 (11) 98765-4321' });
  });

  it('only previews active members of the chosen lists', async () => {
    const db = t.core.context.db;
    seedList(db, 'Outra', [{ phone: '+5511911112222', name: 'Pedro Outra Lista' }]);
    const { listId } = seedList(db, 'Clientes', [
      { phone: '+5511933334444', name: 'Ana Saiu', status: 'opted_out' },
      { phone: '+5511955556666', name: 'Bia Ativa' },
    ]);
    const names = new Set<string>();
    for (let seed = 0; seed < 20; seed++) {
      const p = await call('messages.preview', { ...base, seed, template: 'Oi {primeiro_nome}', listIds: [listId] });
      names.add(p.contact.name);
    }
    expect([...names]).toEqual(['Bia Ativa']);
  });

  it('a new seed can pick another contact and another spin', async () => {
    const { listId } = seedList(
      t.core.context.db,
      'Clientes',
      Array.from({ length: 10 }, (_, i) => ({ phone: `+55119876543${String(i).padStart(2, '0')}`, name: `Pessoa ${i}` })),
    );
    const texts = new Set<string>();
    const contacts = new Set<string>();
    for (let seed = 0; seed < 30; seed++) {
      const p = await call('messages.preview', { ...base, seed, template: '{Oi|Olá|E aí} {nome}', listIds: [listId], optOut: { enabled: false, text: '' } });
      texts.add(p.text.split(' ')[0]);
      contacts.add(p.contact.name);
    }
    expect(texts.size).toBe(3);
    expect(contacts.size).toBeGreaterThan(1);
  });

  it('uses a given contact, and a sample one when there are no contacts', async () => {
    const sample = await call('messages.preview', { ...base, template: 'Oi {primeiro_nome}!' });
    expect(sample).toMatchObject({ sample: true, contact: { id: null, name: 'Maria Silva' } });
    expect(sample.text).toMatch(/^Oi Maria!/);

    const { contactIds } = seedList(t.core.context.db, 'L', [{ phone: '+5521998887777', name: 'Zé Carioca' }]);
    const p = await call('messages.preview', { ...base, template: '{telefone}', contactId: contactIds[0], optOut: { enabled: false, text: '' } });
    expect(p).toMatchObject({ text: '+55 (21) 99888-7777', sample: false, contact: { id: contactIds[0] } });
    await expect(call('messages.preview', { ...base, template: 'x', contactId: 999 })).rejects.toMatchObject({ code: 'messages.contact_not_found' });
  });

  it('list columns a contact lacks render empty, unknown variables stay visible', async () => {
    const { listId } = seedList(t.core.context.db, 'L', [
      { phone: '+5511900000001', name: 'Ana', fields: {} },
      { phone: '+5511900000002', name: 'Bia', fields: { empresa: 'ACME' } },
    ]);
    const texts = new Set<string>();
    for (let seed = 0; seed < 20; seed++) {
      const p = await call('messages.preview', { ...base, seed, template: 'Oi {nome}, {empresa}! {cidde}', listIds: [listId], optOut: { enabled: false, text: '' } });
      texts.add(p.text);
    }
    expect([...texts].sort()).toEqual(['Oi Ana! {cidde}', 'Oi Bia, ACME! {cidde}']);
  });
});

describe('messages.knownVariables and sampleContacts', () => {
  it('lists the custom columns of the chosen lists only', async () => {
    const db = t.core.context.db;
    const a = seedList(db, 'A', [
      { phone: '+5511900000001', name: 'Ana', fields: { Cidade: 'Campinas', 'Data de Nascimento': '01/01' } },
      { phone: '+5511900000002', name: 'Bia', fields: { cidade: 'Santos', Plano: 'Ouro' } },
    ]);
    seedList(db, 'B', [{ phone: '+5511900000003', name: 'Caio', fields: { Segredo: 'x' } }]);
    db.prepare("UPDATE contacts SET fields = 'not json' WHERE name = 'Caio'").run();
    expect(await call('messages.knownVariables', { listIds: [a.listId] })).toEqual([
      { key: 'cidade', label: 'Cidade' },
      { key: 'data_de_nascimento', label: 'Data de Nascimento' },
      { key: 'plano', label: 'Plano' },
    ]);
    const sample = await call('messages.sampleContacts', { listIds: [a.listId], limit: 1 });
    expect(sample).toEqual([{ id: a.contactIds[0], name: 'Ana', phone: '+55 (11) 90000-0001' }]);
  });
});

describe('messages.variableCoverage', () => {
  it('counts, per variable, the active contacts who would get it empty', async () => {
    const db = t.core.context.db;
    const { listId } = seedList(db, 'Clientes', [
      { phone: '+5511900000001', name: 'Ana', fields: { cidade: 'Campinas', Plano: 'Ouro' } },
      { phone: '+5511900000002', name: 'Bia', fields: { cidade: '  ' } },
      { phone: '+5511900000003', name: '', fields: { Cidade: 'Santos' } },
      { phone: '+5511900000004', name: 'Caio' },
      { phone: '+5511900000005', name: 'Saiu', status: 'opted_out' },
    ]);
    seedList(db, 'Outra', [{ phone: '+5511900000009', name: 'Fora' }]);
    const coverage = await call('messages.variableCoverage', { listIds: [listId], keys: ['cidade', 'Plano', 'primeiro_nome', 'data', 'inexistente'] });
    expect(coverage).toEqual({
      total: 4,
      variables: [
        { key: 'cidade', empty: 2 },
        { key: 'plano', empty: 3 },
        { key: 'primeiro_nome', empty: 1 },
        { key: 'data', empty: 0 },
      ],
    });
    expect(await call('messages.variableCoverage', { listIds: [listId], keys: [] })).toEqual({ total: 4, variables: [] });
  });
});
