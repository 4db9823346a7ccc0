import Database from 'better-sqlite3';
import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Locator } from '@playwright/test';
import { GraphStandIn, TEST_ACCOUNT, testTemplates } from '../../electron/core/channels/cloud/testing/graph-server';
import { startFakeOpenAiServer } from '../../electron/core/ai/testing/fake-openai-server';
import { runAdmin } from '../../license-server/admin';
import { startLicenseServer, type RunningLicenseServer } from '../../license-server/server';
import { HOTTOK, PRODUCT_BASIC, purchaseEvent, silentLogger } from '../../license-server/test-helpers';
import { removeDir, startHost, type RunningHost } from './support/host';
import { addSimulatedNumber, createCampaign, nav, startCampaign } from './support/journey';
import { importCsvByClicks, smallCsv } from './support/ui-steps';

// Browser mode against the local Graph API stand-in (test-only switch, refused outside NODE_ENV=test):
// the production Graph client asks it about the number exactly as it would ask Meta.
let graph: GraphStandIn;
let host: RunningHost | undefined;
test.beforeEach(async () => {
  graph = new GraphStandIn({ accounts: [TEST_ACCOUNT], templates: { [TEST_ACCOUNT.wabaId]: testTemplates() } });
  await graph.start();
});
test.afterEach(async () => {
  await host?.stop();
  if (host) removeDir(host.dataDir);
  host = undefined;
  await graph.stop();
});

