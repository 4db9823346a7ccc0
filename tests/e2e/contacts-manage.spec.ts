import { expect, test, type Page } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as XLSX from 'xlsx';
import { removeDir, startHost, type RunningHost } from './support/host';
import { goTo, importCsvByClicks, smallCsv, startTrial } from './support/ui-steps';

/**
 * What a shop owner does with contacts after importing them, by clicks only: delete one, filter,
 * opt one out by hand, export (the whole table and one person's data for an LGPD request),
 * import the same person twice in two formats, paste rows from a sheet, and cancel a big import.
 */

let host: RunningHost | null = null;
let scratch: string | null = null;
test.afterEach(async () => {
  await host?.stop();
  if (host) removeDir(host.dataDir);
  if (scratch) removeDir(scratch);
  host = null;
  scratch = null;
});

const count = (page: Page) => page.getByTestId('contacts-count');
const row = (page: Page, name: string) => page.getByTestId('contact-row').filter({ hasText: name });
const toast = (page: Page, text: string | RegExp) => page.getByRole('status').filter({ hasText: text });

const CUSTOMERS = smallCsv([
  ['Ana Souza', '(11) 98765-4321', 'ana@example.com'],
  ['Bruno Lima', '(21) 99876-5432'],
  // A name that a spreadsheet would run as a formula if it were written as it came.
  ['=1+2 Carla', '(31) 98888-7777'],
]);

