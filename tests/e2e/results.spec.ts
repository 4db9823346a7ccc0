import { expect, test, type Page } from '@playwright/test';
import fs from 'node:fs';
import Papa from 'papaparse';
import * as XLSX from 'xlsx';
import { removeDir, startHost, type RunningHost } from './support/host';
import { addSimulatedNumber, createCampaign, firstLaunch, importCsv, nav, startCampaign, total } from './support/journey';
import { journeyLeads, writeJourneyCsv } from '../fixtures/journey-csv';

// Story 6 of issue 13, by clicks alone from a fresh data folder: a campaign runs while Início
// follows it live (no reload); a contact's reply arrives (Números → "Simular resposta de um
// contato"), Respostas attributes it to the campaign, "Negócio fechado" is marked, and the deal
// shows in the results (Início, the campaign page and the report). It also measures how long a
// delivery change takes to show on screen.

let host: RunningHost | undefined;
test.afterEach(async () => {
  await host?.stop();
  if (host) removeDir(host.dataDir);
});

const LEADS = journeyLeads();
const NAME = 'Pão quente de sábado';
const REPLY = 'Quero duas dúzias de pão de queijo para sábado!';
const count = async (page: Page, testId: string) => Number(((await page.getByTestId(testId).first().textContent()) ?? '').replace(/\D/g, '') || '0');
const percent = (n: number) => new Intl.NumberFormat('pt-BR', { style: 'percent', maximumFractionDigits: 1 }).format(n);

