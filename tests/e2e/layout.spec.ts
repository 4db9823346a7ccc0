import { expect, test, type Page } from '@playwright/test';
import path from 'node:path';
import { goTo, startTrial } from './support/ui-steps';
import { removeDir, startHost, type RunningHost } from './support/host';

let host: RunningHost | null = null;
test.afterEach(async () => {
  await host?.stop();
  if (host) removeDir(host.dataDir);
  host = null;
});

/** A real-world export: many columns, long values, 40 rows. */
function wideCsv(): Buffer {
  const cols = ['Nome completo', 'Celular', 'E-mail', 'Cidade', 'Estado', 'Bairro', 'Endereço', 'CEP', 'Data da compra', 'Produto', 'Valor', 'Forma de pagamento', 'Vendedor', 'Observações'];
  const rows = Array.from({ length: 40 }, (_, i) => [
    `Cliente Número ${i + 1} da Silva Pereira`, `(11) 9${String(87650000 + i).padStart(8, '0')}`, `cliente${i + 1}@exemplo.com.br`, 'São Paulo', 'SP', 'Vila Mariana',
    `Rua Domingos de Morais, ${100 + i}, apartamento ${i}`, '04010-100', '04/12/2026', 'Kit presente de Natal tamanho família', 'R$ 130,50', 'Cartão de crédito em 3x', 'Fernanda', 'Prefere contato à tarde',
  ]);
  return Buffer.from([cols, ...rows].map((r) => r.join(';')).join('\n') + '\n', 'utf8');
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(test.info().outputDir, `${name}.png`) });
}

/** The page itself must not scroll sideways: wide content scrolls inside its own box. */
async function pageScrollsSideways(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const el = document.scrollingElement!;
    const main = document.querySelector('main')!;
    return el.scrollWidth > el.clientWidth + 1 || main.scrollWidth > main.clientWidth + 1;
  });
}

for (const width of [1024, 1280]) {
  test(`at ${width} px: the mapping step scrolls inside its table, the contacts table keeps its actions, cards clear the header`, async ({ page }) => {
    await page.setViewportSize({ width, height: 720 });
    host = await startHost();
    await startTrial(page, host.url);

    // Import mapping step with a wide spreadsheet.
    await goTo(page, 'Contatos');
    await page.getByRole('link', { name: 'Importar contatos' }).first().click();
    await page.getByLabel('Escolher arquivo').setInputFiles({ name: 'vendas.csv', mimeType: 'text/csv', buffer: wideCsv() });
    await expect(page.getByRole('heading', { level: 2, name: 'Colunas' })).toBeVisible();
    await shot(page, `mapping-${width}`);
    expect(await pageScrollsSideways(page)).toBe(false);
    const table = page.getByTestId('mapping-table-scroll');
    expect(await table.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
    // The step's buttons stay on screen without scrolling the page sideways.
    await expect(page.getByRole('button', { name: 'Continuar' })).toBeInViewport();

    // Import, then the contacts table: the actions column is on screen.
    await page.getByRole('button', { name: 'Continuar' }).click();
    await page.getByLabel('Nome da nova lista').fill('Vendas de dezembro');
    await page.getByRole('button', { name: 'Formulário do site' }).click();
    await page.getByRole('button', { name: /^Importar/ }).click();
    await expect(page.getByRole('heading', { level: 2, name: 'Resultado' })).toBeVisible({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Ver os contatos da lista' }).click();
    const row = page.getByTestId('contact-row').first();
    await expect(row).toBeVisible();
    await shot(page, `contacts-${width}`);
    expect(await pageScrollsSideways(page)).toBe(false);
    for (const action of [/^Editar /, /^Exportar os dados de /, /^Excluir /]) {
      await expect(row.getByRole('button', { name: action })).toBeInViewport({ ratio: 1 });
    }

    // Cards keep a gap below the page header on every page.
    const headerGap = () =>
      page.evaluate(() => {
        const header = document.querySelector('.page-header');
        const next = header?.nextElementSibling;
        if (!header || !next) return null;
        return next.getBoundingClientRect().top - header.getBoundingClientRect().bottom;
      });
    await page.getByRole('link', { name: /Descadastros/ }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Descadastros' })).toBeVisible();
    expect(await headerGap(), 'Descadastros').toBeGreaterThanOrEqual(12);
    for (const item of ['Início', 'Campanhas', 'Respostas', 'Números', 'Configurações']) {
      await goTo(page, item);
      const gap = await headerGap();
      if (gap !== null) expect(gap, item).toBeGreaterThanOrEqual(12);
      await shot(page, `${item}-${width}`);
    }
    await goTo(page, 'Campanhas');
    await page.getByRole('button', { name: 'Nova campanha' }).first().click();
    await expect(page.getByRole('heading', { level: 1 })).not.toHaveText('Campanhas');
    expect(await headerGap(), 'wizard').toBeGreaterThanOrEqual(12);
    expect(await pageScrollsSideways(page)).toBe(false);
    await shot(page, `wizard-${width}`);
  });
}
