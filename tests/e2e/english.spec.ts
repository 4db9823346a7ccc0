import { expect, test, type Page } from '@playwright/test';
import { smallCsv, startTrial } from './support/ui-steps';
import { removeDir, startHost, type RunningHost } from './support/host';

let host: RunningHost | null = null;
test.afterEach(async () => {
  await host?.stop();
  if (host) removeDir(host.dataDir);
  host = null;
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
      for (const a of ['aria-label', 'placeholder', 'title']) {
        const v = el.getAttribute(a);
        if (v) out.push(v);
      }
    }
    return out;
  });
  return texts.filter((s) => WORD.test(s)).map((s) => `${where}: ${s.slice(0, 120)}`);
}

test('in English no Portuguese is left on any page, errors from the core included', async ({ page }) => {
  test.setTimeout(120_000);
  host = await startHost();
  await startTrial(page, host.url);

  // Switch to English in Configurações, as a user does.
  await page.getByRole('navigation', { name: 'Navegação principal' }).getByRole('link', { name: 'Configurações' }).click();
  await page.getByLabel('Idioma').selectOption('en');
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  const nav = page.getByRole('navigation', { name: 'Main navigation' });
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
