/**
 * Steps a user takes, by clicks and typing only, shared by the campaign journeys. Nothing here
 * calls the API or touches the database: state is created the way a user creates it.
 */
import { expect, type Page } from '@playwright/test';
import type { RunningHost } from './host';

export const nav = (page: Page) => page.getByRole('navigation', { name: 'Navegação principal' });

/** Opens a fresh install and continues in trial mode from the first-launch screen. */
export async function firstLaunch(page: Page, host: RunningHost): Promise<void> {
  await page.goto(host.url);
  await page.getByRole('button', { name: 'Continuar no modo de avaliação' }).click();
  await expect(page.getByTestId('connection-status')).toHaveText('Conectado ao Recado');
}

/** Números → "Criar número simulado": labelled SIMULADO, connected at once. */
export async function addSimulatedNumber(page: Page): Promise<void> {
  await nav(page).getByRole('link', { name: 'Números' }).click();
  await page.getByRole('button', { name: 'Criar número simulado' }).first().click();
  const numbers = page.getByRole('list', { name: 'Seus números' });
  await expect(numbers.getByText('SIMULADO', { exact: true })).toBeVisible();
  await expect(numbers.getByText('Conectado', { exact: true })).toBeVisible();
}

/** Números → "Simular resposta de um contato": the phone writes `text` to the simulated number. */
export async function simulateReply(page: Page, phone: string, text: string): Promise<void> {
  await nav(page).getByRole('link', { name: 'Números' }).click();
  // The panel stays open after a first use; open it only when closed.
  await expect(page.getByText('Simular resposta de um contato')).toBeVisible();
  if (!(await page.getByLabel('Telefone do contato').isVisible())) await page.getByText('Simular resposta de um contato').click();
  await page.getByLabel('Telefone do contato').fill(phone);
  await page.getByLabel('Mensagem recebida').fill(text);
  await page.getByRole('button', { name: 'Simular resposta' }).click();
  await expect(page.getByText('Resposta simulada recebida.').first()).toBeVisible();
}

/** Contatos → Importar contatos → the file picker → columns → a new list with its origin → report. */
export async function importCsv(page: Page, file: string, list: string, expected: { imported: number }): Promise<void> {
  await nav(page).getByRole('link', { name: 'Contatos' }).click();
  await page.getByTestId('contacts-empty').getByRole('link', { name: 'Importar contatos' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Importar contatos' })).toBeVisible();
  const chooser = page.waitForEvent('filechooser');
  await page.getByText('Escolher arquivo', { exact: true }).click();
  await (await chooser).setFiles(file);
  await expect(page.getByRole('heading', { level: 2, name: 'Colunas' })).toBeVisible();
  await expect(page.getByText(/Windows-1252 \(Excel\) · separado por ponto e vírgula/)).toBeVisible();
  await expect(page.getByLabel('O que é a coluna Celular')).toHaveValue('phone');
  await page.getByRole('button', { name: 'Continuar' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Lista e origem' })).toBeVisible();
  await page.getByLabel('Nome da nova lista').fill(list);
  await page.getByLabel('De onde vieram estes contatos?').fill('Clientes da padaria (balcão)');
  await page.getByRole('button', { name: /^Importar/ }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Resultado' })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('import-report-imported').getByRole('definition')).toHaveText(String(expected.imported));
}

export interface WizardInput {
  name: string;
  list: RegExp;
  message: string;
  pause: [number, number];
  typing?: boolean;
  /** Sending window; every day, all day, holidays included when left out. Days as the wizard names them ('Seg'…). */
  window?: { days: string[]; start: string; end: string };
  /** "Pausa a cada N mensagens por M minutos". */
  batch?: [every: number, minutes: number];
  /** Runs at the audience step (step 1) after the list is checked, e.g. to add a label. */
  atAudience?: (page: Page) => Promise<void>;
  /** Runs at the messages step (step 2) after the first variation is written. */
  atMessages?: (page: Page) => Promise<void>;
  /** Runs at the numbers step (step 3) before the window and pace are set, e.g. to check the number. */
  atNumbers?: (page: Page) => Promise<void>;
  /** Runs at the review step (step 4) before Concluir. */
  atReview?: (page: Page) => Promise<void>;
}

/**
 * Campanhas → Nova campanha → the four steps → Concluir, which opens the campaign's page.
 * The window is every day, all day, holidays included, so the journey runs whenever CI does.
 */
export async function createCampaign(page: Page, c: WizardInput): Promise<void> {
  await nav(page).getByRole('link', { name: 'Campanhas' }).click();
  await page.getByRole('button', { name: 'Nova campanha' }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: 'Editar campanha' })).toBeVisible();
  await page.getByLabel('Nome da campanha').fill(c.name);

  await expect(page.getByRole('heading', { name: 'Etapa 1 de 4: Público' })).toBeVisible();
  await page.getByRole('checkbox', { name: c.list }).check();
  await c.atAudience?.(page);
  await page.getByRole('button', { name: 'Avançar' }).click();

  await expect(page.getByRole('heading', { name: 'Etapa 2 de 4: Mensagens' })).toBeVisible();
  await page.getByLabel('Texto da variação 1').fill(c.message);
  await c.atMessages?.(page);
  await page.getByRole('button', { name: 'Avançar' }).click();

  await expect(page.getByRole('heading', { name: 'Etapa 3 de 4: Números e agenda' })).toBeVisible();
  await c.atNumbers?.(page);
  const window = c.window ?? { days: ['Dom', 'Seg', 'Ter', 'Qua', 'Qui', 'Sex', 'Sáb'], start: '00:00', end: '23:59' };
  for (const day of ['Dom', 'Seg', 'Ter', 'Qua', 'Qui', 'Sex', 'Sáb']) await page.getByRole('checkbox', { name: day, exact: true }).setChecked(window.days.includes(day));
  await page.getByLabel('Das').fill(window.start);
  await page.getByLabel('Até').fill(window.end);
  await page.getByLabel('Não enviar em feriados nacionais').uncheck();
  await page.getByLabel('Pausa mínima (segundos)').fill(String(c.pause[0]));
  await page.getByLabel('Pausa máxima (segundos)').fill(String(c.pause[1]));
  const typing = page.getByLabel('Mostrar "digitando…" antes de cada mensagem');
  if (c.typing) await typing.check();
  else await typing.uncheck();
  if (c.batch) {
    await page.getByLabel('Pausa a cada (mensagens)').fill(String(c.batch[0]));
    await page.getByLabel('por (minutos)').fill(String(c.batch[1]));
  }
  await page.getByRole('button', { name: 'Avançar' }).click();

  await expect(page.getByRole('heading', { name: 'Etapa 4 de 4: Revisão' })).toBeVisible();
  await expect(page.getByTestId('review-ready')).toBeVisible();
  await c.atReview?.(page);
  await page.getByRole('button', { name: 'Concluir' }).click();
  await expect(page.getByRole('heading', { level: 1, name: c.name })).toBeVisible();
}

/**
 * The campaign page's "Iniciar campanha", then the question that says who receives it, through
 * which numbers and when: "Iniciar envios" (or "Agendar envios" for a later start).
 */
export async function startCampaign(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Iniciar campanha' }).click();
  const dialog = page.getByRole('dialog', { name: /^Iniciar a campanha/ });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: /^(Iniciar|Agendar) envios$/ }).click();
  await expect(dialog).toBeHidden();
}

/** A figure of the campaign page's Resumo, as a number. */
export async function total(page: Page, key: string): Promise<number> {
  return Number(((await page.getByTestId(`total-${key}`).locator('dd').textContent()) ?? '').replace(/\D/g, '') || '0');
}
