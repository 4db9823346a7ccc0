import { expect, test, type Page } from '@playwright/test';
import fs from 'node:fs';
import Papa from 'papaparse';
import { removeDir, startHost, type RunningHost } from './support/host';
import { addSimulatedNumber, createCampaign, firstLaunch, importCsv, nav, startCampaign, total } from './support/journey';
import { journeyLeads, writeJourneyCsv } from '../fixtures/journey-csv';

// Story 5 of issue 13, by clicks alone from a fresh data folder: cancel a running campaign, then
// every screen (campaign page, deliveries filters, list, Início, report) agrees on what was sent
// and what was cancelled; the cancelled campaign's edit page offers "Duplicar". On the way, the
// wizard's review refuses to conclude while a number or a variation's text is missing.

let host: RunningHost | undefined;
test.afterEach(async () => {
  await host?.stop();
  if (host) removeDir(host.dataDir);
});

const LEADS = journeyLeads();
const NAME = 'Bolo de fubá';

/**
 * The deliveries table shows `n` rows with a given "Mostrar" filter. Waits for the filtered rows:
 * right after the choice the previous filter's table is still on screen (counting it at once read
 * 10 "Cancelada" rows for 7 under load).
 */
async function expectDeliveries(page: Page, label: string, n: number): Promise<void> {
  await page.getByLabel('Mostrar').selectOption({ label });
  const section = page.locator('.deliveries');
  if (n === 0) await expect(section.getByText('Nenhum envio com esta situação.')).toBeVisible();
  else await expect(section.locator('tbody tr')).toHaveCount(n);
}

