import { expect, test, type Page } from '@playwright/test';
import { smallCsv, startTrial } from './support/ui-steps';
import { removeDir, startHost, type RunningHost } from './support/host';
import { standInHost } from './support/wa-stand-in';
import { decodeQrDataUrl } from './support/qr-decode';
import { WaStandIn } from '../../electron/core/channels/whatsapp/testing/wa-server';

let host: RunningHost | null = null;
let wa: WaStandIn | null = null;
test.afterEach(async () => {
  await host?.stop();
  if (host) removeDir(host.dataDir);
  host = null;
  await wa?.stop();
  wa = null;
});

/**
 * Words that only appear in Portuguese. Names the user typed (a list, a contact) are not in
 * the data below, so any of these on screen is untranslated text.
 */
const PORTUGUESE = [
  'Contatos', 'Contato', 'Campanha', 'Campanhas', 'Salvar', 'Números', 'Número', 'Configurações', 'Início', 'Importar',
  'Enviar', 'Envios', 'mensagens', 'Mensagem', 'Nenhum', 'Nenhuma', 'você', 'não', 'Carregando', 'Voltar', 'Continuar',
  'Cancelar', 'Respostas', 'hoje', 'Lista', 'listas', 'Adicionar', 'Excluir', 'Remover', 'Arquivo', 'planilha', 'Colunas',
  'telefone', 'Ativo', 'Conectado', 'Licença', 'Avaliação', 'Notificações', 'Buscar', 'Variação', 'Horário', 'Dados',
  'Formulário', 'Clientes da loja', 'Indicação', 'segundos', 'Próximo', 'ainda',
];
const WORD = new RegExp(`(^|[^\\p{L}])(${PORTUGUESE.join('|')})(?=$|[^\\p{L}])`, 'u');

async function portugueseOn(page: Page, where: string): Promise<string[]> {
  // What a person sees or a screen reader reads: text, labels, placeholders, titles.
  const texts = await page.evaluate(() => {
    const out: string[] = [document.title];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || el.closest('[data-user-data]')) continue;
      const style = getComputedStyle(el);
      if (style.display === 'none' || style.visibility === 'hidden') continue;
      if (n.textContent?.trim()) out.push(n.textContent.trim());
    }
    for (const el of document.querySelectorAll('[aria-label], [placeholder], [title]')) {
      if (el.closest('[data-user-data]')) continue;
      for (const a of ['aria-label', 'placeholder', 'title']) {
        // The Sends table's Detail cell has the sent message (user content) as its tooltip.
        if (a === 'title' && el.matches('.deliveries__detail')) continue;
        const v = el.getAttribute(a);
        if (v) out.push(v);
      }
    }
    return out;
  });
  return texts.filter((s) => WORD.test(s)).map((s) => `${where}: ${s.slice(0, 120)}`);
}

/** Configurações → Idioma → English, as a user does. */
async function switchToEnglish(page: Page) {
  await page.getByRole('navigation', { name: 'Navegação principal' }).getByRole('link', { name: 'Configurações' }).click();
  await page.getByLabel('Idioma').selectOption('en');
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  // The confirmation speaks the new language too.
  await expect(page.getByText('Setting saved')).toBeVisible();
  return page.getByRole('navigation', { name: 'Main navigation' });
}

