import { expect, test } from '@playwright/test';
import { importCsvByClicks, smallCsv, startTrial } from './support/ui-steps';
import { removeDir, startHost, type RunningHost } from './support/host';

let host: RunningHost | null = null;
test.afterEach(async () => {
  await host?.stop();
  if (host) removeDir(host.dataDir);
  host = null;
});

// Story 3: edit a contact's name and e-mail → the new values are shown and stored.
test('editing a contact keeps what was typed, saves it, and it is still there after a reload', async ({ page }) => {
  host = await startHost();
  await startTrial(page, host.url);
  await importCsvByClicks(page, { name: 'clientes.csv', buffer: smallCsv([['Ana Souza', '(11) 98765-4321', 'ana@antigo.com'], ['Bruno Lima', '(21) 99876-5432']]) }, 'Clientes');

  const ana = page.getByTestId('contact-row').filter({ hasText: 'Ana Souza' });
  await ana.getByRole('button', { name: 'Editar Ana Souza' }).click();
  const dialog = page.getByRole('dialog', { name: 'Editar contato' });
  const name = dialog.getByLabel('Nome', { exact: true });
  const email = dialog.getByLabel('E-mail');
  await expect(name).toHaveValue('Ana Souza');

  // Typed key by key, as a person does: every keystroke re-renders the form.
  await name.clear();
  await name.pressSequentially('Ana Paula Souza');
  await email.clear();
  await email.pressSequentially('ana.paula@novo.com');
  // Give a reload of the stored contact time to land, should the form ever start one again.
  await page.waitForTimeout(500);
  await expect(name).toHaveValue('Ana Paula Souza');
  await expect(email).toHaveValue('ana.paula@novo.com');

  await dialog.getByRole('button', { name: 'Salvar' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: 'Contato salvo' })).toBeVisible();
  const edited = page.getByTestId('contact-row').filter({ hasText: 'Ana Paula Souza' });
  await expect(edited).toContainText('ana.paula@novo.com');
  await expect(page.getByTestId('contact-row').filter({ hasText: 'ana@antigo.com' })).toHaveCount(0);

  // Stored: a reload reads it back from the core.
  await page.reload();
  await expect(page.getByTestId('contact-row').filter({ hasText: 'Ana Paula Souza' })).toContainText('ana.paula@novo.com');
  await page.getByTestId('contact-row').filter({ hasText: 'Ana Paula Souza' }).getByRole('button', { name: 'Editar Ana Paula Souza' }).click();
  await expect(page.getByRole('dialog', { name: 'Editar contato' }).getByLabel('E-mail')).toHaveValue('ana.paula@novo.com');
});