test('story 5: cancel a running campaign and every screen agrees on what was sent and cancelled', async ({ page }) => {
  test.setTimeout(180_000);
  host = await startHost({ env: { RECADO_AUTO_BACKUP: 'off' } });
  await firstLaunch(page, host);
  await importCsv(page, writeJourneyCsv(test.info().outputPath()), 'Clientes do café', { imported: LEADS.length });

  // Before there is any number, the wizard's numbers step says so and points to Números.
  await nav(page).getByRole('link', { name: 'Campanhas' }).click();
  await page.getByRole('button', { name: 'Nova campanha' }).first().click();
  await page.getByRole('navigation', { name: 'Etapas da campanha' }).getByRole('button', { name: /Números e agenda/ }).click();
  const noNumbers = page.getByTestId('wizard-numbers-empty');
  await expect(noNumbers.getByRole('heading', { name: 'Nenhum número para enviar' })).toBeVisible();
  await noNumbers.getByRole('link', { name: 'Ir para Números' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Números' })).toBeVisible();
  await addSimulatedNumber(page);

  await createCampaign(page, {
    name: NAME,
    list: /Clientes do café/,
    message: '{Oi|Olá} {primeiro_nome}, saiu bolo de fubá!',
    pause: [2, 3],
    // A second variation left blank.
    atMessages: async (p) => {
      await p.getByRole('button', { name: 'Adicionar variação' }).click();
      await expect(p.getByLabel('Texto da variação 2')).toHaveValue('');
    },
    atNumbers: async (p) => {
      // Without a number the step says so at once…
      const number = p.getByRole('checkbox', { name: /Número simulado 1/ });
      await expect(number).toBeChecked();
      await number.uncheck();
      await expect(p.getByText('Escolha ao menos um número para enviar a campanha.')).toBeVisible();
      // …and the review lists everything missing and keeps Concluir from finishing.
      await p.getByRole('navigation', { name: 'Etapas da campanha' }).getByRole('button', { name: /Revisão/ }).click();
      const missing = p.getByTestId('review-missing');
      await expect(missing).toContainText('Variação 2 está vazia: escreva o texto ou remova-a.');
      await expect(missing).toContainText('Escolha ao menos um número que envia.');
      await expect(p.getByTestId('review-numbers')).toHaveText('Nenhum número escolhido');
      await p.screenshot({ path: test.info().outputPath('revisao-bloqueada.png'), fullPage: true });
      const finish = p.getByRole('button', { name: 'Concluir' });
      await expect(finish).toHaveAttribute('aria-disabled', 'true');
      // aria-disabled keeps it focusable and clickable; Playwright calls it "not enabled", hence force.
      await finish.click({ force: true });
      await expect(p.getByRole('heading', { name: 'Etapa 4 de 4: Revisão' })).toBeVisible();
      await expect(missing).toBeFocused();
      // Fix both from the review's own links.
      await missing.getByRole('listitem').filter({ hasText: 'Variação 2' }).getByRole('button', { name: 'Ir para Mensagens' }).click();
      // A blank variation goes without a confirmation.
      await p.getByRole('button', { name: 'Remover a variação 2' }).click();
      await expect(p.getByLabel('Texto da variação 2')).toHaveCount(0);
      await p.getByRole('navigation', { name: 'Etapas da campanha' }).getByRole('button', { name: /Revisão/ }).click();
      await expect(missing.getByRole('listitem')).toHaveCount(1);
      await missing.getByRole('button', { name: 'Ir para Números e agenda' }).click();
      await p.getByRole('checkbox', { name: /Número simulado 1/ }).check();
      await expect(p.getByText('Escolha ao menos um número para enviar a campanha.')).toHaveCount(0);
    },
  });

  // Start, let a few go out, then cancel (with confirmation).
  await startCampaign(page);
  await expect.poll(() => total(page, 'sent'), { timeout: 30_000 }).toBeGreaterThanOrEqual(2);
  await page.getByRole('button', { name: 'Cancelar campanha' }).click();
  const dialog = page.getByRole('dialog', { name: 'Cancelar esta campanha?' });
  await dialog.getByRole('button', { name: 'Cancelar campanha' }).click();
  await expect(page.getByText('Campanha cancelada.')).toBeVisible();
  await expect(page.locator('.page-header').getByText('Cancelada')).toBeVisible();
  // Nothing stays "Na fila"; what never went out is "Canceladas", not "Não enviadas".
  await expect(page.getByTestId('total-queued').locator('dd')).toHaveText('0');
  const sent = await total(page, 'sent');
  const cancelled = await total(page, 'cancelled');
  const ended = sent + (await total(page, 'failed')) + (await total(page, 'invalid')) + (await total(page, 'uncertain'));
  expect(cancelled).toBeGreaterThan(0);
  expect(await total(page, 'skipped')).toBe(0);
  expect(ended + cancelled).toBe(LEADS.length);
  await expect(page.getByRole('progressbar', { name: `Progresso da campanha ${NAME}` })).toHaveAttribute('value', String(ended));

  // The results panel on the same page (its totals are the Resumo above).
  const panel = page.getByTestId('campaign-results');
  await expect(panel.getByText(`${ended} de ${LEADS.length} enviados ou com falha`)).toBeVisible();
  // The deliveries table's filters.
  await expectDeliveries(page, 'Cancelada', cancelled);
  await expect(page.locator('.deliveries tbody')).toContainText('Campanha cancelada antes deste envio.');
  await expectDeliveries(page, 'Na fila', 0);
  await expectDeliveries(page, 'Não enviada', 0);
  await page.screenshot({ path: test.info().outputPath('cancelada.png'), fullPage: true });

  // The report.
  const [download] = await Promise.all([page.waitForEvent('download'), panel.getByRole('button', { name: 'Exportar CSV' }).click()]);
  const rows = Papa.parse<string[]>(fs.readFileSync(await download.path(), 'utf8').slice(1), { delimiter: ';', skipEmptyLines: true }).data.slice(1);
  expect(rows).toHaveLength(LEADS.length);
  expect(rows.filter((r) => r[2] === 'Cancelada')).toHaveLength(cancelled);
  expect(rows.filter((r) => ['Enviada', 'Entregue', 'Lida'].includes(r[2]))).toHaveLength(sent);
  expect(rows.filter((r) => r[2] === 'Na fila')).toHaveLength(0);

  // Back in the browser history, the cancelled campaign's edit page offers "Duplicar" (not
  // "Pause-a para editar"), which opens the copy as a new draft in the wizard.
  const cancelledUrl = page.url();
  await page.goBack();
  await expect(page).toHaveURL(`${cancelledUrl}/editar`);
  const endedBanner = page.getByTestId('wizard-ended');
  await expect(endedBanner).toContainText('Esta campanha foi cancelada e não pode mais ser editada.');
  await expect(page.getByText('Pause-a para editar')).toHaveCount(0);
  await endedBanner.getByRole('button', { name: 'Duplicar' }).click();
  await expect(page.getByText('Cópia criada como rascunho. Revise e conclua.')).toBeVisible();
  await expect(page).toHaveURL(/#\/campanhas\/\d+\/editar$/);
  expect(page.url()).not.toBe(`${cancelledUrl}/editar`);
  await expect(page.getByLabel('Nome da campanha')).toHaveValue(`${NAME} (cópia)`);
  await expect(page.getByTestId('wizard-ended')).toHaveCount(0);
  await page.getByRole('navigation', { name: 'Etapas da campanha' }).getByRole('button', { name: /Revisão/ }).click();
  await expect(page.getByTestId('review-ready')).toBeVisible();
  await page.getByRole('button', { name: 'Concluir' }).click();
  await expect(page.getByRole('heading', { level: 1, name: `${NAME} (cópia)` })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Iniciar campanha' })).toBeVisible();

  // The list.
  await nav(page).getByRole('link', { name: 'Campanhas' }).click();
  const item = page.getByRole('list', { name: 'Suas campanhas' }).getByRole('listitem').filter({ has: page.getByRole('link', { name: NAME, exact: true }) });
  await expect(item.getByText('Cancelada', { exact: true })).toBeVisible();
  await expect(item).toContainText(`${ended} de ${LEADS.length} enviados ou com falha · ${sent} enviadas`);
  await expect(item).toContainText(`${cancelled} canceladas`);
  await expect(item.getByRole('progressbar')).toHaveAttribute('value', String(ended));

  // Início.
  await nav(page).getByRole('link', { name: 'Início' }).click();
  await expect(page.getByTestId('stat-sent-today')).toHaveText(String(sent));
  const featured = page.getByTestId('campaign-results');
  await expect(featured.getByRole('heading', { name: NAME })).toBeVisible();
  await expect(featured.getByTestId('metric-reached')).toHaveText(String(sent));
  await expect(featured.getByTestId('metric-cancelled')).toHaveText(String(cancelled));
  await expect(featured.getByTestId('metric-queued')).toHaveText('0');
  await expect(featured.getByText(`${ended} de ${LEADS.length} enviados ou com falha`)).toBeVisible();
});
