import { expect, test } from '@playwright/test';
import { removeDir, startHost, type RunningHost } from './support/host';
import { FIXTURE_LEADS, multiSheetLeadsXlsx } from '../fixtures/xlsx-leads';

// Story 2: a multi-sheet workbook whose first sheet is a summary and whose leads sheet has a title
// block above the header. Recado opens the right sheet on the right header by itself, the import
// brings exactly the leads, and their spreadsheet values read the Brazilian way in messages.

let host: RunningHost | undefined;
test.afterEach(async () => {
  await host?.stop();
  if (host) removeDir(host.dataDir);
  host = undefined;
});

/** What the fixture's currency and date cells look like in pt-BR, by contact name. */
function brazilian(name: string): { valor: string; data: string } {
  const lead = FIXTURE_LEADS.find((l) => l.name === name);
  if (!lead) throw new Error(`not a fixture lead: ${name}`);
  const valor = `R$ ${lead.value.toLocaleString('pt-BR', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
  const d = new Date(Date.UTC(1899, 11, 30) + lead.date * 86_400_000);
  const data = `${String(d.getUTCDate()).padStart(2, '0')}/${String(d.getUTCMonth() + 1).padStart(2, '0')}/${d.getUTCFullYear()}`;
  return { valor, data };
}

test('a multi-sheet XLSX opens on the leads sheet and header by itself, imports the right contacts, and its values read in pt-BR', async ({ page }) => {
  host = await startHost();
  await page.goto(host.url);
  await page.getByRole('button', { name: 'Continuar no modo de avaliação' }).click();
  const nav = page.getByRole('navigation', { name: 'Navegação principal' });
  await nav.getByRole('link', { name: 'Contatos' }).click();
  await page.getByTestId('contacts-empty').getByRole('link', { name: 'Importar contatos' }).click();
  await page.getByLabel('Escolher arquivo').setInputFiles({
    name: 'carteira-clientes.xlsx',
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    buffer: multiSheetLeadsXlsx(),
  });

  // --- Columns: the "Clientes" sheet (not the summary), header on line 5 under the title block.
  await expect(page.getByRole('heading', { level: 2, name: 'Colunas' })).toBeVisible();
  const sheet = page.getByLabel('Aba da planilha');
  await expect(sheet).toHaveValue('Clientes');
  await expect(sheet.locator('option')).toHaveText([
    'Resumo (4 linhas)',
    'Vendedores (3 linhas, 2 com telefone)',
    'Clientes (9 linhas, 5 com telefone)',
    'Observações (2 linhas)',
  ]);
  await expect(page.getByText('Abrimos a aba "Clientes" porque é a que tem mais telefones.', { exact: false })).toBeVisible();
  await expect(page.getByLabel('Linha do cabeçalho')).toHaveValue('5');
  await expect(page.getByLabel('O que é a coluna Celular')).toHaveValue('phone');
  await expect(page.getByLabel('O que é a coluna Nome')).toHaveValue('name');
  await expect(page.getByRole('cell', { name: 'Ângela Gonçalves' })).toBeVisible();
  await expect(page.getByRole('cell', { name: 'R$ 130,50' })).toBeVisible();
  await expect(page.getByRole('cell', { name: 'R$ 1.250,00' })).toBeVisible();
  await expect(page.getByRole('cell', { name: '04/12/2026' })).toBeVisible();
  // "Data" would be hidden by the built-in {data}: renamed, and the step says so.
  await expect(page.getByLabel('Nome da variável para a coluna Data')).toHaveValue('data_planilha');
  await expect(page.getByText('{data} já existe no Recado (é preenchida sozinha); nas mensagens, esta coluna vira {data_planilha}.')).toBeVisible();
  // The untitled column of codes is no variable unless it gets a name.
  const codes = page.getByLabel('O que é a coluna Coluna F');
  await expect(codes).toHaveValue('ignore');
  await codes.selectOption('field');
  await expect(page.getByRole('alert')).toHaveText('A coluna "Coluna F" não tem título: dê um nome à variável dela (por exemplo codigo) ou escolha "Ignorar".');
  await expect(page.getByRole('button', { name: 'Continuar' })).toBeDisabled();
  await codes.selectOption('ignore');
  await page.screenshot({ path: 'test-results/xlsx-import-mapping.png' });
  await page.getByRole('button', { name: 'Continuar' }).click();

  // --- List and consent, then the import.
  await page.getByLabel('Nome da nova lista').fill('Carteira de clientes');
  await page.getByRole('button', { name: 'Clientes da loja' }).click();
  await page.getByRole('button', { name: /^Importar/ }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Resultado' })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('import-report-read').getByRole('definition')).toHaveText(String(FIXTURE_LEADS.length));
  await expect(page.getByTestId('import-report-imported').getByRole('definition')).toHaveText(String(FIXTURE_LEADS.length));
  await expect(page.getByTestId('import-report-invalid').getByRole('definition')).toHaveText('0');

  // Exactly the leads: not the sellers of the other sheet, not the title block.
  await page.getByRole('button', { name: 'Ver os contatos da lista' }).click();
  await expect(page.getByTestId('contacts-count')).toHaveText(`${FIXTURE_LEADS.length} contatos`);
  for (const lead of FIXTURE_LEADS) await expect(page.getByTestId('contact-row').filter({ hasText: lead.name })).toHaveCount(1);
  await expect(page.getByTestId('contact-row').filter({ hasText: 'Paulo Ribeiro' })).toHaveCount(0);

  // --- In a message: pt-BR money and dates, and a warning for the cities that are missing.
  await nav.getByRole('link', { name: 'Campanhas' }).click();
  await page.getByRole('button', { name: 'Nova campanha' }).click();
  await page.getByLabel('Nome da campanha').fill('Lembrete de compra');
  await page.getByRole('checkbox', { name: /Carteira de clientes/ }).check();
  await page.getByRole('button', { name: 'Avançar' }).click();
  await expect(page.getByRole('heading', { name: 'Etapa 2 de 4: Mensagens' })).toBeVisible();

  const text1 = page.getByLabel('Texto da variação 1');
  await text1.fill('Oi {primeiro_nome}! Sua compra de {valor} em {data_planilha} já foi separada na loja de {cidade}.');
  const preview = page.getByTestId('message-preview');
  // The preview names its contact once it has loaded one.
  await expect(preview.getByTestId('preview-contact')).toHaveText(/^Como /);
  const who = (await preview.getByTestId('preview-contact').textContent()) ?? '';
  const lead = FIXTURE_LEADS.find((l) => who.includes(l.name));
  expect(lead, who).toBeDefined();
  const { valor, data } = brazilian(lead!.name);
  await expect(preview.getByTestId('preview-text')).toContainText(`Sua compra de ${valor} em ${data}`);

  const warnings = page.getByRole('list', { name: 'Variáveis vazias na variação 1' });
  await expect(warnings.getByRole('listitem')).toHaveText([
    '{cidade} está vazio para 3 de 5 contatos. Use um texto para quando faltar: {cidade:sua cidade}.Usar {cidade:sua cidade}',
  ]);
  await page.getByTestId('variation-1').scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/xlsx-import-coverage.png' });
  await warnings.getByRole('button', { name: 'Usar {cidade:sua cidade} na variação 1' }).click();
  await expect(text1).toHaveValue('Oi {primeiro_nome}! Sua compra de {valor} em {data_planilha} já foi separada na loja de {cidade:sua cidade}.');
  await expect(warnings.getByRole('listitem')).toHaveCount(0);
  await expect(page.getByText('Salvo', { exact: true })).toBeVisible();
});