test('story 6: a reply arrives, is attributed to the campaign, and a closed deal shows in the results', async ({ page }) => {
  test.setTimeout(180_000);
  host = await startHost({ env: { RECADO_AUTO_BACKUP: 'off' } });
  await firstLaunch(page, host);
  await addSimulatedNumber(page);
  await importCsv(page, writeJourneyCsv(test.info().outputPath()), 'Clientes da padaria', { imported: LEADS.length });
  await createCampaign(page, { name: NAME, list: /Clientes da padaria/, message: '{Oi|Olá} {primeiro_nome}! Pão quente saindo agora.', pause: [1, 1] });
  const campaignUrl = page.url();

  // Start, then watch Início: its figures and chart move without any reload.
  await startCampaign(page);
  await expect(page.getByText('Campanha iniciada.')).toBeVisible();
  await nav(page).getByRole('link', { name: 'Início' }).click();
  const marker = await page.evaluate(() => ((window as unknown as { __noReload: number }).__noReload = Math.random()));
  await expect(page.getByTestId('stat-contacts')).toHaveText(String(LEADS.length));
  await expect(page.getByTestId('numbers-health')).toContainText('Número simulado 1');
  await expect(page.getByTestId('numbers-health')).toContainText('SIMULADO');
  const panel = page.getByTestId('campaign-results');
  await expect(panel.getByRole('heading', { name: NAME })).toBeVisible();
  await expect(panel.getByText('SIMULADO').first()).toBeVisible();
  const early = await count(page, 'metric-reached');
  await expect(panel.getByTestId('results-progress-pct')).toHaveText('100%', { timeout: 60_000 });
  const reached = await count(page, 'metric-reached');
  expect(reached).toBeGreaterThan(early);
  await expect(page.getByTestId('stat-sent-today')).toHaveText(String(reached));
  await expect(panel.getByTestId('timeline-chart')).toHaveAttribute('data-total-sent', String(reached));
  expect(await page.evaluate(() => (window as unknown as { __noReload?: number }).__noReload)).toBe(marker);
  await page.screenshot({ path: test.info().outputPath('inicio.png') });

  // How long a delivery change took to show on screen (core timestamp → React commit).
  await expect.poll(async () => Number(await panel.getAttribute('data-latency-count'))).toBeGreaterThan(3);
  const latency = {
    samples: Number(await panel.getAttribute('data-latency-count')),
    p50: Number(await panel.getAttribute('data-latency-p50')),
    p99: Number(await panel.getAttribute('data-latency-p99')),
    max: Number(await panel.getAttribute('data-latency-max')),
  };
  // Printed, not asserted: a timing on a shared CI machine says more about the machine (issue 17
  // targets p50 < 50 ms, p99 < 150 ms).
  console.log(JSON.stringify({ e2e: 'results', deliveryToUiMs: latency, targetP50: 50, targetP99: 150, pass: latency.p50 < 50 && latency.p99 < 150 }));

  // Someone who received the campaign answers.
  await page.getByRole('link', { name: 'Abrir a campanha' }).click();
  await expect(page).toHaveURL(campaignUrl);
  const row = page.locator('.deliveries tbody tr').filter({ hasText: /Enviada|Entregue|Lida/ }).first();
  const who = (await row.locator('td').nth(0).textContent())!.trim();
  const phone = (await row.locator('td').nth(1).textContent())!.trim();
  expect(LEADS.map((l) => l.name)).toContain(who);
  await nav(page).getByRole('link', { name: 'Números' }).click();
  await page.getByText('Simular resposta de um contato').click();
  await page.getByLabel('Telefone do contato').fill(phone);
  await page.getByLabel('Mensagem recebida').fill(REPLY);
  await page.getByRole('button', { name: 'Simular resposta' }).click();
  await expect(page.getByText('Resposta simulada recebida.')).toBeVisible();

  // Respostas: the reply, with what prompted it and the campaign; mark the deal.
  await nav(page).getByRole('link', { name: /Respostas/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Respostas' })).toBeVisible();
  // The conversation shows what the campaign sent them (campaign, variation, receipt) above the reply.
  await page.getByTestId('conversation').filter({ hasText: REPLY }).click();
  const thread = page.getByTestId('thread');
  await expect(thread.getByTestId('bubble-in')).toContainText(REPLY);
  const campaignBubble = thread.getByTestId('bubble-out').filter({ hasText: 'Pão quente saindo agora.' });
  await expect(campaignBubble).toContainText(`Campanha ${NAME} · Variação 1`);
  await expect(campaignBubble).toContainText(new RegExp(`(Oi|Olá) ${LEADS.find((l) => l.name === who)!.firstName}!`));
  await expect(campaignBubble).toContainText(/Enviada|Entregue|Lida/);
  // Every reply as a list (the conversations view is tests/e2e/conversations.spec.ts).
  await page.getByRole('button', { name: 'Todas as respostas' }).click();
  const reply = page.getByTestId('reply').filter({ hasText: REPLY });
  await expect(reply).toBeVisible();
  await expect(reply).toContainText(who);
  await expect(reply).toContainText('Em resposta a:');
  await expect(reply).toContainText(NAME);
  await expect(reply).toContainText('Pão quente saindo agora.');
  const wa = reply.getByRole('link', { name: /Abrir no WhatsApp/ });
  await expect(wa).toHaveAttribute('href', `https://wa.me/${LEADS.find((l) => l.name === who)!.digits}`);
  await expect(wa).toHaveAttribute('rel', 'noopener noreferrer');
  await reply.getByRole('button', { name: 'Negócio fechado' }).click();
  // The deal's value, as people type it in Brazil; a typo is explained, not stored.
  const valueDialog = page.getByRole('dialog', { name: 'Registrar negócio fechado' });
  await valueDialog.getByLabel('Valor do negócio (opcional)').fill('dez reais');
  await valueDialog.getByRole('button', { name: 'Registrar negócio' }).click();
  await expect(valueDialog.getByRole('alert')).toContainText('Não entendemos esse valor');
  await valueDialog.getByLabel('Valor do negócio (opcional)').fill('1.250,00');
  await valueDialog.getByRole('button', { name: 'Registrar negócio' }).click();
  await expect(valueDialog).toBeHidden();
  await expect(page.getByText('Negócio fechado registrado: R$ 1.250,00.')).toBeVisible();
  await expect(reply).toContainText('Negócio fechado: R$ 1.250,00');
  await expect(reply.getByRole('button', { name: 'Desfazer negócio' })).toHaveAttribute('aria-pressed', 'true');
  // Filters: by campaign and by number.
  await page.getByLabel('Campanha').selectOption({ label: NAME });
  await expect(reply).toBeVisible();
  await page.getByLabel('Número').selectOption({ label: 'Número simulado 1 (SIMULADO)' });
  await expect(reply).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('respostas.png') });

  // Início: the deal counts and the conversion follows.
  await nav(page).getByRole('link', { name: 'Início' }).click();
  await expect(page.getByTestId('stat-deals')).toHaveText('1');
  await expect(page.getByTestId('stat-revenue')).toHaveText('R$ 1.250,00');
  await expect(panel.getByTestId('deals-count')).toHaveText('1');
  await expect(panel.getByTestId('deals-revenue')).toContainText('Receita: R$ 1.250,00');
  await expect(panel.getByTestId('rate-conversion')).toHaveText(percent(1 / reached));
  await expect.poll(() => count(page, 'metric-replied')).toBeGreaterThanOrEqual(1);
  // The campaign's +/- buttons.
  await page.getByRole('button', { name: 'Registrar um negócio fechado' }).click();
  await valueDialog.getByLabel('Valor do negócio (opcional)').fill('49,90');
  await valueDialog.getByLabel('Valor do negócio (opcional)').press('Enter');
  await expect(panel.getByTestId('deals-count')).toHaveText('2');
  await expect(page.getByTestId('stat-deals')).toHaveText('2');
  await expect(page.getByTestId('stat-revenue')).toHaveText('R$ 1.299,90');
  await expect(panel.getByTestId('deals-revenue')).toContainText('Receita: R$ 1.299,90');
  // Undo takes back exactly the last deal's value.
  await page.getByRole('button', { name: 'Desfazer um negócio fechado' }).click();
  await expect(panel.getByTestId('deals-count')).toHaveText('1');
  await expect(panel.getByTestId('deals-revenue')).toContainText('Receita: R$ 1.250,00');
  // Date range: today has the reply; a month in 2020 has nothing, while "sent today" stays.
  await page.getByRole('button', { name: 'Hoje' }).click();
  await expect(page.getByRole('button', { name: 'Hoje' })).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('stat-replies')).not.toHaveText('0');
  await page.getByRole('button', { name: 'Personalizado' }).click();
  await page.getByLabel('De', { exact: true }).fill('2020-01-01');
  await page.getByLabel('Até', { exact: true }).fill('2020-01-31');
  await page.getByRole('button', { name: 'Aplicar' }).click();
  await expect(page.getByTestId('stat-replies')).toHaveText('0');
  await expect(page.getByTestId('stat-sent-today')).toHaveText(String(reached));

  // The campaign page shows the same, and the report carries the reply.
  await page.getByRole('link', { name: 'Abrir a campanha' }).click();
  const detail = page.getByTestId('campaign-results');
  await expect(detail.getByTestId('deals-count')).toHaveText('1');
  await expect(detail.getByTestId('deals-revenue')).toContainText('Receita: R$ 1.250,00');
  // The A/B table credits the variation the customer answered.
  await expect(detail.getByTestId('variations-table')).toContainText('R$ 1.250,00');
  expect(await total(page, 'sent')).toBe(reached);
  await expect.poll(() => total(page, 'replied')).toBeGreaterThanOrEqual(1);
  const [download] = await Promise.all([page.waitForEvent('download'), detail.getByRole('button', { name: 'Exportar CSV' }).click()]);
  const rows = Papa.parse<string[]>(fs.readFileSync(await download.path(), 'utf8').slice(1), { delimiter: ';', skipEmptyLines: true }).data;
  const theirs = rows.find((r) => r[0] === who)!;
  expect(theirs[11]).toBe(REPLY);
  expect(theirs[9]).toMatch(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2}$/);
  // Revenue per 100 messages, and the Excel report's summary carries the revenue too.
  const reais = (cents: number) => new Intl.NumberFormat('pt-BR', { style: 'currency', currency: 'BRL' }).format(cents / 100);
  const per100 = reais(Math.round((125_000 * 100) / reached));
  await expect(detail.getByTestId('deals-revenue-per-100')).toHaveText(per100);
  const [xlsxDownload] = await Promise.all([page.waitForEvent('download'), detail.getByRole('button', { name: 'Exportar Excel' }).click()]);
  const summary = XLSX.utils.sheet_to_json<Array<string | number>>(XLSX.read(fs.readFileSync(await xlsxDownload.path())).Sheets.Resumo!, { header: 1 });
  expect(summary).toContainEqual(['Negócios fechados', 1]);
  expect(summary).toContainEqual(['Receita', reais(125_000)]);
  expect(summary).toContainEqual(['Receita por 100 mensagens', per100]);
  await detail.getByTestId('timeline-chart').scrollIntoViewIfNeeded();
  await page.screenshot({ path: test.info().outputPath('campanha.png') });
});