test('opting a contact out by hand shows in the status filter and in Descadastros; deleting asks first and the count drops', async ({ page }) => {
  host = await startHost();
  await startTrial(page, host.url);
  await importCsvByClicks(page, { name: 'clientes.csv', buffer: CUSTOMERS }, 'Clientes');
  await expect(count(page)).toHaveText('3 contatos');

  // Bruno asked not to be messaged: Editar → Situação → Descadastrado.
  await row(page, 'Bruno Lima').getByRole('button', { name: 'Editar Bruno Lima' }).click();
  const dialog = page.getByRole('dialog', { name: 'Editar contato' });
  await dialog.getByLabel('Situação').selectOption({ label: 'Descadastrado' });
  await dialog.getByRole('button', { name: 'Salvar' }).click();
  await expect(toast(page, 'Contato salvo')).toBeVisible();
  await expect(row(page, 'Bruno Lima')).toContainText('Descadastrado');

  // The status filter changes the count, and back.
  const status = page.getByLabel('Filtrar por situação');
  await status.selectOption({ label: 'Descadastrados' });
  await expect(count(page)).toHaveText('1 contato');
  await expect(page.getByTestId('contact-row')).toHaveCount(1);
  await expect(row(page, 'Bruno Lima')).toBeVisible();
  await status.selectOption({ label: 'Ativos' });
  await expect(count(page)).toHaveText('2 contatos');
  await status.selectOption({ label: 'Todas as situações' });
  await expect(count(page)).toHaveText('3 contatos');

  // Descadastros: who, and how (by hand).
  await page.getByRole('link', { name: 'Descadastros' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Descadastros' })).toBeVisible();
  await expect(page.getByTestId('optouts-count')).toHaveText('1 pessoa descadastrada');
  const optOut = page.getByTestId('optouts-table').getByRole('row').filter({ hasText: 'Bruno Lima' });
  await expect(optOut).toContainText('+55 (21) 99876-5432');
  await expect(optOut).toContainText('Marcado à mão');
  // The whole list, as CSV.
  const [optOutsCsv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Exportar CSV' }).click()]);
  await expect(toast(page, /Lista de descadastros exportada: /)).toBeVisible();
  expect(fs.readFileSync((await optOutsCsv.path())!, 'utf8')).toContain('Bruno Lima');

  // Importing the same file again does not bring Bruno back.
  await importCsvByClicks(page, { name: 'clientes.csv', buffer: CUSTOMERS }, 'Clientes de novo', (report) => expect(report.getByTestId('import-report-opted-out').getByRole('definition')).toHaveText('1'));
  await expect(row(page, 'Bruno Lima')).toContainText('Descadastrado');

  // Deleting Ana: a confirmation first, a result toast after, one contact fewer.
  await goTo(page, 'Contatos');
  await page.getByRole('link', { name: /^Todos os contatos/ }).click();
  await expect(count(page)).toHaveText('3 contatos');
  await row(page, 'Ana Souza').getByRole('button', { name: 'Excluir Ana Souza' }).click();
  const confirm = page.getByRole('dialog', { name: 'Excluir Ana Souza?' });
  await expect(confirm).toContainText('Não dá para desfazer.');
  await confirm.getByRole('button', { name: 'Excluir contato' }).click();
  await expect(toast(page, 'Contato excluído com todos os dados.')).toBeVisible();
  await expect(count(page)).toHaveText('2 contatos');
  await expect(row(page, 'Ana Souza')).toHaveCount(0);
  // Still gone after a reload.
  await page.reload();
  await expect(count(page)).toHaveText('2 contatos');
});

test('exports the contacts as CSV and XLSX with formulas neutralized, and one person\'s data for an LGPD request', async ({ page }) => {
  host = await startHost();
  await startTrial(page, host.url);
  await importCsvByClicks(page, { name: 'clientes.csv', buffer: CUSTOMERS }, 'Clientes');
  await expect(count(page)).toHaveText('3 contatos');

  const exportAs = async (format: RegExp) => {
    await page.getByRole('button', { name: 'Exportar', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Exportar contatos' });
    await expect(dialog).toContainText('Serão exportados os 3 contatos que aparecem com os filtros atuais.');
    await dialog.getByRole('radio', { name: format }).check();
    const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: 'Exportar' }).click()]);
    await expect(toast(page, /3 contatos exportados: o download de .+ começou\./)).toBeVisible();
    return fs.readFileSync((await download.path())!);
  };

  // CSV: the "=" name comes out behind an apostrophe, so Excel shows it as text.
  const csv = (await exportAs(/^CSV/)).toString('utf8');
  expect(csv).toContain('Ana Souza');
  expect(csv).toMatch(/(^|;)'=1\+2 Carla(;|\r?\n)/m);
  expect(csv).not.toMatch(/(^|;)=1\+2 Carla/m);

  // XLSX: the same name is a text cell with the apostrophe, and no cell holds a formula.
  const book = XLSX.read(await exportAs(/^Excel \.xlsx/), { type: 'buffer' });
  const sheet = book.Sheets[book.SheetNames[0]];
  const cells = Object.keys(sheet).filter((k) => !k.startsWith('!')).map((k) => sheet[k] as XLSX.CellObject);
  expect(cells.some((c) => c.t === 's' && c.v === "'=1+2 Carla")).toBe(true);
  expect(cells.filter((c) => c.f !== undefined)).toHaveLength(0);

  // One person's data (LGPD): a JSON file with what is stored about Ana.
  const [lgpd] = await Promise.all([page.waitForEvent('download'), row(page, 'Ana Souza').getByRole('button', { name: 'Exportar os dados de Ana Souza (LGPD)' }).click()]);
  await expect(toast(page, 'Dados do contato baixados (arquivo JSON).')).toBeVisible();
  expect(lgpd.suggestedFilename()).toMatch(/\.json$/);
  const data = JSON.parse(fs.readFileSync((await lgpd.path())!, 'utf8'));
  expect(JSON.stringify(data.contact)).toContain('Ana Souza');
  expect(JSON.stringify(data.contact)).toContain('ana@example.com');
  expect(JSON.stringify(data.contact)).toContain('5511987654321');
});

test('the same person with and without the 9th digit is one contact, and a whole number in another format finds it', async ({ page }) => {
  host = await startHost();
  await startTrial(page, host.url);
  const file = smallCsv([
    ['Ana Souza', '(11) 98765-4321'],
    // The same phone written the old way: +55, no 9th digit.
    ['Ana Souza', '+55 11 8765-4321'],
    ['Bruno Lima', '(21) 99876-5432'],
  ]);
  await goTo(page, 'Contatos');
  await page.getByRole('link', { name: 'Importar contatos' }).first().click();
  await page.getByLabel('Escolher arquivo').setInputFiles({ name: 'duplicados.csv', mimeType: 'text/csv', buffer: file });
  await page.getByRole('button', { name: 'Continuar' }).click();
  await page.getByLabel('Nome da nova lista').fill('Feira');
  await page.getByRole('button', { name: 'Formulário do site' }).click();
  await page.getByRole('button', { name: /^Importar/ }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Resultado' })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('import-report-read').getByRole('definition')).toHaveText('3');
  await expect(page.getByTestId('import-report-imported').getByRole('definition')).toHaveText('2');
  await expect(page.getByTestId('import-report-duplicates').getByRole('definition')).toHaveText('1');

  await page.getByRole('button', { name: 'Ver os contatos da lista' }).click();
  await expect(count(page)).toHaveText('2 contatos');
  await expect(row(page, 'Ana Souza')).toHaveCount(1);
  await expect(row(page, 'Ana Souza')).toContainText('+55 (11) 98765-4321');

  // The whole number, typed in other formats, finds her.
  const search = page.getByLabel('Buscar por nome, telefone ou e-mail');
  for (const typed of ['(11) 8765-4321', '+55 11 8765-4321', '5511987654321']) {
    await search.fill(typed);
    await expect(count(page)).toHaveText('1 contato');
    await expect(page.getByTestId('contact-row')).toContainText('Ana Souza');
  }
});

test('rows pasted from a spreadsheet, with a phone column, become contacts', async ({ page }) => {
  host = await startHost();
  await startTrial(page, host.url);
  await goTo(page, 'Contatos');
  await page.getByRole('link', { name: 'Importar contatos' }).first().click();
  await page.getByText('Colar da planilha').click();
  await page.getByLabel('Linhas copiadas da planilha').fill('Nome\tTelefone\tCidade\nMaria Souza\t(11) 98765-4321\tRecife\nJosé Lima\t21 99876-5432\tNatal');
  await page.getByRole('button', { name: 'Continuar' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Colunas' })).toBeVisible();
  await expect(page.getByLabel('O que é a coluna Telefone')).toHaveValue('phone');
  await page.getByRole('button', { name: 'Continuar' }).click();
  await page.getByLabel('Nome da nova lista').fill('Coladas');
  await page.getByRole('button', { name: 'Formulário do site' }).click();
  await page.getByRole('button', { name: /^Importar/ }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Resultado' })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('import-report-imported').getByRole('definition')).toHaveText('2');

  await page.getByRole('button', { name: 'Ver os contatos da lista' }).click();
  await expect(count(page)).toHaveText('2 contatos');
  await expect(row(page, 'Maria Souza')).toContainText('+55 (11) 98765-4321');
  await expect(row(page, 'José Lima')).toContainText('+55 (21) 99876-5432');
});

// Big enough that the import is still running when the cancel click lands, on a slow CI box too.
const BIG_ROWS = 250_000;

test('a big import shows its progress and can be cancelled: no list, no contacts, no uploaded copy left', async ({ page }) => {
  test.setTimeout(180_000);
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'recado-e2e-big-'));
  const big = path.join(scratch, 'leads-grandes.csv');
  const lines = ['Nome;Celular;Cidade'];
  for (let i = 0; i < BIG_ROWS; i++) lines.push(`Cliente ${i};(11) 9${String(60_000_000 + i)};São Paulo`);
  fs.writeFileSync(big, lines.join('\n') + '\n');

  host = await startHost();
  await startTrial(page, host.url);
  await goTo(page, 'Contatos');
  await page.getByRole('link', { name: 'Importar contatos' }).first().click();
  await page.getByLabel('Escolher arquivo').setInputFiles(big);
  await expect(page.getByRole('heading', { level: 2, name: 'Colunas' })).toBeVisible({ timeout: 60_000 });
  await page.getByRole('button', { name: 'Continuar' }).click();
  await page.getByLabel('Nome da nova lista').fill('Leads grandes');
  await page.getByRole('button', { name: 'Formulário do site' }).click();
  await page.getByRole('button', { name: /^Importar/ }).click();

  // The progress bar, then the cancel.
  await expect(page.getByRole('heading', { level: 2, name: 'Importando' })).toBeVisible();
  await expect(page.getByRole('progressbar', { name: 'Progresso da importação' })).toBeVisible();
  await page.getByRole('button', { name: 'Cancelar importação' }).click();
  await expect(toast(page, 'Importação cancelada. Nenhum contato foi alterado.')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByRole('heading', { level: 2, name: 'Arquivo' })).toBeVisible();

  // Nothing was saved: no list, no contacts.
  await page.getByRole('button', { name: 'Voltar aos contatos' }).click();
  await expect(page.getByRole('heading', { name: 'Nenhum contato ainda' })).toBeVisible();
  // And the uploaded copy is gone.
  const uploads = path.join(host.dataDir, 'tmp', 'uploads');
  await expect.poll(() => (fs.existsSync(uploads) ? fs.readdirSync(uploads) : [])).toEqual([]);
});
