/**
 * Writing a template in Recado: the draft built by hand goes to Graph (the stand-in) for review,
 * shows as PENDING, and Meta's verdict arrives by the template status webhook (approved, or
 * rejected with its reason); a duplicate name is refused with a pt-BR message. A template with an
 * image header sends its sample file through Graph's Resumable Upload API and the handle with it.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { draftToGraph, EMPTY_TEMPLATE_DRAFT } from '../../../../shared/cloud/template-draft';
import type { HeaderMedia } from '../../../../shared/cloud/campaign-schema';
import type { MethodOutput } from '../../../../shared/api/contract';
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

  it('uploads the sample of an image header and submits the template with its handle; a file Meta does not take is refused in pt-BR', async () => {
    w = await cloudWorld();
    const numberId = await w.addCloudNumber();
    const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
    const WEBP = Buffer.concat([Buffer.from('RIFF'), Buffer.from([0x20, 0, 0, 0]), Buffer.from('WEBPVP8 '), Buffer.alloc(24, 1)]);
    const asSample = (ref: MethodOutput<'attachments.add'>): HeaderMedia => {
      if (ref.kind === 'audio') throw new Error('an audio file is not a header');
      return { ...ref, kind: ref.kind };
    };
    const photo = asSample(await w.call('attachments.add', { fileName: 'vitrine.png', mimeType: 'image/png', dataBase64: PNG.toString('base64') }));
    const draft = { ...EMPTY_TEMPLATE_DRAFT, name: 'vitrine_nova', headerFormat: 'IMAGE' as const, headerSample: photo, body: 'Oi {{1}}, chegou fornada nova na vitrine.', examples: { '1': 'Maria' } };

    const view = await w.call('cloud.submitTemplate', { id: numberId, ...draftToGraph(draft) });
    expect(view).toMatchObject({ name: 'vitrine_nova', status: 'PENDING' });
    const header = w.graph.createdTemplates[0].body.components as Array<{ type: string; format?: string; example?: { header_handle?: string[] } }>;
    const handle = header[0].example?.header_handle?.[0] ?? '';
    expect(header[0]).toMatchObject({ type: 'HEADER', format: 'IMAGE' });
    // The stand-in knows the handle as the very bytes the user picked.
    expect(w.graph.fileHandles.get(handle)).toMatchObject({ mimeType: 'image/png', size: PNG.length, fileName: 'vitrine.png' });
    const paths = w.graph.requests.map((r) => `${r.method} ${r.path.replace(/upload:[^/]+$/, 'upload:*')}`);
    expect(paths).toEqual(expect.arrayContaining([`GET /v24.0/app`, `POST /v24.0/${w.graph.app.id}/uploads`, 'POST /v24.0/upload:*']));

    // A WebP (Meta takes only JPG and PNG in a header) stops before anything reaches Meta.
    const before = w.graph.requests.length;
    const webp = asSample(await w.call('attachments.add', { fileName: 'vitrine.webp', mimeType: 'image/webp', dataBase64: WEBP.toString('base64') }));
    await expect(w.call('cloud.submitTemplate', { id: numberId, ...draftToGraph({ ...draft, name: 'vitrine_webp', headerSample: webp }) })).rejects.toMatchObject({
      code: 'cloud.header_sample_invalid',
      message: expect.stringContaining('A API oficial aceita no cabeçalho só estes formatos: JPG, JPEG, PNG.'),
    });
    // No sample at all: refused in pt-BR too; and Graph itself refuses a media header without a handle.
    const { headerSample: _dropped, ...noSample } = draftToGraph({ ...draft, name: 'vitrine_sem' });
    await expect(w.call('cloud.submitTemplate', { id: numberId, ...noSample })).rejects.toMatchObject({ code: 'cloud.header_sample_missing', message: expect.stringContaining('escolha um arquivo de exemplo') });
    expect(w.graph.requests.length).toBe(before);
    expect(w.graph.createdTemplates).toHaveLength(1);

    // A text file can be a campaign's document header, but not a template's sample: the Resumable
    // Upload API takes PDF, JPEG, PNG and MP4 only. Refused here, before anything goes to Meta.
    const txt = asSample(await w.call('attachments.add', { fileName: 'tabela.txt', mimeType: 'text/plain', dataBase64: Buffer.from('Pão francês 1,00\n').toString('base64') }));
    const beforeTxt = w.graph.requests.length;
    await expect(w.call('cloud.submitTemplate', { id: numberId, ...draftToGraph({ ...draft, name: 'tabela_precos', headerFormat: 'DOCUMENT', headerSample: txt }) })).rejects.toMatchObject({
      code: 'cloud.header_sample_invalid',
      message: expect.stringContaining('A API oficial aceita no cabeçalho só estes formatos: PDF.'),
    });
    expect(w.graph.requests.length).toBe(beforeTxt);
    // An expired token is said as such, whichever step meets it.
    w.graph.expiredTokens.add(TEST_ACCOUNT.token);
    await expect(w.call('cloud.submitTemplate', { id: numberId, ...draftToGraph({ ...draft, name: 'vitrine_expirada' }) })).rejects.toMatchObject({ code: 'cloud.token_invalid', message: expect.stringContaining('O token de acesso expirou') });
    expect(w.graph.createdTemplates).toHaveLength(1);
  });

  it('the stand-in, like Graph, refuses a media header without a valid header_handle', async () => {
    w = await cloudWorld();
    const post = (components: unknown[]) =>
      fetch(`${w!.graph.url}/v24.0/${TEST_ACCOUNT.wabaId}/message_templates`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TEST_ACCOUNT.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'sem_handle', language: 'pt_BR', category: 'MARKETING', components }),
      });
    for (const header of [{ type: 'HEADER', format: 'IMAGE' }, { type: 'HEADER', format: 'IMAGE', example: { header_handle: ['4::inventado'] } }]) {
      const res = await post([header, { type: 'BODY', text: 'Fornada nova.' }]);
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ error: { code: 100, type: 'OAuthException', error_data: { details: expect.stringContaining('header_handle') } } });
    }
    // The upload's second step checks the OAuth token and the offset.
    const open = await fetch(`${w.graph.url}/v24.0/${w.graph.app.id}/uploads?file_name=a.png&file_length=3&file_type=image/png`, { method: 'POST', headers: { authorization: `Bearer ${TEST_ACCOUNT.token}` } });
    const { id } = (await open.json()) as { id: string };
    const chunk = (auth: string, offset: string, body: string) => fetch(`${w!.graph.url}/v24.0/${id}`, { method: 'POST', headers: { authorization: auth, file_offset: offset }, body });
    expect((await chunk('OAuth nada', '0', 'abc')).status).toBe(401);
    expect((await chunk(`OAuth ${TEST_ACCOUNT.token}`, '5', 'abc')).status).toBe(400);
    expect((await chunk(`OAuth ${TEST_ACCOUNT.token}`, '0', 'abcd')).status).toBe(400);
    const done = await chunk(`OAuth ${TEST_ACCOUNT.token}`, '0', 'abc');
    expect(done.status).toBe(200);
    expect(((await done.json()) as { h: string }).h).toMatch(/^4::/);
  });
});
