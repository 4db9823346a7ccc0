import { expect, test } from '@playwright/test';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../../electron/core/ai/testing/fake-openai-server';
import { removeDir, startHost, type RunningHost } from './support/host';
import { addSimulatedNumber, createCampaign, firstLaunch, nav, simulateReply, startCampaign } from './support/journey';
import { importCsvByClicks, smallCsv } from './support/ui-steps';

// The AI reply assistant by clicks, against the local OpenAI-compatible stand-in: the business
// describes itself, a number answers by itself, a customer's question is answered from the
// description (marked IA), a request for a person hands the thread over, and "Sugerir resposta"
// drafts one for a person to send.

let host: RunningHost | undefined;
let ai: FakeOpenAiServer | undefined;
test.afterEach(async () => {
  await host?.stop();
  if (host) removeDir(host.dataDir);
  await ai?.close();
});

const PHONE = '(11) 98765-4321';


test('the reply assistant answers from the business description, hands over on request, and suggests drafts', async ({ page }) => {
  test.setTimeout(150_000);
  ai = await startFakeOpenAiServer();
  host = await startHost({ env: { RECADO_AUTO_BACKUP: 'off' } });
  await firstLaunch(page, host);
  await addSimulatedNumber(page);

  await nav(page).getByRole('link', { name: 'Configurações' }).click();
  // The trial's AI limit, shown while the AI is a paid service (OpenAI by default)…
  await expect(page.getByTestId('assistant-usage')).toHaveText(/^0 de 5 respostas de IA usadas no teste hoje/);
  const aiSection = page.getByRole('region', { name: 'Inteligência artificial (IA)' });
  await aiSection.getByLabel('Provedor').selectOption({ label: 'Outro servidor compatível com OpenAI' });
  await aiSection.getByLabel('Endereço do servidor').fill(ai.url);
  await aiSection.getByLabel('Modelo', { exact: true }).fill('gpt-4o-mini');
  await aiSection.getByRole('button', { name: 'Salvar IA' }).click();

  const assistant = page.getByRole('region', { name: 'Assistente de respostas (IA)' });
  // … and not for a server on this computer, which costs nothing and has no limit.
  await page.reload();
  await expect(page.getByTestId('assistant-usage')).toHaveText(/roda no seu computador/);
  await assistant.getByLabel('Sobre o seu negócio').fill('Bolo de pote de chocolate: R$ 12,00. Abrimos de segunda a sábado, das 9h às 18h.');
  await assistant.getByRole('button', { name: 'Salvar descrição' }).click();
  await expect(page.getByText('Descrição do negócio salva.').first()).toBeVisible();
  const number = assistant.getByRole('group', { name: 'Número simulado 1' });
  await number.getByLabel('Assistente').selectOption({ label: 'Responder sozinho' });
  // Every day, all day, so the journey runs whenever CI does.
  for (const day of ['Dom', 'Seg', 'Ter', 'Qua', 'Qui', 'Sex', 'Sáb']) await number.getByRole('checkbox', { name: day, exact: true }).check();
  await number.getByLabel('Das').fill('00:00');
  await number.getByLabel('Até').fill('23:59');
  await number.getByRole('button', { name: 'Salvar' }).click();
  await expect(page.getByText('Assistente de Número simulado 1 salvo.').first()).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('assistente.png'), fullPage: true });

  // A customer asks the price: the answer comes from the description, marked as the AI's.
  await simulateReply(page, PHONE, 'Quanto custa o bolo de pote?');
  await nav(page).getByRole('link', { name: /Respostas/ }).click();
  await page.getByTestId('conversation').first().click();
  const thread = page.getByTestId('thread');
  const auto = thread.getByTestId('bubble-out').filter({ hasText: 'Custa R$ 12,00' });
  await expect(auto).toBeVisible({ timeout: 30_000 });
  await expect(auto).toContainText('Resposta automática (IA)');

  // Asking for a person hands the conversation over, without another automatic answer.
  await simulateReply(page, PHONE, 'Quero falar com um atendente, por favor');
  await nav(page).getByRole('link', { name: /Respostas/ }).click();
  await page.getByTestId('conversation').first().click();
  await expect(thread.getByTestId('needs-human')).toHaveText('Precisa de você: pediu para falar com uma pessoa', { timeout: 30_000 });
  await expect(thread.getByTestId('bubble-out')).toHaveCount(1);

  // Handed over, it stays quiet for this contact; "Sugerir resposta" drafts one for a person.
  await simulateReply(page, PHONE, 'Vocês abrem no sábado?');
  await nav(page).getByRole('link', { name: /Respostas/ }).click();
  await page.getByTestId('conversation').first().click();
  await expect(thread.getByTestId('bubble-in').filter({ hasText: 'Vocês abrem no sábado?' })).toBeVisible();
  await thread.getByRole('button', { name: 'Sugerir resposta' }).click();
  await expect(thread.getByLabel('Sua resposta')).toHaveValue(/Nosso horário: .*9h às 18h/);
  await expect(thread.getByTestId('bubble-out')).toHaveCount(1);
  await expect(thread.getByTestId('composer-ai-note')).toHaveText('Rascunho da IA: revise antes de enviar.');
  await page.screenshot({ path: test.info().outputPath('conversa-ia.png') });
});