test('in English no Portuguese is left on any page, errors from the core included', async ({ page }) => {
  test.setTimeout(120_000);
  host = await startHost();
  await startTrial(page, host.url);
  const nav = await switchToEnglish(page);
  const found: string[] = [];

  // Empty pages first (their empty states).
  for (const [link, heading] of [['Home', 'Home'], ['Contacts', 'Contacts'], ['Campaigns', 'Campaigns'], ['Replies', 'Replies'], ['Numbers', 'Numbers'], ['Settings', 'Settings']]) {
    await nav.getByRole('link', { name: link, exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
    await page.waitForLoadState('networkidle');
    found.push(...(await portugueseOn(page, `${link} (empty)`)));
  }

  // A core error, translated: a CSV whose only column is not a phone, pasted.
  await nav.getByRole('link', { name: 'Contacts', exact: true }).click();
  await page.getByRole('link', { name: 'Import contacts' }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: 'Import contacts' })).toBeVisible();
  found.push(...(await portugueseOn(page, 'Import: file')));
  await page.getByLabel('Choose file').setInputFiles({ name: 'vazio.csv', mimeType: 'text/csv', buffer: Buffer.from('') });
  await expect(page.getByTestId('import-error')).toContainText('The file is empty');
  found.push(...(await portugueseOn(page, 'Import: empty file error')));

  // Import a small list, every step looked at.
  await page.getByLabel('Choose file').setInputFiles({ name: 'clientes.csv', mimeType: 'text/csv', buffer: smallCsv([['Ana Souza', '(11) 98765-4321', 'ana@example.com'], ['Bruno Lima', '12345']]) });
  await expect(page.getByRole('heading', { level: 2, name: 'Columns' })).toBeVisible();
  found.push(...(await portugueseOn(page, 'Import: columns')));
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByLabel('New list name').fill('Customers');
  found.push(...(await portugueseOn(page, 'Import: list and source')));
  await page.getByLabel('Where did these contacts come from?').fill('Website form');
  await page.getByRole('button', { name: /^Import/ }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Result' })).toBeVisible({ timeout: 30_000 });
  found.push(...(await portugueseOn(page, 'Import: report')));
  await page.getByRole('button', { name: 'See the list\'s contacts' }).click();
  await expect(page.getByTestId('contact-row').first()).toBeVisible();
  found.push(...(await portugueseOn(page, 'Contacts (with a list)')));

  // A simulated number, then every page again with something on it.
  await nav.getByRole('link', { name: 'Numbers', exact: true }).click();
  await page.getByRole('button', { name: 'Create simulated number' }).first().click();
  await expect(page.getByText('SIMULATED').first()).toBeVisible();
  for (const [link, heading] of [['Home', 'Home'], ['Campaigns', 'Campaigns'], ['Replies', 'Replies'], ['Numbers', 'Numbers'], ['Settings', 'Settings']]) {
    await nav.getByRole('link', { name: link, exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
    await page.waitForLoadState('networkidle');
    found.push(...(await portugueseOn(page, link)));
  }

  // The campaign wizard's first step.
  await nav.getByRole('link', { name: 'Campaigns', exact: true }).click();
  await page.getByRole('button', { name: 'New campaign' }).first().click();
  await expect(page.getByRole('heading', { level: 1 })).not.toHaveText('Campaigns');
  await page.waitForLoadState('networkidle');
  found.push(...(await portugueseOn(page, 'New campaign')));

  expect(found).toEqual([]);
});

/** Campaigns → New campaign → the four steps in English → Done (every day, all day). */
async function englishCampaign(page: Page, c: { name: string; list: RegExp; message: string; pause: number; number: RegExp }) {
  const nav = page.getByRole('navigation', { name: 'Main navigation' });
  await nav.getByRole('link', { name: 'Campaigns', exact: true }).click();
  await page.getByRole('button', { name: 'New campaign' }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: 'Edit campaign' })).toBeVisible();
  await page.getByLabel('Campaign name').fill(c.name);
  await expect(page.getByRole('heading', { name: 'Step 1 of 4: Audience' })).toBeVisible();
  await page.getByRole('checkbox', { name: c.list }).check();
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByRole('heading', { name: 'Step 2 of 4: Messages' })).toBeVisible();
  await page.getByLabel('Text of variation 1').fill(c.message);
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByRole('heading', { name: 'Step 3 of 4: Numbers and schedule' })).toBeVisible();
  const numbers = page.getByTestId('wizard-numbers');
  for (const box of await numbers.getByRole('checkbox').all()) await box.uncheck();
  await numbers.getByRole('checkbox', { name: c.number }).check();
  for (const day of ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']) await page.getByRole('checkbox', { name: day, exact: true }).check();
  await page.getByLabel('From').fill('00:00');
  await page.getByLabel('Until').fill('23:59');
  await page.getByLabel("Don't send on national holidays").uncheck();
  await page.getByLabel('Minimum pause (seconds)').fill(String(c.pause));
  await page.getByLabel('Maximum pause (seconds)').fill(String(c.pause));
  await page.getByLabel('Show "typing…" before each message').uncheck();
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByRole('heading', { name: 'Step 4 of 4: Review' })).toBeVisible();
  await expect(page.getByTestId('review-ready')).toBeVisible();
  await page.getByRole('button', { name: 'Done' }).click();
  await expect(page.getByRole('heading', { level: 1, name: c.name })).toBeVisible();
  await page.getByRole('button', { name: 'Start campaign' }).click();
  const question = page.getByRole('dialog', { name: `Start the campaign "${c.name}"?` });
  await expect(question).toContainText(/The message goes to \d+ contacts?\./);
  await question.getByRole('button', { name: 'Start sending' }).click();
  await expect(page.getByText('Campaign started.')).toBeVisible();
}

