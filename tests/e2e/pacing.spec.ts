import { expect, test, type Page } from '@playwright/test';
import { removeDir, startHost, type RunningHost } from './support/host';
import { addSimulatedNumber, createCampaign, firstLaunch, startCampaign, total } from './support/journey';
import { importCsvByClicks, smallCsv } from './support/ui-steps';

// What holds a running campaign back, by clicks: the sending window (another weekday), the
// number's daily cap and the wizard's batch pause. Each one shows why the campaign waits.

let host: RunningHost | undefined;
test.afterEach(async () => {
  await host?.stop();
  if (host) removeDir(host.dataDir);
});

const FIVE = Array.from({ length: 5 }, (_, i): [string, string] => [`Cliente ${String.fromCharCode(65 + i)} Ritmo`, `(21) 99876-54${10 + i}`]);
const header = (page: Page) => page.locator('.page-header');

async function setUp(page: Page): Promise<void> {
  host = await startHost({ env: { RECADO_AUTO_BACKUP: 'off' } });
  await firstLaunch(page, host);
  await addSimulatedNumber(page);
}

async function start(page: Page): Promise<void> {
  await startCampaign(page);
  await expect(page.getByText('Campanha iniciada.')).toBeVisible();
}

test('a window that opens only tomorrow: the campaign waits for it, and the next send and the estimate are on that day', async ({ page }) => {
  test.setTimeout(120_000);
  await setUp(page);
  await importCsvByClicks(page, { name: 'clientes.csv', buffer: smallCsv(FIVE) }, 'Clientes');
  // Tomorrow, in the campaign's zone (São Paulo, the default): its weekday as the wizard names it.
  const tomorrow = new Date(Date.now() + 24 * 3600_000);
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone: 'America/Sao_Paulo', weekday: 'short', day: '2-digit', month: '2-digit' }).formatToParts(tomorrow).map((p) => [p.type, p.value]),
  );
  const weekday = { Sun: 'Dom', Mon: 'Seg', Tue: 'Ter', Wed: 'Qua', Thu: 'Qui', Fri: 'Sex', Sat: 'Sáb' }[parts.weekday as 'Sun']!;
  const date = `${parts.day}/${parts.month}`;

  await createCampaign(page, {
    name: 'Só amanhã',
    list: /Clientes/,
    message: 'Oi {primeiro_nome}!',
    pause: [1, 1],
    window: { days: [weekday], start: '09:00', end: '18:00' },
    atReview: async (p) => await expect(p.getByText(new RegExp(`${weekday}.*09:00.*18:00`))).toBeVisible(),
  });
  await start(page);
  await expect(header(page).getByText('Aguardando janela')).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'aguardando janela' })).toContainText(`próximo envio ${weekday.toLowerCase()}, ${date} às 09:00`);
  await expect(page.getByTestId('results-eta')).toContainText(date);
  expect(await total(page, 'sent')).toBe(0);
});

test('the number’s daily cap of 3: the campaign stops at 3 and says it waits for the daily limit', async ({ page }) => {
  test.setTimeout(120_000);
  await setUp(page);
  const numbers = page.getByRole('list', { name: 'Seus números' });
  await numbers.getByText('Limites e aquecimento').click();
  await numbers.getByLabel('Máximo de mensagens por dia').fill('3');
  await numbers.getByRole('button', { name: 'Salvar limites' }).click();
  await expect(page.getByText('Limites do número salvos.')).toBeVisible();
  await expect(numbers.getByText(/0 de 3/)).toBeVisible();

  await importCsvByClicks(page, { name: 'clientes.csv', buffer: smallCsv(FIVE) }, 'Clientes');
  await createCampaign(page, { name: 'Acima do limite', list: /Clientes/, message: 'Oi {primeiro_nome}!', pause: [1, 1] });
  await start(page);
  await expect(page.getByRole('status').filter({ hasText: 'limite diário do número atingido — próximo envio' })).toBeVisible({ timeout: 60_000 });
  expect(await total(page, 'sent')).toBe(3);
  await expect(page.getByTestId('total-queued').locator('dd')).toHaveText('2');
  await expect(header(page).getByText('Enviando')).toBeVisible();
});

test('Pausa a cada 2 mensagens por 1 minuto, set in the wizard: after 2 sends the campaign waits for the batch pause', async ({ page }) => {
  test.setTimeout(120_000);
  await setUp(page);
  await importCsvByClicks(page, { name: 'clientes.csv', buffer: smallCsv(FIVE) }, 'Clientes');
  await createCampaign(page, {
    name: 'Em lotes',
    list: /Clientes/,
    message: 'Oi {primeiro_nome}!',
    pause: [1, 1],
    atNumbers: async (p) => {
      // Half a batch pause is explained, and the review blocks Concluir until both halves are set.
      await p.getByLabel('Pausa a cada (mensagens)').fill('2');
      await expect(p.getByRole('alert').filter({ hasText: 'Preencha os dois campos da pausa entre lotes' })).toBeVisible();
      await p.getByLabel('Pausa a cada (mensagens)').fill('0');
      await expect(p.getByRole('alert').filter({ hasText: 'Preencha os dois campos da pausa entre lotes' })).toHaveCount(0);
    },
    batch: [2, 1],
    atReview: async (p) => await expect(p.getByTestId('review-batch')).toHaveText('Pausa a cada 2 mensagens por 1 minuto'),
  });
  await start(page);
  await expect(page.getByRole('status').filter({ hasText: 'pausa entre lotes — próximo envio' })).toBeVisible({ timeout: 60_000 });
  expect(await total(page, 'sent')).toBe(2);
  await expect(page.getByTestId('total-queued').locator('dd')).toHaveText('3');
});
