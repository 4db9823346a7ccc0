import { expect, test, type Page } from '@playwright/test';
import { removeDir, startHost, type RunningHost } from './support/host';
import { SAMPLE_MESSAGES, startFakeOpenAiServer, type FakeOpenAiServer } from '../../electron/core/ai/testing/fake-openai-server';

// Story 4: AI ✨ writes three variations against a local OpenAI-compatible server, set up by
// clicks in Configurações from a fresh data dir. A second model answers in plain text (a bulleted
// list with chatter, never the JSON we ask for, and at most three messages) like small local
// models do: its answers still fill the variations, and a slot it leaves empty says why.

let host: RunningHost | undefined;
let fake: FakeOpenAiServer | undefined;

test.afterEach(async () => {
  await host?.stop();
  await fake?.close();
  if (host) removeDir(host.dataDir);
  host = undefined;
  fake = undefined;
});

const PLAIN_MODEL = 'modelo-texto';
const REWRITTEN = 'Oi {primeiro_nome}! Faz tempo que não conversamos.\nPosso te contar uma novidade?';

async function useModel(page: Page, model: string, baseURL?: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Navegação principal' }).getByRole('link', { name: 'Configurações' }).click();
  const ai = page.getByRole('region', { name: 'Inteligência artificial (IA)' });
  if (baseURL) {
    await ai.getByLabel('Provedor').selectOption({ label: 'Outro servidor compatível com OpenAI' });
    await ai.getByLabel('Endereço do servidor').fill(baseURL);
  }
  await ai.getByLabel('Modelo', { exact: true }).fill(model);
  await ai.getByRole('button', { name: 'Testar conexão' }).click();
  await expect(ai.getByText(`Conexão OK: o modelo ${model} está disponível.`)).toBeVisible();
}

async function generate(page: Page, count: number, replacing: boolean): Promise<void> {
  await page.getByLabel('Número de variações').fill(String(count));
  await page.getByRole('button', { name: 'Gerar mensagens' }).click();
  if (replacing) await page.getByRole('dialog', { name: 'Substituir as mensagens atuais?' }).getByRole('button', { name: 'Substituir' }).click();
}

test('AI ✨ writes three variations with a JSON model and with a plain-text model, and says why a slot stayed empty', async ({ page }) => {
  fake = await startFakeOpenAiServer({ plainTextModels: [PLAIN_MODEL], plainTextMaxItems: 3 });
  host = await startHost();
  await page.goto(host.url);
  await page.getByRole('button', { name: 'Continuar no modo de avaliação' }).click();
  await expect(page.getByTestId('connection-status')).toHaveText('Conectado ao Recado');

  // --- Configurações › IA: the local server, by clicks -------------------------------------
  await useModel(page, 'gpt-4o-mini', fake.url);

  // --- A new campaign, Messages step -------------------------------------------------------
  await page.getByRole('navigation', { name: 'Navegação principal' }).getByRole('link', { name: 'Campanhas' }).click();
  await page.getByRole('button', { name: 'Nova campanha' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Editar campanha' })).toBeVisible();
  await page.getByLabel('Nome da campanha').fill('Coleção de inverno');
  await page.getByRole('button', { name: 'Avançar' }).click();
  await expect(page.getByRole('heading', { name: 'Etapa 2 de 4: Mensagens' })).toBeVisible();

  await page.getByLabel('Seu negócio').fill('Loja Flor de Lis, roupas femininas');
  await page.getByLabel('Produto ou oferta').fill('Coleção de inverno');
  await generate(page, 3, false);
  await expect(page.getByText('3 variações criadas. Revise antes de enviar.')).toBeVisible();
  for (let i = 0; i < 3; i++) await expect(page.getByLabel(`Texto da variação ${i + 1}`)).toHaveValue(SAMPLE_MESSAGES[i]);
  await expect(page.getByTestId('ai-gaps')).toHaveCount(0);
  await expect(page.getByText('Salvo', { exact: true })).toBeVisible();

  // --- Switch to the model that answers in plain text --------------------------------------
  await useModel(page, PLAIN_MODEL);
  await page.getByRole('navigation', { name: 'Navegação principal' }).getByRole('link', { name: 'Campanhas' }).click();
  await page.getByRole('link', { name: 'Coleção de inverno' }).click();
  await page.getByRole('link', { name: 'Editar' }).click();
  await page.getByRole('button', { name: 'Mensagens', exact: true }).click();
  await expect(page.getByText(`Usando Outro servidor compatível com OpenAI (modelo ${PLAIN_MODEL}).`)).toBeVisible();
  // The brief was kept with the campaign.
  await expect(page.getByLabel('Seu negócio')).toHaveValue('Loja Flor de Lis, roupas femininas');

  // Clear variation 2 by hand, so the new answer visibly fills it again.
  await page.getByLabel('Texto da variação 2').fill('');
  await generate(page, 3, true);
  await expect(page.getByText('3 variações criadas. Revise antes de enviar.')).toBeVisible();
  for (let i = 0; i < 3; i++) await expect(page.getByLabel(`Texto da variação ${i + 1}`)).toHaveValue(SAMPLE_MESSAGES[i]);
  await expect(page.getByTestId('ai-gaps')).toHaveCount(0);

  // Asked for five, it writes three: two filled slots are not enough to hide the gap.
  await generate(page, 5, true);
  const summary = page.getByTestId('ai-gaps');
  await expect(summary).toHaveText('A IA escreveu 3 de 5 variações: as variações 4 e 5 ficaram vazias. O motivo está em cada uma.');
  for (let i = 0; i < 3; i++) await expect(page.getByLabel(`Texto da variação ${i + 1}`)).toHaveValue(SAMPLE_MESSAGES[i]);
  for (const n of [4, 5]) {
    await expect(page.getByLabel(`Texto da variação ${n}`)).toHaveValue('');
    await expect(page.getByTestId(`variation-${n}`).getByRole('status')).toHaveText(
      'Vazia: a IA escreveu só 3 de 5 mensagens pedidas. Escreva o texto aqui ou clique em "Reescrever" para pedir esta à IA.',
    );
  }
  await expect(page.getByTestId('variation-3').getByRole('status')).toHaveCount(0);
  await page.getByTestId('variation-4').scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/ai-variations-gaps.png' });

  // ✨ on variation 4 asks for just that one (the plain-text answer is read too).
  await page.getByRole('button', { name: 'Gerar de novo a variação 4 com IA' }).click();
  await expect(page.getByLabel('Texto da variação 4')).toHaveValue(REWRITTEN);
  await expect(page.getByTestId('variation-4').getByRole('status')).toHaveCount(0);
  await expect(summary).toHaveText('A IA escreveu 3 de 5 variações: a variação 5 ficou vazia. O motivo está nela.');

  // Typing into variation 5 settles the last gap.
  await page.getByLabel('Texto da variação 5').fill('Olá {primeiro_nome}! Passe na loja para ver a coleção.');
  await expect(summary).toHaveCount(0);
  await expect(page.getByText('Salvo', { exact: true })).toBeVisible();

  // Every request went to the local stand-in, with the chosen models.
  const chats = fake.requests.filter((r) => r.path === '/v1/chat/completions').map((r) => r.body.model);
  expect(chats).toEqual(['gpt-4o-mini', PLAIN_MODEL, PLAIN_MODEL, PLAIN_MODEL]);
});