test('in English, what the core reports reads in English: a waiting campaign, a refused message, an automatic pause', async ({ page }) => {
  test.setTimeout(240_000);
  const ACCOUNT = '5511900000001';
  wa = await WaStandIn.start();
  const server = wa;
  server.contact('5511987650001', { name: 'Ana' });
  host = await startHost(standInHost(server));
  await startTrial(page, host.url);
  const nav = await switchToEnglish(page);
  const found: string[] = [];

  // A simulated number, and a real one linked by QR.
  await nav.getByRole('link', { name: 'Numbers', exact: true }).click();
  await page.getByRole('button', { name: 'Create simulated number' }).first().click();
  await expect(page.getByText('SIMULATED').first()).toBeVisible();
  await page.getByRole('button', { name: 'Add number' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Add a WhatsApp number' });
  await dialog.getByLabel('Number name').fill('Loja Centro');
  await dialog.getByRole('button', { name: 'Show QR code' }).click();
  const qr = dialog.getByRole('img', { name: 'QR code to link WhatsApp' });
  await expect(qr).toBeVisible({ timeout: 20_000 });
  await server.scanQr(ACCOUNT, decodeQrDataUrl((await qr.getAttribute('src')) ?? ''));
  await expect(dialog.getByTestId('whatsapp-status')).toContainText('Connected', { timeout: 20_000 });
  await dialog.getByRole('button', { name: 'Done' }).click();
  await expect(dialog).toBeHidden();

  // Two customers from a spreadsheet; 1,234 is how English writes a thousand and more.
  await nav.getByRole('link', { name: 'Contacts', exact: true }).click();
  await page.getByRole('link', { name: 'Import contacts' }).first().click();
  await page.getByLabel('Choose file').setInputFiles({ name: 'customers.csv', mimeType: 'text/csv', buffer: smallCsv([['Ana Souza', '(11) 98765-0001'], ['Bruno Lima', '(11) 98765-0002']]) });
  await expect(page.getByRole('heading', { level: 2, name: 'Columns' })).toBeVisible();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByLabel('New list name').fill('Customers');
  await page.getByLabel('Where did these contacts come from?').fill('Website form');
  await page.getByRole('button', { name: /^Import/ }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Result' })).toBeVisible({ timeout: 30_000 });

  // A campaign on the simulated number with a 10-minute gap: after the first send it waits.
  await englishCampaign(page, { name: 'Slow news', list: /Customers/, message: 'Hello!', pause: 600, number: /Simulated number 1/ });
  await expect(page.getByRole('status').filter({ hasText: /gap between messages — next send/ })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('results-eta')).toContainText(/Estimated finish: /);
  found.push(...(await portugueseOn(page, 'Campaign waiting')));
  await nav.getByRole('link', { name: 'Campaigns', exact: true }).click();
  await expect(page.getByText(/gap between messages — next send/)).toBeVisible();
  found.push(...(await portugueseOn(page, 'Campaigns (one waiting)')));

  // WhatsApp refuses the real number's messages (error 463): the send fails and the campaign pauses itself.
  server.account(ACCOUNT).messageError = '463';
  await englishCampaign(page, { name: 'Real news', list: /Customers/, message: 'Hello!', pause: 5, number: /Loja Centro/ });
  await expect(page.getByText('The campaign was paused automatically')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('alert')).toContainText('WhatsApp restricted the number "Loja Centro" for new contacts (error 463)');
  await page.getByLabel('Show').selectOption({ label: 'Failed' });
  await expect(page.getByRole('region', { name: 'Sends' }).getByRole('table')).toContainText('WhatsApp refused the message (code 463).');
  await page.screenshot({ path: test.info().outputPath('english-paused.png'), fullPage: true });
  found.push(...(await portugueseOn(page, 'Campaign paused by WhatsApp')));

  // Numbers: the flagged number explains itself.
  await nav.getByRole('link', { name: 'Numbers', exact: true }).click();
  await expect(page.getByText(/WhatsApp restricted the number "Loja Centro"/)).toBeVisible();
  found.push(...(await portugueseOn(page, 'Numbers (flagged)')));

  expect(found).toEqual([]);
});

test('in English, linking a number without internet says so', async ({ page }) => {
  test.setTimeout(120_000);
  wa = await WaStandIn.start();
  const server = wa;
  host = await startHost(standInHost(server));
  await startTrial(page, host.url);
  const nav = await switchToEnglish(page);
  const found: string[] = [];
  await nav.getByRole('link', { name: 'Numbers', exact: true }).click();
  // The internet goes away; linking another number says so in English.
  await server.stop();
  wa = null;
  await page.getByRole('button', { name: 'Add number' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Add a WhatsApp number' });
  await dialog.getByRole('button', { name: 'Show QR code' }).click();
  await expect(dialog.getByTestId('whatsapp-status')).toContainText('No internet connection', { timeout: 20_000 });
  await expect(dialog.getByRole('button', { name: 'Try again' })).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('english-no-internet.png') });
  found.push(...(await portugueseOn(page, 'Add number (no internet)')));

  expect(found).toEqual([]);
});