test('"API oficial (Cloud API)": the trade-off, "Testar conexão" with a specific error, then the number with what Meta reports', async ({ page }) => {
  host = await startHost({ env: { NODE_ENV: 'test', RECADO_TEST_GRAPH_URL: graph.url } });
  await page.goto(host.url);
  await page.getByRole('button', { name: 'Continuar no modo de avaliação' }).click();
  await page.getByRole('navigation', { name: 'Navegação principal' }).getByRole('link', { name: 'Números' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Números' })).toBeVisible();

  await page.getByRole('button', { name: 'Adicionar número' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Adicionar número de WhatsApp' });
  await dialog.getByRole('radio', { name: 'API oficial (Cloud API)' }).check();
  await expect(dialog).toContainText('WhatsApp Web é gratuito e aceita texto livre, mas não é oficial');
  await expect(dialog).toContainText('cobra por mensagem entregue e exige modelos aprovados');

  await dialog.getByLabel('Nome do número').fill('Padaria oficial');
  await dialog.getByLabel('ID do número de telefone').fill(TEST_ACCOUNT.phoneNumberId);
  await dialog.getByLabel('ID da conta do WhatsApp Business').fill(TEST_ACCOUNT.wabaId);
  await dialog.getByLabel('Token de acesso permanente').fill('EAAwrongTokenTyped000000');
  await dialog.getByLabel('Chave secreta do app').fill(TEST_ACCOUNT.appSecret);
  const add = dialog.getByRole('button', { name: 'Adicionar número' });
  await expect(add).toBeDisabled();

  await dialog.getByRole('button', { name: 'Testar conexão' }).click();
  await expect(dialog.getByRole('alert')).toContainText('O token de acesso não é válido');
  await expect(add).toBeDisabled();

  await dialog.getByLabel('Token de acesso permanente').fill(TEST_ACCOUNT.token);
  await dialog.getByRole('button', { name: 'Testar conexão' }).click();
  const info = dialog.getByTestId('cloud-info');
  await expect(dialog.getByText('Conexão funcionando')).toBeVisible();
  await expect(info).toContainText('Padaria Pão Quente');
  await expect(info).toContainText('Aprovado');
  await expect(info.getByTestId('cloud-quality')).toHaveText('Alta');
  await expect(info).toContainText('2.000 pessoas novas por dia');
  await page.screenshot({ path: test.info().outputPath('cloud-add-tested.png') });

  await add.click();
  await expect(dialog).toContainText('Número da API oficial adicionado.');
  await dialog.getByRole('button', { name: 'Concluir' }).click();
  await expect(dialog).toBeHidden();

  const card = page.getByRole('listitem').filter({ hasText: 'Padaria oficial' });
  await expect(card.getByText('API OFICIAL', { exact: true })).toBeVisible();
  await expect(card.getByTestId('cloud-quality')).toHaveText('Alta');
  await expect(card).toContainText('Padaria Pão Quente');
  await page.screenshot({ path: test.info().outputPath('cloud-number-card.png'), fullPage: true });

  // The token and the app secret are nowhere on the page, and sealed at rest.
  const html = await page.content();
  expect(html).not.toContain(TEST_ACCOUNT.token);
  expect(html).not.toContain(TEST_ACCOUNT.appSecret);
  const db = new Database(path.join(host.dataDir, 'recado.db'), { readonly: true });
  try {
    const blobs = (db.prepare("SELECT blob FROM secrets WHERE name LIKE 'cloud/%'").all() as Array<{ blob: Buffer }>).map((r) => Buffer.from(r.blob).toString('latin1')).join('\n');
    expect(blobs.length).toBeGreaterThan(0);
    expect(blobs).not.toContain(TEST_ACCOUNT.token);
    expect(blobs).not.toContain(TEST_ACCOUNT.appSecret);
  } finally {
    db.close();
  }
});

test('Wizard on a Cloud number: only approved templates can be chosen, variables mapped to contact fields, with a preview', async ({ page }) => {
  host = await startHost({ env: { NODE_ENV: 'test', RECADO_TEST_GRAPH_URL: graph.url } });
  await page.goto(host.url);
  await page.getByRole('button', { name: 'Continuar no modo de avaliação' }).click();
  await addCloudNumberByClicks(page);

  await page.getByRole('navigation', { name: 'Navegação principal' }).getByRole('link', { name: 'Campanhas' }).click();
  await page.getByRole('button', { name: 'Nova campanha' }).first().click();
  await page.getByLabel('Nome da campanha').fill('Pão de queijo');
  await page.getByRole('button', { name: 'Avançar' }).click();
  await expect(page.getByRole('heading', { name: 'Etapa 2 de 4: Mensagens' })).toBeVisible();

  await page.getByRole('radio', { name: 'API oficial (modelo aprovado)' }).check();
  await expect(page.getByText('variações, spintax e IA não se aplicam')).toBeVisible();
  const rejected = page.getByRole('radio', { name: /antigo_rejeitado/ });
  await expect(rejected).toBeDisabled();
  await expect(page.getByTestId('cloud-template-1004')).toContainText('Recusado pela Meta: não pode ser enviado.');

  await page.getByRole('radio', { name: /promo_padaria/ }).check();
  // {{1}} starts as the first name; {{2}} is left to the user.
  await expect(page.getByLabel('Valor de {{1}} (corpo)')).toHaveValue('field:primeiro_nome');
  await expect(page.getByText('Escolha o valor de todas as variáveis do modelo.')).toBeVisible();
  await page.getByLabel('Valor de {{2}} (corpo)').selectOption({ label: 'Texto fixo…' });
  await page.getByLabel('Texto fixo para {{2}}').fill('Pinheiros');
  await page.getByLabel('Valor de {{1}} (cabeçalho)').selectOption({ label: 'Primeiro nome' });
  await expect(page.getByText('Escolha o valor de todas as variáveis do modelo.')).toHaveCount(0);
  // No contacts yet: the preview uses a sample contact and says so.
  await expect(page.getByTestId('cloud-template-preview')).toContainText('Oi Maria, o pão de queijo de Pinheiros saiu agora.');
  await expect(page.getByText('O público ainda não tem contatos: prévia com um contato de exemplo.')).toBeVisible();
  await expect(page.getByText('Salvo', { exact: true })).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('cloud-wizard-template.png'), fullPage: true });

  // What the wizard saved is what the core sends: the template and its mapping.
  const db = new Database(path.join(host.dataDir, 'recado.db'), { readonly: true });
  try {
    const draft = JSON.parse((db.prepare("SELECT draft FROM campaigns WHERE name = 'Pão de queijo'").get() as { draft: string }).draft);
    expect(draft.channel).toBe('cloud');
    expect(draft.cloudTemplate.template.name).toBe('promo_padaria');
    expect(draft.cloudTemplate.mapping['body.2']).toEqual({ kind: 'text', value: 'Pinheiros' });
    expect(draft.numberIds).toEqual([draft.cloudTemplate.numberId]);
  } finally {
    db.close();
  }
});

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

/**
 * Números → Adicionar → "API oficial (Cloud API)" with the stand-in's account, tested and added;
 * returns the dialog, still open on its last step (the webhook values, "Concluir").
 */
async function addCloudNumberInDialog(page: import('@playwright/test').Page): Promise<Locator> {
  await nav(page).getByRole('link', { name: 'Números' }).click();
  await page.getByRole('button', { name: 'Adicionar número' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Adicionar número de WhatsApp' });
  await dialog.getByRole('radio', { name: 'API oficial (Cloud API)' }).check();
  await dialog.getByLabel('Nome do número').fill('Padaria oficial');
  await dialog.getByLabel('ID do número de telefone').fill(TEST_ACCOUNT.phoneNumberId);
  await dialog.getByLabel('ID da conta do WhatsApp Business').fill(TEST_ACCOUNT.wabaId);
  await dialog.getByLabel('Token de acesso permanente').fill(TEST_ACCOUNT.token);
  await dialog.getByLabel('Chave secreta do app').fill(TEST_ACCOUNT.appSecret);
  await dialog.getByRole('button', { name: 'Testar conexão' }).click();
  await expect(dialog.getByText('Conexão funcionando')).toBeVisible();
  await dialog.getByRole('button', { name: 'Adicionar número' }).click();
  return dialog;
}

/** The same, closed with "Concluir". */
async function addCloudNumberByClicks(page: import('@playwright/test').Page): Promise<void> {
  const dialog = await addCloudNumberInDialog(page);
  await dialog.getByRole('button', { name: 'Concluir' }).click();
  await expect(dialog).toBeHidden();
}

test('A template with an image header: the file picked in the wizard, the estimated cost on the messages step and the review, one upload for every send, the cost in the results', async ({ page }) => {
  test.setTimeout(120_000);
  host = await startHost({ env: { NODE_ENV: 'test', RECADO_TEST_GRAPH_URL: graph.url, RECADO_AUTO_BACKUP: 'off' } });
  await page.goto(host.url);
  await page.getByRole('button', { name: 'Continuar no modo de avaliação' }).click();
  await addCloudNumberByClicks(page);
  await importCsvByClicks(page, { name: 'clientes.csv', buffer: smallCsv([['Ana Souza', '(11) 98765-4321'], ['Bruno Lima', '(21) 99876-5432'], ['Carla Dias', '(31) 98888-7777']]) }, 'Clientes');

  await createCampaign(page, {
    name: 'Cardápio da semana',
    list: /Clientes/,
    message: 'Oi',
    pause: [1, 1],
    atMessages: async (p) => {
      await p.getByRole('radio', { name: 'API oficial (modelo aprovado)' }).check();
      await p.getByRole('radio', { name: /cardapio_foto/ }).check();
      const media = p.getByTestId('cloud-header-media');
      await expect(media).toContainText('Este modelo tem imagem no cabeçalho: escolha o arquivo.');
      // A WebP is an image WhatsApp Web takes, but not a Cloud API header.
      await media.getByLabel('Arquivo do cabeçalho (imagem)').setInputFiles({ name: 'cardapio.webp', mimeType: 'image/webp', buffer: Buffer.from('RIFF0000WEBPVP8 ') });
      await expect(media).toContainText('A API oficial aceita no cabeçalho só estes formatos: JPG, JPEG, PNG.');
      await media.getByLabel('Arquivo do cabeçalho (imagem)').setInputFiles({ name: 'cardapio.png', mimeType: 'image/png', buffer: PNG });
      await expect(p.getByTestId('cloud-header-media-name')).toContainText('cardapio.png');
      await expect(p.getByTestId('cloud-cost-line')).toHaveText(/Custo estimado desta campanha: R\$\s1,01 \(3 mensagens × R\$\s0,3375, marketing, tabela de 01\/10\/2026\)/);
      await p.screenshot({ path: test.info().outputPath('cloud-header-media.png'), fullPage: true });
    },
    atReview: async (p) => {
      await expect(p.getByTestId('cloud-cost-estimate')).toContainText('3 mensagens');
    },
  });

  await startCampaign(page);
  await expect.poll(() => graph.sent.length, { timeout: 30_000 }).toBe(3);
  expect(graph.uploads).toHaveLength(1);
  expect(graph.uploads[0]).toMatchObject({ mimeType: 'image/png', fileName: 'cardapio.png' });
  const headerIds = graph.sent.map((s) => JSON.stringify((s.body.template as { components: unknown[] }).components[0]));
  expect(new Set(headerIds)).toEqual(new Set([JSON.stringify({ type: 'header', parameters: [{ type: 'image', image: { id: graph.uploads[0].id } }] })]));

  // Without the relay (trial mode) no status webhook comes back: nothing billed yet, said plainly.
  const cost = page.getByTestId('cloud-cost-results');
  await expect(cost).toContainText('Custo na API oficial');
  await expect(page.getByTestId('cloud-cost-billed')).toHaveText(/Cobrado pela Meta até agora: R\$\s0,00 por 0 mensagens cobradas de 3 enviadas pela API oficial\./);
  await expect(cost).toContainText('Estimativa pela tabela de 01/10/2026');
  await page.screenshot({ path: test.info().outputPath('cloud-campaign-cost.png'), fullPage: true });
});

test('The price table by clicks: Configurações shows it once there is an official number; a bad price is refused in pt-BR, a new one is saved and kept, then the default comes back after confirming', async ({ page }) => {
  test.setTimeout(90_000);
  host = await startHost({ env: { NODE_ENV: 'test', RECADO_TEST_GRAPH_URL: graph.url, RECADO_AUTO_BACKUP: 'off' } });
  await page.goto(host.url);
  await page.getByRole('button', { name: 'Continuar no modo de avaliação' }).click();
  await nav(page).getByRole('link', { name: 'Configurações' }).click();
  await expect(page.getByRole('heading', { name: 'Integrações (webhooks)' })).toBeVisible();
  // No official number yet: nothing about its prices.
  await expect(page.getByTestId('cloud-pricing')).toHaveCount(0);

  await addCloudNumberByClicks(page);
  await nav(page).getByRole('link', { name: 'Configurações' }).click();
  const pricing = page.getByTestId('cloud-pricing');
  await expect(pricing.getByRole('heading', { name: 'API oficial: preços por mensagem' })).toBeVisible();
  await expect(pricing.getByTestId('cloud-pricing-origin')).toHaveText('Tabela padrão do Recado.');
  const marketing = pricing.getByLabel('Marketing (R$ por mensagem)');
  await expect(marketing).toHaveValue('0,3375');

  await marketing.fill('-1');
  await pricing.getByRole('button', { name: 'Salvar tabela' }).click();
  await expect(pricing.getByTestId('cloud-pricing-problems')).toContainText('O preço de marketing precisa ser um valor entre R$ 0 e R$ 100.');

  await marketing.fill('0,41');
  await pricing.getByRole('button', { name: 'Salvar tabela' }).click();
  await expect(page.getByText('Tabela de preços salva. As estimativas já usam os novos valores.')).toBeVisible();
  await expect(pricing.getByTestId('cloud-pricing-origin')).toContainText('Tabela ajustada por você em');
  await page.reload();
  await expect(page.getByTestId('cloud-pricing').getByLabel('Marketing (R$ por mensagem)')).toHaveValue('0,41');
  await page.getByTestId('cloud-pricing').screenshot({ path: test.info().outputPath('cloud-pricing.png') });

  await page.getByTestId('cloud-pricing').getByRole('button', { name: 'Voltar ao padrão do Recado' }).click();
  const confirm = page.getByRole('dialog', { name: 'Voltar à tabela padrão?' });
  await confirm.getByRole('button', { name: 'Voltar ao padrão' }).click();
  await expect(page.getByTestId('cloud-pricing').getByTestId('cloud-pricing-origin')).toHaveText('Tabela padrão do Recado.');
  await expect(page.getByTestId('cloud-pricing').getByLabel('Marketing (R$ por mensagem)')).toHaveValue('0,3375');
});

test('Plan B by clicks: a WhatsApp Web campaign names the Cloud number and an approved template to continue on, with the grace, the cost if everyone went that way, and the review line', async ({ page }) => {
  test.setTimeout(120_000);
  host = await startHost({ env: { NODE_ENV: 'test', RECADO_TEST_GRAPH_URL: graph.url, RECADO_AUTO_BACKUP: 'off' } });
  await page.goto(host.url);
  await page.getByRole('button', { name: 'Continuar no modo de avaliação' }).click();
  await addSimulatedNumber(page);
  await addCloudNumberByClicks(page);
  await importCsvByClicks(page, { name: 'clientes.csv', buffer: smallCsv([['Ana Souza', '(11) 98765-4321'], ['Bruno Lima', '(21) 99876-5432']]) }, 'Clientes');

  await createCampaign(page, {
    name: 'Promoção com plano B',
    list: /Clientes/,
    message: 'Oi {primeiro_nome}, pão de queijo saindo!',
    pause: [1, 1],
    atMessages: async (p) => {
      const planB = p.getByTestId('cloud-fallback');
      await planB.getByRole('checkbox', { name: /Continuar pelo número oficial/ }).check();
      await expect(planB.getByLabel('Esperar a reconexão por (minutos)')).toBeDisabled();
      await planB.getByRole('radio', { name: /promo_padaria/ }).check();
      await planB.getByLabel('Valor de {{1}} (cabeçalho)').selectOption({ label: 'Primeiro nome' });
      await planB.getByLabel('Valor de {{2}} (corpo)').selectOption({ label: 'Texto fixo…' });
      await planB.getByLabel('Texto fixo para {{2}}').fill('Pinheiros');
      await planB.getByLabel('Esperar a reconexão por (minutos)').fill('5');
      await expect(planB.getByTestId('cloud-cost-line-fallback')).toHaveText(/Se todo o público for pelo número oficial: R\$\s0,68 \(2 mensagens × R\$\s0,3375, marketing/);
    },
    atNumbers: async (p) => {
      // The Cloud number sends templates only: it can be the plan B, not one of the Web senders.
      await expect(p.getByRole('checkbox', { name: /Padaria oficial/ })).toBeDisabled();
      await expect(p.getByTestId('wizard-numbers')).toContainText('API oficial: só envia modelos aprovados');
      await p.getByRole('checkbox', { name: /Número simulado/ }).check();
    },
    atReview: async (p) => {
      await expect(p.getByTestId('review-fallback')).toHaveText('promo_padaria pelo número Padaria oficial, depois de 5 min sem conexão');
      await expect(p.getByTestId('cloud-cost-estimate')).toContainText('2 mensagens');
    },
  });

  // The Web number is fine: the campaign runs on it to the end and the Cloud number sends nothing.
  await startCampaign(page);
  const db = new Database(path.join(host.dataDir, 'recado.db'), { readonly: true });
  try {
    await expect.poll(() => (db.prepare("SELECT status FROM campaigns WHERE name = 'Promoção com plano B'").get() as { status: string }).status, { timeout: 30_000 }).toBe('finished');
    expect(graph.sent).toHaveLength(0);
    expect(db.prepare('SELECT count(*) AS n FROM campaign_routes').get()).toEqual({ n: 0 });
    const draft = JSON.parse((db.prepare("SELECT draft FROM campaigns WHERE name = 'Promoção com plano B'").get() as { draft: string }).draft);
    expect(draft.channel).toBe('web');
    expect(draft.fallback.graceMinutes).toBe(5);
    expect(draft.fallback.template.template.name).toBe('promo_padaria');
    expect(draft.fallback.template.mapping['body.2']).toEqual({ kind: 'text', value: 'Pinheiros' });
    expect(draft.numberIds).not.toContain(draft.fallback.template.numberId);
  } finally {
    db.close();
  }
});

test('Writing a template by clicks: Meta’s rules said before submitting, the promotion warning in a utility template, link and call buttons, "Em análise", then the rejection reason after "Atualizar lista"', async ({ page }) => {
  test.setTimeout(90_000);
  host = await startHost({ env: { NODE_ENV: 'test', RECADO_TEST_GRAPH_URL: graph.url, RECADO_AUTO_BACKUP: 'off' } });
  await page.goto(host.url);
  await page.getByRole('button', { name: 'Continuar no modo de avaliação' }).click();
  await addCloudNumberByClicks(page);
  const templates = page.getByRole('region', { name: 'Modelos de mensagem' });
  await expect(templates.getByTestId('cloud-tpl-status-promo_padaria')).toHaveText('Aprovado');
  await expect(templates.getByTestId('cloud-tpl-status-antigo_rejeitado')).toHaveText('Recusado pela Meta · Motivo: PROMOTIONAL');

  await templates.getByRole('button', { name: 'Escrever modelo' }).click();
  const form = page.getByRole('form', { name: 'Novo modelo' });
  await form.getByLabel('Nome do modelo').fill('Aviso Sábado');
  await form.getByLabel('Categoria').selectOption({ label: 'Utilidade (pedido, agendamento, aviso combinado)' });
  await form.getByLabel('Texto', { exact: true }).fill('{{1}}, aproveite o desconto de sábado no pedido {{2}}');
  await expect(form.getByTestId('cloud-tpl-warning')).toContainText('"desconto" é linguagem promocional');
  await form.getByRole('button', { name: 'Enviar para análise da Meta' }).click();
  await expect(form).toContainText('Use no nome só letras minúsculas, números e _');
  await expect(form).toContainText('A Meta recusa modelos que começam ou terminam com uma variável');
  await expect(form).toContainText('Dê um exemplo para {{1}}');
  expect(graph.createdTemplates).toHaveLength(0);

  await form.getByLabel('Nome do modelo').fill('aviso_sabado');
  await form.getByLabel('Categoria').selectOption({ label: 'Marketing (promoções, novidades)' });
  await form.getByLabel('Texto', { exact: true }).fill('Oi {{1}}, aproveite o desconto de sábado no pedido {{2}}. Até logo!');
  await form.getByLabel('Exemplo para {{1}}').fill('Maria');
  await form.getByLabel('Exemplo para {{2}}').fill('123');
  await form.getByLabel('Botão de resposta rápida 1 (opcional)').fill('Quero');
  await expect(form.getByTestId('cloud-tpl-warning')).toHaveCount(0);
  // A link button with the order number at the end, and a call button, checked before Meta sees them.
  const link = form.getByRole('group', { name: 'Botão de link (opcional)' });
  await link.getByLabel('Texto do botão de link').fill('Ver pedido');
  await link.getByLabel('Endereço do link').fill('padaria.example/pedido/{{1}}');
  const call = form.getByRole('group', { name: 'Botão de ligar (opcional)' });
  await call.getByLabel('Texto do botão de ligar').fill('Ligar para a loja');
  await call.getByLabel('Telefone do botão').fill('4000-12');
  await form.getByRole('button', { name: 'Enviar para análise da Meta' }).click();
  await expect(link).toContainText('O link precisa ser um endereço completo, começando com https://');
  await expect(link).toContainText('Dê um exemplo para o {{1}} do link');
  await expect(call).toContainText('Escreva o telefone do botão com DDD');
  expect(graph.createdTemplates).toHaveLength(0);
  await link.getByLabel('Endereço do link').fill('https://padaria.example/pedido/{{1}}');
  await link.getByLabel('Exemplo para o {{1}} do link').fill('123');
  await call.getByLabel('Telefone do botão').fill('(11) 4000-1234');
  await form.getByRole('button', { name: 'Enviar para análise da Meta' }).click();
  await expect(form).toBeHidden();
  await expect(templates.getByTestId('cloud-tpl-status-aviso_sabado')).toHaveText('Em análise pela Meta');
  expect(graph.createdTemplates[0].body).toMatchObject({ name: 'aviso_sabado', category: 'MARKETING', components: [{ type: 'BODY', example: { body_text: [['Maria', '123']] } }, { type: 'BUTTONS' }] });
  expect(graph.createdTemplates[0].body.components).toContainEqual({
    type: 'BUTTONS',
    buttons: [
      { type: 'QUICK_REPLY', text: 'Quero' },
      { type: 'URL', text: 'Ver pedido', url: 'https://padaria.example/pedido/{{1}}', example: ['https://padaria.example/pedido/123'] },
      { type: 'PHONE_NUMBER', text: 'Ligar para a loja', phone_number: '551140001234' },
    ],
  });

  // Meta's review ends (by webhook in real life; in trial mode there is no relay, so the list is refreshed).
  graph.reviewTemplate(TEST_ACCOUNT.wabaId, graph.createdTemplates[0].id, 'REJECTED', 'INVALID_FORMAT');
  await templates.getByRole('button', { name: 'Atualizar lista' }).click();
  await expect(templates.getByTestId('cloud-tpl-status-aviso_sabado')).toHaveText('Recusado pela Meta · Motivo: INVALID_FORMAT');
});

test('Writing a template with an image header: the sample file checked, named in the preview, uploaded to Meta and sent with its handle', async ({ page }) => {
  test.setTimeout(90_000);
  host = await startHost({ env: { NODE_ENV: 'test', RECADO_TEST_GRAPH_URL: graph.url, RECADO_AUTO_BACKUP: 'off' } });
  await page.goto(host.url);
  await page.getByRole('button', { name: 'Continuar no modo de avaliação' }).click();
  await addCloudNumberByClicks(page);
  const templates = page.getByRole('region', { name: 'Modelos de mensagem' });
  await templates.getByRole('button', { name: 'Escrever modelo' }).click();
  const form = page.getByRole('form', { name: 'Novo modelo' });
  await form.getByLabel('Nome do modelo').fill('vitrine_nova');
  await form.getByLabel('Tipo de cabeçalho').selectOption({ label: 'Imagem' });
  await form.getByLabel('Texto', { exact: true }).fill('Oi {{1}}, chegou fornada nova na vitrine. Passe aqui!');
  await form.getByLabel('Exemplo para {{1}}').fill('Maria');
  const sample = form.getByTestId('cloud-tpl-header-sample');
  await expect(sample).toContainText('Formatos aceitos pela API oficial: JPG, JPEG, PNG, até 5 MB.');
  await expect(form.getByTestId('cloud-tpl-preview-file')).toHaveText('Arquivo de exemplo ainda não escolhido');
  await form.getByRole('button', { name: 'Enviar para análise da Meta' }).click();
  await expect(sample).toContainText('Escolha uma imagem de exemplo para o cabeçalho');
  // A WebP is an image, but not one the Cloud API takes in a header.
  await sample.getByLabel('Arquivo de exemplo do cabeçalho (imagem)').setInputFiles({ name: 'vitrine.webp', mimeType: 'image/webp', buffer: Buffer.from('RIFF0000WEBPVP8 ') });
  await expect(sample).toContainText('A API oficial aceita no cabeçalho só estes formatos: JPG, JPEG, PNG.');
  expect(graph.createdTemplates).toHaveLength(0);
  await sample.getByLabel('Arquivo de exemplo do cabeçalho (imagem)').setInputFiles({ name: 'vitrine.png', mimeType: 'image/png', buffer: PNG });
  await expect(form.getByTestId('cloud-tpl-header-sample-name')).toContainText('vitrine.png');
  await expect(form.getByTestId('cloud-tpl-preview-file')).toHaveText('vitrine.png');
  await page.screenshot({ path: test.info().outputPath('cloud-template-image-header.png'), fullPage: true });
  await form.getByRole('button', { name: 'Enviar para análise da Meta' }).click();
  await expect(form).toBeHidden();
  await expect(templates.getByTestId('cloud-tpl-status-vitrine_nova')).toHaveText('Em análise pela Meta');
  const header = (graph.createdTemplates[0].body.components as Array<{ type: string; format?: string; example?: { header_handle?: string[] } }>)[0];
  expect(header).toMatchObject({ type: 'HEADER', format: 'IMAGE' });
  expect(graph.fileHandles.get(header.example?.header_handle?.[0] ?? '')).toMatchObject({ mimeType: 'image/png', fileName: 'vitrine.png', size: PNG.length });
});

test('Writing a template with the AI copy assistant: the draft for a utility template follows Meta’s rules, with its examples, and goes to review', async ({ page }) => {
  test.setTimeout(90_000);
  const ai = await startFakeOpenAiServer();
  try {
    host = await startHost({ env: { NODE_ENV: 'test', RECADO_TEST_GRAPH_URL: graph.url, RECADO_AUTO_BACKUP: 'off' } });
    await page.goto(host.url);
    await page.getByRole('button', { name: 'Continuar no modo de avaliação' }).click();
    // Configurações › IA: the OpenAI-compatible stand-in, as the messages editor uses it.
    await nav(page).getByRole('link', { name: 'Configurações' }).click();
    const settings = page.getByRole('region', { name: 'Inteligência artificial (IA)' });
    await settings.getByLabel('Provedor').selectOption({ label: 'Outro servidor compatível com OpenAI' });
    await settings.getByLabel('Endereço do servidor').fill(ai.url);
    await settings.getByLabel('Modelo', { exact: true }).fill('gpt-4o-mini');
    await settings.getByRole('button', { name: 'Testar conexão' }).click();
    await expect(settings.getByText('Conexão OK: o modelo gpt-4o-mini está disponível.')).toBeVisible();

    await addCloudNumberByClicks(page);
    const templates = page.getByRole('region', { name: 'Modelos de mensagem' });
    await templates.getByRole('button', { name: 'Escrever modelo' }).click();
    const form = page.getByRole('form', { name: 'Novo modelo' });
    await form.getByLabel('Nome do modelo').fill('pedido_pronto');
    await form.getByLabel('Categoria').selectOption({ label: 'Utilidade (pedido, agendamento, aviso combinado)' });
    const assistant = form.getByRole('group', { name: 'Escrever com IA' });
    await assistant.getByLabel('Sobre o que é a mensagem?').fill('avisar que o pedido está pronto para retirar');
    await assistant.getByLabel('Com cabeçalho').check();
    await assistant.getByRole('button', { name: 'Escrever com IA' }).click();
    await expect(assistant.getByTestId('cloud-tpl-ai-result')).toContainText('revise o texto e os exemplos antes de enviar');
    await expect(form.getByLabel('Texto', { exact: true })).toHaveValue('Olá {{1}}, seu pedido {{2}} está pronto para retirada na loja. Qualquer dúvida, é só responder esta mensagem.');
    await expect(form.getByLabel('Cabeçalho (opcional)')).toHaveValue('Seu pedido está pronto');
    await expect(form.getByLabel('Exemplo para {{1}}')).toHaveValue('Maria');
    await expect(form.getByLabel('Exemplo para {{2}}')).toHaveValue('4521');
    await expect(form.getByTestId('cloud-tpl-warning')).toHaveCount(0);
    // The utility rules went to the model with the user's words.
    const asked = ai.requests.filter((r) => r.path.endsWith('/chat/completions'));
    expect(asked).toHaveLength(1);
    expect(JSON.stringify(asked[0].body.messages)).toContain('PROIBIDO qualquer tom promocional');
    await page.screenshot({ path: test.info().outputPath('cloud-template-ai.png'), fullPage: true });

    await form.getByRole('button', { name: 'Enviar para análise da Meta' }).click();
    await expect(form).toBeHidden();
    await expect(templates.getByTestId('cloud-tpl-status-pedido_pronto')).toHaveText('Em análise pela Meta');
    expect(graph.createdTemplates[0].body).toMatchObject({ name: 'pedido_pronto', category: 'UTILITY', components: [{ type: 'HEADER', text: 'Seu pedido está pronto' }, { type: 'BODY', example: { body_text: [['Maria', '4521']] } }, { type: 'FOOTER', text: 'Mensagem automática' }] });
  } finally {
    await ai.close();
  }
});

/**
 * The seller's license server on 127.0.0.1 (the real process code, with its webhook relay), a
 * Hotmart purchase by webhook, and the key read with the admin CLI, as in license.spec.ts.
 */
async function sellerWithRelay(): Promise<{ key: string; server: RunningLicenseServer; dir: string; hostArgs: string[] }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recado-relay-e2e-'));
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const keyFile = path.join(dir, 'license-private.pem');
  fs.writeFileSync(keyFile, privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(), { mode: 0o600 });
  const publicKeyFile = path.join(dir, 'license-public.pem');
  fs.writeFileSync(publicKeyFile, publicKey.export({ format: 'pem', type: 'spki' }).toString());
  const dbPath = path.join(dir, 'licenses.db');
  const server = await startLicenseServer({ port: 0, host: '127.0.0.1', dbPath, hottok: HOTTOK, products: { [String(PRODUCT_BASIC)]: 'basic' }, signingKeyPem: fs.readFileSync(keyFile, 'utf8'), logger: silentLogger });
  const res = await fetch(`${server.url}/hotmart/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'X-HOTMART-HOTTOK': HOTTOK },
    body: JSON.stringify(purchaseEvent('PURCHASE_APPROVED', { transaction: 'HP-E2E-CLOUD', email: 'padaria@example.com' })),
  });
  expect(res.status).toBe(200);
  const lines: string[] = [];
  expect(runAdmin(['list', '--json'], { env: { LICENSE_DB: dbPath, LICENSE_SIGNING_KEY: keyFile }, out: (l) => lines.push(l), err: (l) => lines.push(l) })).toBe(0);
  const key: string = JSON.parse(lines.join('\n'))[0].key;
  return { key, server, dir, hostArgs: ['--test-license-public-key', publicKeyFile] };
}

test('The whole Cloud path by clicks: licensed app, webhook registered on the relay, a template campaign delivered and read, the cost billed, and a reply answered free-form inside the 24-hour window', async ({ page }) => {
  test.setTimeout(180_000);
  const seller = await sellerWithRelay();
  try {
    host = await startHost({
      env: { NODE_ENV: 'test', RECADO_LICENSE_SERVER: seller.server.url, RECADO_TEST_GRAPH_URL: graph.url, RECADO_AUTO_BACKUP: 'off' },
      args: seller.hostArgs,
    });
    await page.goto(host.url);
    await expect(page.getByRole('heading', { level: 1, name: 'Ative o Recado' })).toBeVisible({ timeout: 30_000 });
    await page.getByLabel('Chave de licença').fill(seller.key);
    await page.getByRole('button', { name: 'Ativar', exact: true }).click();
    await expect(page.getByTestId('plan-badge')).toHaveText('Plano Básico');

    // Números → Adicionar → API oficial; once added, the relay mailbox's URL and verify token.
    const dialog = await addCloudNumberInDialog(page);
    const webhook = dialog.getByTestId('cloud-webhook');
    const urlBox = webhook.getByLabel('URL de retorno', { exact: true });
    await expect(urlBox).toHaveValue(new RegExp(`^${seller.server.url}/relay/`));
    const webhookUrl = await urlBox.inputValue();
    const verifyToken = await webhook.getByLabel('Token de verificação', { exact: true }).inputValue();
    expect(webhookUrl).not.toContain(TEST_ACCOUNT.appSecret);
    await expect(webhook.getByTestId('cloud-last-event')).toContainText('Nenhum aviso recebido ainda.');
    await page.screenshot({ path: test.info().outputPath('cloud-webhook-setup.png') });
    // What the user does in Meta's dashboard with the two copied values: Meta checks the URL first.
    expect(await graph.registerWebhook(webhookUrl, verifyToken)).toBe(true);
    await dialog.getByRole('button', { name: 'Concluir' }).click();
    await expect(dialog).toBeHidden();

    await importCsvByClicks(page, { name: 'clientes.csv', buffer: smallCsv([['Ana Souza', '(11) 98765-4321'], ['Bruno Lima', '(21) 99876-5432']]) }, 'Clientes');
    // Ana answers the template a moment after reading it (Meta's inbound webhook, signed, through the relay).
    graph.replies.set('5511987654321', { text: 'Vocês entregam em Pinheiros?' });

    await createCampaign(page, {
      name: 'Pão de queijo oficial',
      list: /Clientes/,
      message: 'Oi',
      pause: [1, 1],
      atMessages: async (p) => {
        await p.getByRole('radio', { name: 'API oficial (modelo aprovado)' }).check();
        await p.getByRole('radio', { name: /promo_padaria/ }).check();
        await p.getByLabel('Valor de {{1}} (cabeçalho)').selectOption({ label: 'Primeiro nome' });
        await p.getByLabel('Valor de {{2}} (corpo)').selectOption({ label: 'Texto fixo…' });
        await p.getByLabel('Texto fixo para {{2}}').fill('Pinheiros');
        // The preview is filled with the audience's first contacts, as each will read it.
        const first = p.getByTestId('cloud-template-preview');
        await expect(first).toContainText('Para Ana Souza');
        await expect(first).toContainText('Novidade, Ana!');
        await expect(first).toContainText('Oi Ana, o pão de queijo de Pinheiros saiu agora.');
        await expect(p.getByTestId('cloud-template-preview-1')).toContainText('Oi Bruno, o pão de queijo de Pinheiros saiu agora.');
        await expect(p.getByText('Com os primeiros contatos do público')).toBeVisible();
      },
      atReview: async (p) => {
        await expect(p.getByTestId('cloud-cost-estimate')).toContainText('2 mensagens');
      },
    });
    await startCampaign(page);
    await expect.poll(() => graph.sent.length, { timeout: 30_000 }).toBe(2);

    // Delivered and read come back by webhook through the relay, and the billed cost with them.
    const figure = (key: string) => page.getByTestId(`total-${key}`).locator('dd');
    await expect(figure('delivered')).toHaveText('2', { timeout: 60_000 });
    await expect(figure('read')).toHaveText('2', { timeout: 30_000 });
    await expect(figure('replied')).toHaveText('1', { timeout: 30_000 });
    await expect(figure('failed')).toHaveText('0');
    await expect(page.getByTestId('cloud-cost-billed')).toHaveText(/Cobrado pela Meta até agora: R\$\s0,68 por 2 mensagens cobradas de 2 enviadas pela API oficial\./);
    await page.screenshot({ path: test.info().outputPath('cloud-campaign-delivered-read-billed.png'), fullPage: true });

    // Respostas: Ana's question, the window's countdown, and a free-form answer typed by hand.
    await nav(page).getByRole('link', { name: /Respostas/ }).click();
    const row = page.getByTestId('conversation').filter({ hasText: 'Vocês entregam em Pinheiros?' });
    await expect(row).toContainText('Ana Souza');
    await row.click();
    const thread = page.getByTestId('thread');
    await expect(thread.getByTestId('bubble-in')).toContainText('Vocês entregam em Pinheiros?');
    await expect(thread.getByTestId('service-window')).toHaveText(/Janela de atendimento: 23 h 5\d min restantes/);
    // Opening the thread reads it.
    await expect(row).not.toContainText('não lida');
    const answer = 'Entregamos sim, Ana! Sábado das 8h às 12h.';
    await thread.getByLabel('Sua resposta').fill(answer);
    await thread.getByRole('button', { name: 'Enviar' }).click();
    await expect(page.getByText('Resposta enviada.').first()).toBeVisible();
    await expect(thread.getByTestId('bubble-out').filter({ hasText: answer })).toContainText('Resposta sua');
    await page.screenshot({ path: test.info().outputPath('cloud-inbox-free-form.png') });

    // Meta got exactly that text, free-form, to Ana, once.
    await expect.poll(() => graph.sent.filter((s) => s.type === 'text').length, { timeout: 30_000 }).toBe(1);
    const text = graph.sent.find((s) => s.type === 'text')!;
    expect(text.to).toBe('5511987654321');
    expect(text.body).toMatchObject({ messaging_product: 'whatsapp', type: 'text', text: { body: answer } });
    // Its delivery status comes back through the relay as well.
    await expect(thread.getByTestId('bubble-out').filter({ hasText: answer })).toContainText(/Entregue|Lida/, { timeout: 60_000 });

    // Configurações: this month's official-API spending next to the plan's limits and on the price table.
    await nav(page).getByRole('link', { name: 'Configurações' }).click();
    await expect(page.getByTestId('license-cloud-spending')).toHaveText(/Este mês \(\d{2}\/\d{4}\): a Meta cobrou R\$\s0,68 por 2 mensagens\. A Meta cobra à parte, fora dos limites do plano do Recado\./);
    await expect(page.getByTestId('cloud-spending')).toContainText('R$');
  } finally {
    await host?.stop();
    await seller.server.close();
    removeDir(seller.dir);
  }
});
