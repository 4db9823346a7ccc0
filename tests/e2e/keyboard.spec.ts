import { expect, test, type Locator, type Page } from '@playwright/test';
import path from 'node:path';
import { goTo, importCsvByClicks, smallCsv, startTrial } from './support/ui-steps';
import { removeDir, startHost, type RunningHost } from './support/host';

let host: RunningHost | null = null;
test.afterEach(async () => {
  await host?.stop();
  if (host) removeDir(host.dataDir);
  host = null;
});

async function expectFocused(page: Page, locator: Locator): Promise<void> {
  await expect(locator).toBeFocused();
  // And really that element: a screen reader would announce it.
  expect(await page.evaluate(() => document.activeElement?.tagName)).not.toBe('BODY');
}

test('closing a dialog returns focus to the control that opened it', async ({ page }) => {
  host = await startHost();
  await startTrial(page, host.url);
  await importCsvByClicks(page, { name: 'clientes.csv', buffer: smallCsv([['Ana Souza', '(11) 98765-4321'], ['Bruno Lima', '(21) 99876-5432']]) }, 'Clientes');

  // Edit contact: opened from the keyboard, closed with Esc.
  const edit = page.getByRole('button', { name: 'Editar Ana Souza' });
  await edit.focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Editar contato' });
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expectFocused(page, edit);

  // Same dialog, saved: focus is back on the row's edit button.
  await page.keyboard.press('Enter');
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Salvar' }).press('Enter');
  await expect(dialog).toBeHidden();
  await expectFocused(page, edit);

  // A yes/no question (delete contact), cancelled.
  const remove = page.getByRole('button', { name: 'Excluir Bruno Lima' });
  await remove.focus();
  await page.keyboard.press('Enter');
  const confirm = page.getByRole('dialog', { name: /Excluir Bruno Lima/ });
  await expect(confirm).toBeVisible();
  await confirm.getByRole('button', { name: 'Cancelar' }).press('Enter');
  await expect(confirm).toBeHidden();
  await expectFocused(page, remove);

  // The new-list dialog, closed with Esc.
  const newList = page.getByRole('button', { name: 'Nova lista' });
  await newList.focus();
  await page.keyboard.press('Enter');
  const listDialog = page.getByRole('dialog', { name: 'Nova lista' });
  await expect(listDialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(listDialog).toBeHidden();
  await expectFocused(page, newList);

  // Numbers: a simulated number, and its Remove question cancelled with Esc.
  await goTo(page, 'Números');
  await page.getByRole('button', { name: 'Criar número simulado' }).first().click();
  const removeNumber = page.getByRole('button', { name: 'Remover Número simulado 1' });
  await removeNumber.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toBeHidden();
  await expectFocused(page, removeNumber);
});

test('the primary button shows a clearly visible focus ring', async ({ page }) => {
  host = await startHost();
  await startTrial(page, host.url);
  await goTo(page, 'Números');
  const primary = page.getByRole('button', { name: 'Adicionar número' }).first();
  // After a key press the browser treats focus as keyboard focus, so :focus-visible applies.
  await page.keyboard.press('Tab');
  await primary.focus();
  await expect(primary).toBeFocused();
  const ring = await primary.evaluate((el) => {
    const s = getComputedStyle(el);
    return { shadow: s.boxShadow, outline: `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}` };
  });
  // A dark ring at least 2px wide outside a white gap: 3:1 or more against the page and the button.
  expect(ring.shadow).toMatch(/rgb\(11, 79, 74\) 0px 0px 0px 4px/);
  expect(ring.shadow).toMatch(/rgb\(255, 255, 255\) 0px 0px 0px 2px/);
  // The ring is drawn outside the button: capture a margin around it.
  const box = (await primary.boundingBox())!;
  await page.screenshot({ path: path.join(test.info().outputDir, 'primary-focus.png'), clip: { x: box.x - 12, y: box.y - 12, width: box.width + 24, height: box.height + 24 } });
});
