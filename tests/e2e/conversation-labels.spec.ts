import { expect, test } from '@playwright/test';
import { removeDir, startHost, type RunningHost } from './support/host';
import { addSimulatedNumber, firstLaunch, nav, simulateReply } from './support/journey';

// Issue 18, labels in Respostas, by clicks alone from a fresh data folder: two people write to a
// simulated number; the user saves one as a contact, labels them "quente" from the thread, and
// the inbox's label filter then shows only that conversation. Taking the label off empties it.

let host: RunningHost | undefined;
test.afterEach(async () => {
  await host?.stop();
  if (host) removeDir(host.dataDir);
});


test('a label set on a conversation filters the inbox', async ({ page }) => {
  test.setTimeout(150_000);
  host = await startHost({ env: { RECADO_AUTO_BACKUP: 'off' } });
  await firstLaunch(page, host);
  await addSimulatedNumber(page);
  await simulateReply(page, '+55 11 98765-4321', 'Quanto custa o kit?');
  await simulateReply(page, '+55 11 91234-5678', 'Agora não, obrigado');

  await nav(page).getByRole('link', { name: /Respostas/ }).click();
  await expect(page.getByTestId('conversation')).toHaveCount(2);
  await page.getByTestId('conversation').filter({ hasText: 'Quanto custa o kit?' }).click();
  const thread = page.getByTestId('thread');
  // Labels belong to contacts: a "Novo contato" is saved first.
  await expect(thread.getByTestId('conversation-labels')).toHaveCount(0);
  await expect(thread).toContainText('Salve este número como contato para usar etiquetas.');
  await thread.getByRole('button', { name: 'Salvar nos contatos' }).click();
  await page.getByLabel('Nome do contato').fill('Marina Souza');
  await page.getByRole('button', { name: 'Salvar contato' }).click();
  await expect(page.getByText('Contato salvo.').first()).toBeVisible();

  const labels = thread.getByTestId('conversation-labels');
  await expect(labels).toContainText('Sem etiquetas.');
  await labels.getByLabel('Adicionar etiqueta').fill('quente');
  await labels.getByRole('button', { name: 'Adicionar etiqueta' }).click();
  await expect(page.getByText('Etiqueta "quente" adicionada.').first()).toBeVisible();
  await expect(labels).toContainText('quente');
  await expect(page.getByTestId('conversation').filter({ hasText: 'Marina Souza' })).toContainText('quente');

  // Filter the inbox by the label: only Marina's conversation is left.
  await page.getByLabel('Etiqueta', { exact: true }).selectOption({ label: 'quente' });
  await expect(page.getByTestId('conversation')).toHaveCount(1);
  await expect(page.getByTestId('conversation')).toContainText('Marina Souza');
  await page.screenshot({ path: test.info().outputPath('etiquetas.png') });

  // Taking the label off from the thread empties the filtered list.
  await labels.getByRole('button', { name: 'Tirar a etiqueta quente' }).click();
  await expect(page.getByText('Etiqueta "quente" retirada.').first()).toBeVisible();
  await expect(page.getByTestId('conversation')).toHaveCount(0);
  await page.getByLabel('Etiqueta', { exact: true }).selectOption({ label: 'Todas as etiquetas' });
  await expect(page.getByTestId('conversation')).toHaveCount(2);
});
