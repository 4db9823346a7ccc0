/**
 * Writing a template in Recado: the draft built by hand goes to Graph (the stand-in) for review,
 * shows as PENDING, and Meta's verdict arrives by the template status webhook (approved, or
 * rejected with its reason); a duplicate name is refused with a pt-BR message.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { draftToGraph, EMPTY_TEMPLATE_DRAFT } from '../../../../shared/cloud/template-draft';
import { TEST_ACCOUNT } from './testing/graph-server';
import { cloudWorld, until, type CloudWorld } from './testing/harness';

vi.stubEnv('RECADO_AUTO_BACKUP', 'off');

let w: CloudWorld | null = null;
afterEach(async () => {
  await w?.close();
  w = null;
});

describe('writing and submitting a Cloud API template', () => {
  it('submits the hand-written draft, shows it in review, then applies Meta’s verdicts from the webhook', async () => {
    w = await cloudWorld();
    const numberId = await w.addCloudNumber();
    await w.directWebhooks(numberId);
    const draft = { ...EMPTY_TEMPLATE_DRAFT, name: 'pedido_pronto', category: 'UTILITY' as const, body: 'Oi {{1}}, seu pedido {{2}} está pronto.', buttons: ['Obrigado'], examples: { '1': 'Maria', '2': '123' } };
    const view = await w.call('cloud.submitTemplate', { id: numberId, ...draftToGraph(draft) });
    expect(view).toMatchObject({ name: 'pedido_pronto', status: 'PENDING', submittedHere: true, category: 'UTILITY' });
    expect(w.graph.createdTemplates[0].body).toMatchObject({
      name: 'pedido_pronto',
      language: 'pt_BR',
      category: 'UTILITY',
      parameter_format: 'POSITIONAL',
      components: [{ type: 'BODY', text: 'Oi {{1}}, seu pedido {{2}} está pronto.', example: { body_text: [['Maria', '123']] } }, { type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: 'Obrigado' }] }],
    });
    const promo = await w.call('cloud.submitTemplate', { id: numberId, ...draftToGraph({ ...draft, name: 'promo_relampago', category: 'MARKETING', body: 'Oi {{1}}, hoje tem desconto no pedido {{2}}!' }) });

    await expect(w.call('cloud.submitTemplate', { id: numberId, ...draftToGraph(draft) })).rejects.toMatchObject({ code: 'cloud.template_exists', message: expect.stringContaining('Já existe um modelo com este nome') });

    const status = async (name: string) => (await w!.call('cloud.templates', { id: numberId })).templates.find((t) => t.name === name);
    w.graph.reviewTemplate(TEST_ACCOUNT.wabaId, view.id, 'APPROVED');
    w.graph.reviewTemplate(TEST_ACCOUNT.wabaId, promo.id, 'REJECTED', 'PROMOTIONAL');
    await until(() => w!.events.filter((e) => e.name === 'cloud.templatesChanged').length >= 4, 'status webhooks applied');
    await w.graph.webhooksSettled();
    expect(await status('pedido_pronto')).toMatchObject({ status: 'APPROVED' });
    expect(await status('promo_relampago')).toMatchObject({ status: 'REJECTED', rejectedReason: 'PROMOTIONAL' });
  });

  it('sends link and call buttons in Graph’s shape; the stand-in, like Graph, refuses a variable link without its example', async () => {
    w = await cloudWorld();
    const numberId = await w.addCloudNumber();
    const draft = {
      ...EMPTY_TEMPLATE_DRAFT,
      name: 'pedido_saiu',
      category: 'UTILITY' as const,
      body: 'Oi {{1}}, seu pedido saiu para entrega.',
      examples: { '1': 'Maria' },
      urlButton: { text: 'Acompanhar', url: 'https://padaria.example/rastreio/{{1}}', example: 'A123' },
      phoneButton: { text: 'Ligar para a loja', phone: '+55 11 4000-1234' },
    };
    const view = await w.call('cloud.submitTemplate', { id: numberId, ...draftToGraph(draft) });
    expect(view).toMatchObject({ name: 'pedido_saiu', status: 'PENDING' });
    expect(w.graph.createdTemplates[0].body.components).toContainEqual({
      type: 'BUTTONS',
      buttons: [
        { type: 'URL', text: 'Acompanhar', url: 'https://padaria.example/rastreio/{{1}}', example: ['https://padaria.example/rastreio/A123'] },
        { type: 'PHONE_NUMBER', text: 'Ligar para a loja', phone_number: '551140001234' },
      ],
    });
    // The listing shows the buttons as Graph stores them.
    const listed = (await w.call('cloud.templates', { id: numberId, refresh: true })).templates.find((t) => t.name === 'pedido_saiu');
    expect(listed?.components.find((c) => c.type === 'BUTTONS')?.buttons?.map((b) => b.type)).toEqual(['URL', 'PHONE_NUMBER']);

    const raw = draftToGraph({ ...draft, name: 'sem_exemplo' });
    const buttons = raw.components.find((c) => c.type === 'BUTTONS')?.buttons as Array<Record<string, unknown>>;
    delete buttons[0].example;
    await expect(w.call('cloud.submitTemplate', { id: numberId, ...raw })).rejects.toMatchObject({ code: 'cloud.template_refused', message: expect.stringContaining('A Meta recusou o modelo') });
    expect(w.graph.createdTemplates).toHaveLength(1);
  });
});
