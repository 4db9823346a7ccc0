import { expect, test } from '@playwright/test';
import fs from 'node:fs';
import iconv from 'iconv-lite';
import { removeDir, startHost, type RunningHost } from './support/host';
import { importCsvByClicks } from './support/ui-steps';

let host: RunningHost;
test.afterEach(async () => {
  await host?.stop();
  if (host) removeDir(host.dataDir);
});

/** What Brazilian Excel writes for "CSV (separado por vírgulas)": Windows-1252, ';', a title first. */
function excelCsv(): Buffer {
  const lines = [
    'Relatório de clientes — março;;;;',
    ';;;;',
    'Nome;Celular;Cidade;E-mail;Observação',
    'João Gonçalves;(11) 98765-4321;São Paulo;joao@example.com;cliente antigo',
    'Antônia Araújo;+55 21 99876-5432;Rio de Janeiro;;',
    'Carlos Pereira;5531988887777;Belo Horizonte;;indicação',
    'Débora Lima;(11) 3456-7890;São Paulo;;',
    'Número Errado;12345;Curitiba;;',
  ];
  return iconv.encode(lines.join('\r\n') + '\r\n', 'win1252');
}

test('imports a Windows-1252 semicolon CSV through the wizard and finds an accented name', async ({ page }) => {
  host = await startHost();
  await page.goto(host.url);
  await page.getByRole('button', { name: 'Continuar no modo de avaliação' }).click();
  await page.getByRole('navigation', { name: 'Navegação principal' }).getByRole('link', { name: 'Contatos' }).click();
  await expect(page.getByRole('heading', { name: 'Nenhum contato ainda' })).toBeVisible();

  // 1) File
  await page.getByTestId('contacts-empty').getByRole('link', { name: 'Importar contatos' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Importar contatos' })).toBeVisible();
  await page.getByLabel('Escolher arquivo').setInputFiles({ name: 'clientes-marco.csv', mimeType: 'text/csv', buffer: excelCsv() });

  // 2) Columns: detected from a header on the third line, in Windows-1252.
  await expect(page.getByRole('heading', { level: 2, name: 'Colunas' })).toBeVisible();
  await expect(page.getByText(/clientes-marco\.csv · CSV · Windows-1252 \(Excel\) · separado por ponto e vírgula/)).toBeVisible();
  await expect(page.getByLabel('Linha do cabeçalho')).toHaveValue('3');
  await expect(page.getByRole('cell', { name: 'João Gonçalves' })).toBeVisible();
  await expect(page.getByLabel('O que é a coluna Celular')).toHaveValue('phone');
  await expect(page.getByLabel('O que é a coluna Nome')).toHaveValue('name');
  await expect(page.getByLabel('O que é a coluna Cidade')).toHaveValue('field');
  await expect(page.getByLabel('Nome da variável para a coluna Cidade')).toHaveValue('cidade');
  // Adjust: drop the notes column.
  await page.getByLabel('O que é a coluna Observação').selectOption('ignore');
  await page.getByRole('button', { name: 'Continuar' }).click();

  // 3) List and consent (required).
  await expect(page.getByRole('heading', { level: 2, name: 'Lista e origem' })).toBeVisible();
  await page.getByLabel('Nome da nova lista').fill('Clientes da loja');
  const start = page.getByRole('button', { name: /^Importar/ });
  await expect(start).toBeDisabled();
  await page.getByRole('button', { name: 'Formulário do site' }).click();
  await expect(page.getByLabel('De onde vieram estes contatos?')).toHaveValue('Formulário do site');
  await start.click();

  // 5) Report
  await expect(page.getByRole('heading', { level: 2, name: 'Resultado' })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText('Importação concluída na lista "Clientes da loja"')).toBeVisible();
  await expect(page.getByTestId('import-report-read').getByRole('definition')).toHaveText('5');
  await expect(page.getByTestId('import-report-imported').getByRole('definition')).toHaveText('4');
  await expect(page.getByTestId('import-report-invalid').getByRole('definition')).toHaveText('1');
  await expect(page.getByRole('cell', { name: /Número curto demais/ })).toBeVisible();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Baixar linhas rejeitadas (CSV)' }).click();
  expect((await download).suggestedFilename()).toBe('linhas-rejeitadas-clientes-marco.csv');

  // The list's contacts, then a search for an accented name typed without its accents.
  await page.getByRole('button', { name: 'Ver os contatos da lista' }).click();
  await expect(page.getByTestId('contacts-count')).toHaveText('4 contatos');
  await expect(page.getByRole('navigation', { name: 'Listas' }).getByRole('link', { name: /Clientes da loja/ })).toHaveAttribute('aria-current', 'page');
  await page.getByLabel('Buscar por nome, telefone ou e-mail').fill('joao goncalves');
  await expect(page.getByTestId('contacts-count')).toHaveText('1 contato');
  const row = page.getByTestId('contact-row');
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('João Gonçalves');
  await expect(row).toContainText('+55 (11) 98765-4321');
  await expect(row).toContainText('Formulário do site');
  await expect(row).toContainText('Ativo');

  // The landline is marked.
  const search = page.getByLabel('Buscar por nome, telefone ou e-mail');
  await search.fill('Débora');
  await expect(page.getByTestId('contact-row')).toContainText('fixo');

  // A piece of a phone number, a piece of an e-mail; one character asks for another.
  await search.fill('4321');
  await expect(page.getByTestId('contacts-count')).toHaveText('1 contato');
  await expect(page.getByTestId('contact-row')).toContainText('João Gonçalves');
  await search.fill('example');
  await expect(page.getByTestId('contact-row')).toContainText('joao@example.com');
  await search.fill('J');
  await expect(page.getByTestId('contacts-count')).toHaveText('Digite ao menos 2 letras ou números para buscar.');
  await search.fill('ra');
  await expect(page.getByTestId('contacts-count')).toHaveText('3 contatos'); // Antônia ARAújo, Carlos PeReiRA, DéboRA
});

test('a search with more than 10.000 matches says so, and the table grows to the last one', async ({ page }) => {
  host = await startHost();
  const rows = ['Nome;Celular'];
  for (let i = 0; i < 10_150; i++) rows.push(`Cliente ${i};(11) 9${60_000_000 + i}`);
  rows.push('Outra Pessoa;(21) 99999-0000');

  await page.goto(host.url);
  await page.getByRole('button', { name: 'Continuar no modo de avaliação' }).click();
  await page.goto(`${host.origin}/#/contatos/importar`);
  await page.getByLabel('Escolher arquivo').setInputFiles({ name: 'clientes.csv', mimeType: 'text/csv', buffer: Buffer.from(rows.join('\n') + '\n') });
  await expect(page.getByRole('heading', { level: 2, name: 'Colunas' })).toBeVisible();
  await page.getByRole('button', { name: 'Continuar' }).click();
  await page.getByLabel('Nome da nova lista').fill('Feira');
  await page.getByLabel('De onde vieram estes contatos?').fill('Feira de março');
  await page.getByRole('button', { name: /^Importar/ }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Resultado' })).toBeVisible({ timeout: 60_000 });
  await page.getByRole('button', { name: 'Ver os contatos da lista' }).click();
  await expect(page.getByTestId('contacts-count')).toHaveText('10.151 contatos');

  await page.getByLabel('Buscar por nome, telefone ou e-mail').fill('cliente');
  await expect(page.getByTestId('contacts-count')).toHaveText('mais de 10.000 contatos');
  await expect(page.getByTestId('contact-row').first()).toContainText('Cliente 0');
  // Down to the end with the keyboard: the rows past 10,000 come in as the table reaches them.
  const table = page.getByRole('rowgroup', { name: 'Linhas da tabela de contatos (role para ver mais)' });
  await table.focus();
  const last = page.getByTestId('contact-row').filter({ hasText: 'Cliente 10149' });
  await expect(async () => {
    await page.keyboard.press('End');
    await expect(last).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
  await expect(page.getByTestId('contact-row').filter({ hasText: 'Outra Pessoa' })).toHaveCount(0);
});

test('a big import is searchable at once, while its search index is built in the background', async ({ page }) => {
  host = await startHost();
  // 60,000 rows: past the point where the import leaves the search index to its catch-up.
  const rows = ['Nome;Celular;E-mail'];
  for (let i = 0; i < 60_000; i++) rows.push(`Cliente ${i} Araújo;(11) 9${60_000_000 + i};c${i}@loja.com.br`);
  rows.push('Josué Conceição;(21) 99999-0000;josue@exemplo.com');

  await page.goto(host.url);
  await page.getByRole('button', { name: 'Continuar no modo de avaliação' }).click();
  await importCsvByClicks(page, { name: 'base-completa.csv', buffer: Buffer.from(rows.join('\n') + '\n') }, 'Base completa', async (report) => {
    await expect(report.getByTestId('import-report-imported')).toContainText('60.001');
  });
  await expect(page.getByTestId('contacts-count')).toHaveText('60.001 contatos');

  // Searched at once, whether the index has them yet or not: accents, e-mail, phone digits.
  const search = page.getByLabel('Buscar por nome, telefone ou e-mail');
  await search.fill('josue conceicao');
  await expect(page.getByTestId('contact-row')).toHaveCount(1);
  await expect(page.getByTestId('contact-row')).toContainText('Josué Conceição');
  await search.fill('c59999@loja');
  await expect(page.getByTestId('contact-row')).toHaveCount(1);
  await expect(page.getByTestId('contact-row')).toContainText('Cliente 59999 Araújo');
  // The catch-up finishes in the background (the log says so) and the same searches answer.
  await expect.poll(() => fs.readFileSync(`${host.dataDir}/logs/recado.log`, 'utf8'), { timeout: 30_000 }).toContain('search index caught up');
  await search.fill('99999-0000');
  await expect(page.getByTestId('contact-row')).toHaveCount(1);
  await expect(page.getByTestId('contact-row')).toContainText('Josué Conceição');
  await search.fill('araujo');
  await expect(page.getByTestId('contacts-count')).toHaveText('mais de 10.000 contatos');
});

test('bad input gets a clear message and nothing is written; pasted rows need a phone column', async ({ page }) => {
  host = await startHost();
  await page.goto(host.url);
  await page.getByRole('button', { name: 'Continuar no modo de avaliação' }).click();
  await page.goto(`${host.origin}/#/contatos/importar`);

  // A picture renamed to .csv.
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1]);
  await page.getByLabel('Escolher arquivo').setInputFiles({ name: 'contatos.csv', mimeType: 'text/csv', buffer: png });
  await expect(page.getByTestId('import-error')).toContainText('não é uma planilha que o Recado consiga ler');
  await expect(page.getByRole('heading', { level: 2, name: 'Arquivo' })).toBeVisible();

  // Cells pasted from a sheet without any phone.
  await page.getByText('Colar da planilha').click();
  await page.getByLabel('Linhas copiadas da planilha').fill('Nome\tCidade\nAna\tRio\nBia\tRecife');
  await page.getByRole('button', { name: 'Continuar' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Colunas' })).toBeVisible();
  await expect(page.getByRole('alert')).toHaveText('Escolha a coluna do telefone (WhatsApp): sem ela não dá para importar.');
  await expect(page.getByRole('button', { name: 'Continuar' })).toBeDisabled();

  await page.getByRole('button', { name: 'Voltar aos contatos' }).click();
  await expect(page.getByRole('heading', { name: 'Nenhum contato ainda' })).toBeVisible();
});

test('hostile files: a zip bomb is refused, a messy CSV imports with warnings naming its rows, nothing stays uploaded', async ({ page }) => {
  const fs = await import('node:fs');
  const os = await import('node:os');
  const path = await import('node:path');
  const { bombSheet, workbookParts, writeZip } = await import('../../electron/core/leads/parse/test-zip');
  host = await startHost();
  await page.goto(host.url);
  await page.getByRole('button', { name: 'Continuar no modo de avaliação' }).click();
  await page.goto(`${host.origin}/#/contatos/importar`);
  await expect(page.getByText(/Planilhas \(XLSX, XLS, ODS\): até 200 MB descompactadas e 1 milhão de linhas/)).toBeVisible();

  // A 1 MB .xlsx that would inflate to 1 GiB.
  const bombFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'recado-bomb-')), 'clientes.xlsx');
  writeZip(bombFile, workbookParts(bombSheet(1024)));
  await page.getByLabel('Escolher arquivo').setInputFiles(bombFile);
  await expect(page.getByTestId('import-error')).toContainText('mais do que o limite de 200 MB', { timeout: 30_000 });
  await expect(page.getByRole('heading', { level: 2, name: 'Arquivo' })).toBeVisible();
  fs.rmSync(path.dirname(bombFile), { recursive: true, force: true });

  // UTF-8 with a BOM, one line saved as Windows-1252, a stray quote and accents garbled once.
  const csv = Buffer.concat([
    Buffer.from('\ufeffNome;Celular\nJosé Conceição;11987654321\n"Ana Paula;11987654322\n', 'utf8'),
    Buffer.from('João Araújo;11987654323\n', 'latin1'),
    Buffer.from('MÃ¡rcia Gonçalves;11987654324\n', 'utf8'),
  ]);
  await page.getByLabel('Escolher arquivo').setInputFiles({ name: 'misturado.csv', mimeType: 'text/csv', buffer: csv });
  await expect(page.getByRole('heading', { level: 2, name: 'Colunas' })).toBeVisible();
  await page.getByRole('button', { name: 'Continuar' }).click();
  await page.getByLabel('Nome da nova lista').fill('Misturados');
  await page.getByRole('button', { name: 'Formulário do site' }).click();
  await page.getByRole('button', { name: /^Importar/ }).click();

  await expect(page.getByRole('heading', { level: 2, name: 'Resultado' })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('import-report-imported').getByRole('definition')).toHaveText('4');
  const warnings = page.getByTestId('import-warnings');
  await expect(warnings.getByRole('heading', { name: 'Confira antes de usar estes contatos' })).toBeVisible();
  await expect(page.getByTestId('import-warning-unclosed_quote')).toContainText('na linha 3');
  await expect(page.getByTestId('import-warning-mixed_encoding')).toContainText('a linha 4 estava em Windows-1252');
  await expect(page.getByTestId('import-warning-mojibake')).toContainText('“MÃ¡rcia Gonçalves” virou “Márcia Gonçalves”');

  await page.getByRole('button', { name: 'Ver os contatos da lista' }).click();
  await expect(page.getByTestId('contacts-count')).toHaveText('4 contatos');
  await page.getByLabel('Buscar por nome, telefone ou e-mail').fill('joao araujo');
  await expect(page.getByTestId('contacts-count')).toHaveText('1 contato');
  await expect(page.getByTestId('contact-row')).toContainText('João Araújo');
  // The uploaded copies are gone: the bomb's when its preview was refused, the CSV's when its
  // import ended.
  expect(fs.readdirSync(path.join(host.dataDir, 'tmp', 'uploads'))).toEqual([]);
});

test('the model spreadsheet: downloaded from the import screen, filled in, it imports with every column recognised', async ({ page }) => {
  host = await startHost();
  await page.goto(host.url);
  await page.getByRole('button', { name: 'Continuar no modo de avaliação' }).click();
  await page.getByRole('navigation', { name: 'Navegação principal' }).getByRole('link', { name: 'Contatos' }).click();
  await page.getByTestId('contacts-empty').getByRole('link', { name: 'Importar contatos' }).click();
  await expect(page.getByText('Ainda não tem uma planilha?')).toBeVisible();

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Baixar planilha modelo' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('modelo-contatos-recado.csv');
  const model = fs.readFileSync(await file.path(), 'utf8');
  // Titles only, the way Excel in Portuguese opens a CSV: BOM, semicolons, CRLF.
  expect(model).toBe('\uFEFFNome;Telefone (WhatsApp com DDD);E-mail;Cidade;Observações\r\n');

  // Filled in as a user would, then imported: every column is recognised by its title.
  const filled = Buffer.from(model + 'Lúcia Ramos;(11) 98765-1234;lucia@example.com;Campinas;cliente desde 2020\r\nPedro Alves;21 99888-7766;;Niterói;\r\n', 'utf8');
  await page.getByLabel('Escolher arquivo').setInputFiles({ name: 'modelo-contatos-recado.csv', mimeType: 'text/csv', buffer: filled });
  await expect(page.getByRole('heading', { level: 2, name: 'Colunas' })).toBeVisible();
  await expect(page.getByLabel('O que é a coluna Nome')).toHaveValue('name');
  await expect(page.getByLabel('O que é a coluna Telefone (WhatsApp com DDD)')).toHaveValue('phone');
  await expect(page.getByLabel('O que é a coluna E-mail')).toHaveValue('email');
  await page.getByRole('button', { name: 'Continuar' }).click();
  await page.getByLabel('Nome da nova lista').fill('Clientes');
  await page.getByLabel('De onde vieram estes contatos?').fill('Cadastro na loja');
  await page.getByRole('button', { name: /^Importar/ }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Resultado' })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('import-report-imported').getByRole('definition')).toHaveText('2');
});