test("a campaign's own assistant answers the people who replied to that campaign", async ({ page }) => {
  test.setTimeout(180_000);
  ai = await startFakeOpenAiServer();
  host = await startHost({ env: { RECADO_AUTO_BACKUP: 'off' } });
  await firstLaunch(page, host);
  await addSimulatedNumber(page);
  await importCsvByClicks(page, { name: 'clientes.csv', buffer: smallCsv([['Ana Souza', '(11) 98765-0001']]) }, 'Clientes do bolo');
  await createCampaign(page, { name: 'Bolo de pote', list: /Clientes do bolo/, message: 'Oi {primeiro_nome}! Bolo de pote fresquinho hoje.', pause: [1, 1] });
  await startCampaign(page);
  await expect(page.locator('.page-header').getByText('Concluída')).toBeVisible({ timeout: 60_000 });

  // The AI and the business, then the campaign (not the number) answers by itself.
  await nav(page).getByRole('link', { name: 'Configurações' }).click();
  const aiSection = page.getByRole('region', { name: 'Inteligência artificial (IA)' });
  await aiSection.getByLabel('Provedor').selectOption({ label: 'Outro servidor compatível com OpenAI' });
  await aiSection.getByLabel('Endereço do servidor').fill(ai.url);
  await aiSection.getByLabel('Modelo', { exact: true }).fill('gpt-4o-mini');
  await aiSection.getByRole('button', { name: 'Salvar IA' }).click();
  const assistant = page.getByRole('region', { name: 'Assistente de respostas (IA)' });
  await assistant.getByLabel('Sobre o seu negócio').fill('Bolo de pote de chocolate: R$ 12,00. Entregamos no bairro.');
  await assistant.getByRole('button', { name: 'Salvar descrição' }).click();
  await expect(page.getByText('Descrição do negócio salva.').first()).toBeVisible();
  const perCampaign = assistant.getByTestId('assistant-campaigns');
  await perCampaign.getByRole('combobox', { name: 'Campanha', exact: true }).selectOption({ label: 'Bolo de pote' });
  const campaign = perCampaign.getByRole('group', { name: 'Campanha Bolo de pote' });
  await campaign.getByLabel('Assistente').selectOption({ label: 'Responder sozinho' });
  await expect(campaign).toContainText('nos dias e horários de envio da campanha');
  await campaign.getByRole('button', { name: 'Salvar' }).click();
  await expect(page.getByText('Assistente de Campanha Bolo de pote salvo.').first()).toBeVisible();
  await expect(perCampaign).toContainText('Campanhas com assistente próprio: Bolo de pote');
  // The number's own assistant stays off.
  await expect(assistant.getByRole('group', { name: 'Número simulado 1' }).getByLabel('Assistente')).toHaveValue('off');

  // Ana, who got the campaign, asks the price: the campaign's assistant answers, marked as the AI's.
  await simulateReply(page, '(11) 98765-0001', 'Quanto custa?');
  await nav(page).getByRole('link', { name: /Respostas/ }).click();
  await page.getByTestId('conversation').filter({ hasText: 'Ana Souza' }).click();
  const thread = page.getByTestId('thread');
  await expect(thread).toContainText('Bolo de pote');
  const auto = thread.getByTestId('bubble-out').filter({ hasText: 'Custa R$ 12,00' });
  await expect(auto).toBeVisible({ timeout: 30_000 });
  await expect(auto).toContainText('Resposta automática (IA)');

  // Someone outside the campaign writes to the same number: nobody answers by itself.
  await simulateReply(page, '(11) 91234-5678', 'Quanto custa?');
  await nav(page).getByRole('link', { name: /Respostas/ }).click();
  await page.getByTestId('conversation').filter({ hasText: 'Novo contato' }).click();
  await expect(thread.getByTestId('bubble-in')).toHaveText(/Quanto custa\?/);
  // Give the assistant its quiet time (4 s) and more: still no answer.
  await page.waitForTimeout(6_000);
  await expect(thread.getByTestId('bubble-out')).toHaveCount(0);
});
