import { expect, test } from '@playwright/test';
import { removeDir, startHost, type RunningHost } from './support/host';
import { addSimulatedNumber, createCampaign, firstLaunch, nav, startCampaign, total } from './support/journey';
import { importCsvByClicks, smallCsv } from './support/ui-steps';

// A label (etiqueta) put on a contact by hand becomes a campaign's audience: only the labelled
// contact receives it, and the review says so.

let host: RunningHost | undefined;
test.afterEach(async () => {
  await host?.stop();
  if (host) removeDir(host.dataDir);
});

test('a campaign to the contacts labelled "Interessado", by clicks', async ({ page }) => {
  test.setTimeout(120_000);
  host = await startHost({ env: { RECADO_AUTO_BACKUP: 'off' } });
  await firstLaunch(page, host);
  await addSimulatedNumber(page);
  await importCsvByClicks(page, { name: 'clientes.csv', buffer: smallCsv([['Ana Souza', '(11) 98765-4321'], ['Bruno Lima', '(21) 99876-5432'], ['Carla Dias', '(31) 99765-4321']]) }, 'Clientes');

  // Label Bruno by hand.
  await page.getByTestId('contact-row').filter({ hasText: 'Bruno Lima' }).getByRole('button', { name: 'Editar Bruno Lima' }).click();
  const dialog = page.getByRole('dialog', { name: 'Editar contato' });
  await dialog.getByLabel('Nova etiqueta').fill('Interessado');
  await dialog.getByRole('button', { name: 'Adicionar', exact: true }).click();
  await expect(dialog.getByText('Interessado', { exact: true })).toBeVisible();
  await dialog.getByRole('button', { name: 'Salvar' }).click();
  await expect(dialog).toBeHidden();

  // The wizard: no list, only the label.
  await nav(page).getByRole('link', { name: 'Campanhas' }).click();
  await page.getByRole('button', { name: 'Nova campanha' }).first().click();
  await page.getByLabel('Nome da campanha').fill('Para quem se interessou');
  const tags = page.getByRole('group', { name: 'Etiquetas que recebem a campanha' });
  await tags.getByRole('checkbox', { name: /Interessado/ }).check();
  await expect(page.getByText('Até 1 contato selecionado', { exact: false })).toBeVisible();
  await page.getByRole('button', { name: 'Avançar' }).click();
  await page.getByLabel('Texto da variação 1').fill('Oi {primeiro_nome}, separei uma oferta para você.');
  await page.getByRole('button', { name: 'Avançar' }).click();
  for (const day of ['Dom', 'Seg', 'Ter', 'Qua', 'Qui', 'Sex', 'Sáb']) await page.getByRole('checkbox', { name: day, exact: true }).check();
  await page.getByLabel('Das').fill('00:00');
  await page.getByLabel('Até').fill('23:59');
  await page.getByLabel('Não enviar em feriados nacionais').uncheck();
  await page.getByLabel('Pausa mínima (segundos)').fill('1');
  await page.getByLabel('Pausa máxima (segundos)').fill('1');
  await page.getByRole('button', { name: 'Avançar' }).click();
  await expect(page.getByTestId('review-ready')).toBeVisible();
  await expect(page.getByText('Nenhuma lista escolhida + 1 etiqueta')).toBeVisible();
  await page.getByRole('button', { name: 'Concluir' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Para quem se interessou' })).toBeVisible();

  await startCampaign(page);
  await expect(page.getByText('Campanha iniciada.')).toBeVisible();
  await expect(page.locator('.page-header').getByText('Concluída')).toBeVisible({ timeout: 60_000 });
  await expect(page.locator('.deliveries tbody tr')).toHaveCount(1);
  await expect(page.locator('.deliveries tbody tr').first()).toContainText('Bruno Lima');
});

test('a list and a label that overlap count each person once; "Não repetir contatos por 30 dias" then leaves nobody, and says why', async ({ page }) => {
  test.setTimeout(150_000);
  host = await startHost({ env: { RECADO_AUTO_BACKUP: 'off' } });
  await firstLaunch(page, host);
  await addSimulatedNumber(page);
  await importCsvByClicks(page, { name: 'clientes.csv', buffer: smallCsv([['Ana Souza', '(11) 98765-4321'], ['Bruno Lima', '(21) 99876-5410'], ['Carla Dias', '(31) 99765-4321']]) }, 'Clientes');

  // Bruno is in the list and has the label too.
  await page.getByTestId('contact-row').filter({ hasText: 'Bruno Lima' }).getByRole('button', { name: 'Editar Bruno Lima' }).click();
  const dialog = page.getByRole('dialog', { name: 'Editar contato' });
  await dialog.getByLabel('Nova etiqueta').fill('Interessado');
  await dialog.getByRole('button', { name: 'Adicionar', exact: true }).click();
  await dialog.getByRole('button', { name: 'Salvar' }).click();
  await expect(dialog).toBeHidden();

  await createCampaign(page, {
    name: 'Lista e etiqueta',
    list: /Clientes/,
    message: 'Oi {primeiro_nome}!',
    pause: [1, 1],
    atAudience: async (p) => {
      await p.getByRole('group', { name: 'Etiquetas que recebem a campanha' }).getByRole('checkbox', { name: /Interessado/ }).check();
      await expect(p.getByText('Até 3 contatos selecionados', { exact: false })).toBeVisible();
    },
  });
  await startCampaign(page);
  await expect(page.locator('.page-header').getByText('Concluída')).toBeVisible({ timeout: 60_000 });
  await expect(page.locator('.deliveries tbody tr')).toHaveCount(3);
  expect(await total(page, 'sent')).toBe(3);

  // The same people again, but nobody who got a message in the last 30 days.
  await createCampaign(page, {
    name: 'De novo, sem repetir',
    list: /Clientes/,
    message: 'Oi de novo, {primeiro_nome}!',
    pause: [1, 1],
    atAudience: async (p) => {
      // The step says who the rule leaves out, before any attempt to start.
      await p.getByLabel('Não repetir contatos por (dias)').fill('30');
      // (A Simulator contact may have answered SAIR meanwhile: then two are left out for the rule.)
      const note = p.getByTestId('audience-recent');
      await expect(note).toContainText(/^[23] contatos já receberam mensagem nos últimos 30 dias e ficam de fora desta campanha\./);
      await expect(note).toContainText('Ninguém recebe esta campanha: diminua os dias de "Não repetir contatos" ou escolha outro público.');
    },
    atReview: async (p) => {
      // The review says it too, with who is left out and why.
      await expect(p.getByTestId('review-reach')).toHaveText('Ninguém vai receber');
      await expect(p.getByTestId('review-audience')).toContainText(/Ficam de fora: .*[123] que já rec\w+ nos últimos 30 dias\./);
    },
  });
  await page.getByRole('button', { name: 'Iniciar campanha' }).click();
  const question = page.getByRole('dialog', { name: 'Iniciar a campanha "De novo, sem repetir"?' });
  await expect(question).toContainText('Ninguém recebe esta campanha agora.');
  await question.getByRole('button', { name: 'Iniciar envios' }).click();
  await expect(page.getByText(/Nenhum contato para enviar: .*já receberam mensagem recentemente/).first()).toBeVisible();
  await expect(page.locator('.page-header').getByText('Rascunho')).toBeVisible();
});
