import { expect, type Locator, type Page } from '@playwright/test';

/**
 * Steps a user takes, by clicks and typing only, shared by the journeys. Everything here is
 * what a person does on screen; nothing seeds the database or calls the API.
 */

/** Opens the printed URL and leaves the first-launch screen through "modo de avaliação". */
export async function startTrial(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.getByRole('button', { name: 'Continuar no modo de avaliação' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Início' })).toBeVisible();
}

export async function goTo(page: Page, item: string, heading = item): Promise<void> {
  await page.getByRole('navigation', { name: /Navegação principal|Main navigation/ }).getByRole('link', { name: item, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
}

/** A small UTF-8 CSV, the way a user would export one from Google Sheets. */
export function smallCsv(rows: Array<[name: string, phone: string, email?: string]>): Buffer {
  const lines = ['Nome,Celular,E-mail', ...rows.map(([n, p, e]) => `${n},${p},${e ?? ''}`)];
  return Buffer.from(lines.join('\n') + '\n', 'utf8');
}

/** Contatos → Importar contatos → file picker → Continuar → list and consent → Importar → report → the list. */
export async function importCsvByClicks(
  page: Page,
  file: { name: string; buffer: Buffer },
  listName: string,
  /** Checks on the report step, before going to the list. */
  atReport?: (report: Locator) => Promise<void>,
): Promise<void> {
  await goTo(page, 'Contatos');
  await page.getByRole('link', { name: 'Importar contatos' }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: 'Importar contatos' })).toBeVisible();
  await page.getByLabel('Escolher arquivo').setInputFiles({ name: file.name, mimeType: 'text/csv', buffer: file.buffer });
  await expect(page.getByRole('heading', { level: 2, name: 'Colunas' })).toBeVisible();
  await page.getByRole('button', { name: 'Continuar' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Lista e origem' })).toBeVisible();
  await page.getByLabel('Nome da nova lista').fill(listName);
  await page.getByRole('button', { name: 'Formulário do site' }).click();
  await page.getByRole('button', { name: /^Importar/ }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Resultado' })).toBeVisible({ timeout: 30_000 });
  await atReport?.(page.getByTestId('import-report'));
  await page.getByRole('button', { name: 'Ver os contatos da lista' }).click();
  await expect(page.getByTestId('contact-row').first()).toBeVisible();
}
