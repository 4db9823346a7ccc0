import { expect, test } from '@playwright/test';
import { removeDir, startHost, type RunningHost } from './support/host';
import { importCsvByClicks, startTrial } from './support/ui-steps';
import { SAMPLE_MESSAGES, startFakeOpenAiServer, type FakeOpenAiServer } from '../../electron/core/ai/testing/fake-openai-server';

let host: RunningHost | undefined;
let fake: FakeOpenAiServer | undefined;

test.afterEach(async () => {
  await host?.stop();
  await fake?.close();
  if (host) removeDir(host.dataDir);
});

/** One customer with a city, the way a shop owner exports it from Google Sheets. */
const CUSTOMERS = Buffer.from('Nome,Celular,Cidade\nÂngela Gonçalves,(11) 98765-4321,Ribeirão Preto\n', 'utf8');

const TEMPLATE = '{Oi|Olá} {primeiro_nome}! Novidades em {cidade} 😊\n*Coleção nova* chegando.';
const PARTIAL = '{"mensagens": ["Oi {primeiro_nome}, chegou a coleção';
const REGENERATED = 'Oi {primeiro_nome}! Faz tempo que não conversamos.\nPosso te contar uma novidade?';

test('write a template, preview it with a real contact, and write variations with AI', async ({ page }) => {
  // The journey starts with an import by clicks before it reaches the wizard.
  test.setTimeout(180_000);
  let generations = 0;
  fake = await startFakeOpenAiServer({
    // The first generation stalls half-way, so the test can watch it stream in and cancel it.
    script: (req) => {
      if (req.path !== '/v1/chat/completions') return undefined;
      const prompt = String(req.body?.messages?.at(-1)?.content ?? '');
      if (prompt.includes('"mensagens"') && generations++ === 0) return { type: 'stall', content: PARTIAL };
      return undefined;
    },
  });
  host = await startHost();
  // A fresh install: the trial is enough here. The contact comes in through the import, by clicks.
  await startTrial(page, host.url);
  await importCsvByClicks(page, { name: 'clientes-vip.csv', buffer: CUSTOMERS }, 'Clientes VIP');
  await expect(page.getByTestId('contact-row').filter({ hasText: 'Ângela Gonçalves' })).toBeVisible();
  const nav = page.getByRole('navigation', { name: 'Navegação principal' });

  // --- Configurações › IA: a local OpenAI-compatible server ---------------------------------
  await nav.getByRole('link', { name: 'Configurações' }).click();
  const ai = page.getByRole('region', { name: 'Inteligência artificial (IA)' });
  await ai.getByLabel('Provedor').selectOption({ label: 'Outro servidor compatível com OpenAI' });
  await ai.getByLabel('Endereço do servidor').fill(fake.url);
  await ai.getByLabel('Modelo', { exact: true }).fill('gpt-4o-mini');
  await ai.getByRole('button', { name: 'Testar conexão' }).click();
  await expect(ai.getByText('Conexão OK: o modelo gpt-4o-mini está disponível.')).toBeVisible();

  // --- A new campaign ------------------------------------------------------------------------
  await nav.getByRole('link', { name: 'Campanhas' }).click();
  await page.getByRole('button', { name: 'Nova campanha' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Editar campanha' })).toBeVisible();
  await expect(page).toHaveURL(/#\/campanhas\/\d+\/editar$/);
  await page.getByLabel('Nome da campanha').fill('Inverno 2025');

  // Step 1: the imported list.
  await page.getByRole('checkbox', { name: /Clientes VIP/ }).check();
  await page.getByRole('button', { name: 'Avançar' }).click();
  await expect(page.getByRole('heading', { name: 'Etapa 2 de 4: Mensagens' })).toBeVisible();

  // --- Template with spintax and variables, previewed with the real contact ------------------
  const text1 = page.getByLabel('Texto da variação 1');
  await text1.fill(TEMPLATE);
  const preview = page.getByTestId('message-preview');
  const bubble = preview.getByTestId('preview-text');
  await expect(preview.getByTestId('preview-contact')).toHaveText('Como Ângela Gonçalves (+55 (11) 98765-4321) vai receber:');
  await expect(bubble).toContainText('Ângela! Novidades em Ribeirão Preto 😊');
  await expect(bubble).toContainText('Responda SAIR para não receber mais mensagens.');
  // WhatsApp formatting is rendered, not shown as asterisks.
  await expect(bubble.locator('strong')).toHaveText('Coleção nova');
  await expect(page.getByTestId('messages-summary')).toHaveText('2 mensagens diferentes possíveis em 1 variação.');

  // "Sortear outra" shows the other spin.
  const shuffle = preview.getByRole('button', { name: 'Sortear outra' });
  for (const greeting of [/^Oi Ângela/, /^Olá Ângela/]) {
    await expect
      .poll(async () => {
        await shuffle.click();
        return bubble.textContent();
      })
      .toMatch(greeting);
  }

  // The linter speaks up about a typo in a variable.
  await text1.press('End');
  await text1.pressSequentially(' {cidde}');
  await expect(page.getByRole('list', { name: 'Avisos da variação 1' })).toContainText('A variável {cidde} não existe');
  await text1.fill(TEMPLATE);
  await expect(page.getByRole('list', { name: 'Avisos da variação 1' }).getByRole('listitem')).toHaveCount(0);

  // --- Criar com IA: watch it stream in, cancel (text comes back), then generate -------------
  await page.getByLabel('Seu negócio').fill('Loja Flor de Lis, roupas femininas');
  await page.getByLabel('Produto ou oferta').fill('Coleção de inverno');
  await page.getByLabel('Número de variações').fill('3');
  await page.getByRole('button', { name: 'Gerar mensagens' }).click();
  const replace = page.getByRole('dialog', { name: 'Substituir as mensagens atuais?' });
  await replace.getByRole('button', { name: 'Substituir' }).click();
  await expect(text1).toHaveValue('Oi {primeiro_nome}, chegou a coleção');
  await expect(page.getByText('Escrevendo a variação 1 de 3…')).toBeVisible();
  await page.getByRole('button', { name: 'Cancelar geração' }).click();
  await expect(page.getByText('Geração cancelada. Nada foi alterado.')).toBeVisible();
  await expect(text1).toHaveValue(TEMPLATE);

  await page.getByRole('button', { name: 'Gerar mensagens' }).click();
  await replace.getByRole('button', { name: 'Substituir' }).click();
  await expect(page.getByText('3 variações criadas. Revise antes de enviar.')).toBeVisible();
  for (let i = 0; i < 3; i++) await expect(page.getByLabel(`Texto da variação ${i + 1}`)).toHaveValue(SAMPLE_MESSAGES[i]);
  await expect(bubble).toContainText('Oi Ângela, tudo bem?');

  // ✨ rewrites just variation 2.
  await page.getByRole('button', { name: 'Gerar de novo a variação 2 com IA' }).click();
  await expect(page.getByLabel('Texto da variação 2')).toHaveValue(REGENERATED);
  await expect(text1).toHaveValue(SAMPLE_MESSAGES[0]);
  await expect(page.getByLabel('Texto da variação 3')).toHaveValue(SAMPLE_MESSAGES[2]);
  await expect(page.getByTestId('variation-2').getByRole('button', { name: 'Desfazer' })).toBeVisible();
  const regenerate = fake.requests.findLast((r) => r.path === '/v1/chat/completions');
  expect(regenerate?.body.messages.at(-1).content).toContain(SAMPLE_MESSAGES[0].split('\n')[0]);

  // An image attachment shows in the bubble with the text as its caption; a fake image is refused.
  const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
  const variation1 = page.getByTestId('variation-1');
  await variation1.locator('input[type=file]').setInputFiles({ name: 'foto.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('%PDF-1.4 not a photo') });
  await expect(variation1.getByRole('alert')).toContainText('não é de um(a) imagem JPG');
  await variation1.locator('input[type=file]').setInputFiles({ name: 'vitrine.png', mimeType: 'image/png', buffer: png });
  await expect(variation1.getByText(/vitrine\.png · 1 KB · imagem/)).toBeVisible();
  await text1.focus();
  await expect(preview.getByRole('img', { name: 'vitrine.png' })).toBeVisible();
  await expect(bubble).toContainText('Oi Ângela, tudo bem?');

  // Everything is autosaved: the messages and the brief survive a reload.
  await expect(page.getByText('Salvo', { exact: true })).toBeVisible();
  await page.reload();
  await page.getByRole('button', { name: 'Mensagens', exact: true }).click();
  await expect(page.getByLabel('Texto da variação 2')).toHaveValue(REGENERATED);
  await expect(page.getByLabel('Seu negócio')).toHaveValue('Loja Flor de Lis, roupas femininas');
  await expect(page.getByLabel('Nome da campanha')).toHaveValue('Inverno 2025');
});
