import { describe, expect, it } from 'vitest';
import type { NumberView } from '../../../../shared/api/methods/numbers';
import { defaultCampaignDraft } from '../../../../shared/campaigns/schema';
import { translatorFor } from '../../i18n/translate';
import { startQuestion } from './start-question';

const pt = translatorFor('pt-BR');
const fmt = { t: pt, num: (n: number) => n.toLocaleString('pt-BR'), when: () => 'seg, 07/12 às 09:00' };
const number = (id: number, label: string, simulated: boolean) => ({ id, label, simulated }) as NumberView;
const reach = { inLists: 1250, optedOut: 3, invalid: 2, recentlyMessaged: 0, final: 1245 };

describe('the question before a campaign starts', () => {
  it('says how many contacts, through which number, that a simulated one sends nothing, and the window', () => {
    const draft = { ...defaultCampaignDraft(), numberIds: [1] };
    const q = startQuestion(draft, [number(1, 'Número simulado 1', true), number(2, 'Loja', false)], reach, fmt);
    expect(q.later).toBe(false);
    expect(q.lines).toEqual([
      'A mensagem vai para 1.245 contatos.',
      'Pelo número Número simulado 1.',
      'É um número simulado: nada sai de verdade pelo WhatsApp, é um ensaio.',
      'Os envios começam assim que a janela de envio estiver aberta (Seg, Ter, Qua, Qui, Sex, das 09:00 às 18:00 (America/Sao Paulo)), no ritmo escolhido. Você pode pausar a qualquer momento.',
    ]);
  });

  it('names every real number taking turns, and a later start', () => {
    const draft = { ...defaultCampaignDraft(), numberIds: [1, 2], schedule: { ...defaultCampaignDraft().schedule, startAt: Date.now() + 86_400_000 } };
    const q = startQuestion(draft, [number(1, 'Loja Centro', false), number(2, 'Loja Sul', false)], { ...reach, final: 1 }, fmt);
    expect(q.later).toBe(true);
    expect(q.lines[0]).toBe('A mensagem vai para 1 contato.');
    expect(q.lines[1]).toBe('Pelos números Loja Centro, Loja Sul, revezando.');
    expect(q.lines.join(' ')).not.toContain('simulado');
    expect(q.lines[2]).toMatch(/^Os envios começam em seg, 07\/12 às 09:00, dentro da janela de envio/);
  });

  it('counts groups for a group campaign, and says when nobody would receive it', () => {
    const base = defaultCampaignDraft();
    const groups = { ...base, numberIds: [2], audience: { ...base.audience, groups: { numberId: 2, jids: ['1203-1@g.us', '1203-2@g.us'] } } };
    expect(startQuestion(groups, [number(2, 'Loja', false)], null, fmt).lines[0]).toBe('A mensagem vai para 2 grupos.');
    expect(startQuestion({ ...base, numberIds: [2] }, [number(2, 'Loja', false)], { ...reach, final: 0 }, fmt).lines[0]).toBe('Ninguém recebe esta campanha agora.');
  });
});
