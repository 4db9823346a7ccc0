import { expect, test } from '@playwright/test';
import { goTo, startTrial } from './support/ui-steps';
import { removeDir, startHost, type RunningHost } from './support/host';

let host: RunningHost | null = null;
test.afterEach(async () => {
  await host?.stop();
  if (host) removeDir(host.dataDir);
  host = null;
});

test('error toasts close by themselves but stay while hovered; a later success replaces the error; destructive actions end with a toast', async ({ page }) => {
  await page.clock.install();
  host = await startHost();
  await startTrial(page, host.url);
  await goTo(page, 'Configurações');
  const ai = page.getByRole('region', { name: 'Inteligência artificial (IA)' });
  const address = ai.getByLabel('Endereço do servidor');
  const save = ai.getByRole('button', { name: 'Salvar IA' });
  const error = page.getByRole('alert').filter({ hasText: 'O endereço do servidor de IA deve começar com http://' });

  // An error from the core, as a toast.
  await address.fill('ftp://127.0.0.1/v1');
  await save.click();
  await expect(error).toBeVisible();

  // Hovered, it stays however long the user takes to read it.
  await error.hover();
  await page.clock.fastForward(60_000);
  await expect(error).toBeVisible();
  // Left alone, it closes by itself.
  await page.mouse.move(5, 5);
  await page.clock.fastForward(13_000);
  await expect(error).toHaveCount(0);

  // Focus inside it (keyboard users) also keeps it.
  await save.click();
  await expect(error).toBeVisible();
  await error.getByRole('button', { name: 'Fechar' }).focus();
  await page.clock.fastForward(60_000);
  await expect(error).toBeVisible();
  await address.focus();

  // Fixing the mistake: the success makes the error obsolete, and it goes at once.
  await address.fill('http://127.0.0.1:11434/v1');
  await save.click();
  await expect(page.getByRole('status').filter({ hasText: 'Configuração de IA salva' })).toBeVisible();
  await expect(error).toHaveCount(0);

  // A destructive action ends with a result toast.
  await goTo(page, 'Números');
  await page.getByRole('button', { name: 'Criar número simulado' }).first().click();
  await page.getByRole('button', { name: 'Remover Número simulado 1' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Remover' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Número removido' })).toBeVisible();
});
