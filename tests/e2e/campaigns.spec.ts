import { expect, test } from '@playwright/test';
import fs from 'node:fs';
import Papa from 'papaparse';
import * as XLSX from 'xlsx';
import { removeDir, startHost, type RunningHost } from './support/host';
import { addSimulatedNumber, createCampaign, firstLaunch, importCsv, nav, startCampaign, total } from './support/journey';
import { journeyLeads, writeJourneyCsv } from '../fixtures/journey-csv';

// Story 1 of issue 13, by clicks alone from a fresh data folder: first launch → trial → a
// simulated number → a Windows-1252 `;` CSV through the file picker → a campaign in the wizard
// (list, spintax + {primeiro_nome}, pace, window, number) → start → sends arrive live →
// pause (a queued contact answers SAIR meanwhile) → resume → finish → the report as CSV and XLSX.

// The computer is in Lisbon, the app in São Paulo (its default): times say which zone they are in.
test.use({ timezoneId: 'Europe/Lisbon' });

let host: RunningHost | undefined;
test.afterEach(async () => {
  await host?.stop();
  if (host) removeDir(host.dataDir);
});

const LEADS = journeyLeads();
const MESSAGE = '{Oi|Olá} {primeiro_nome}! O pão de queijo saiu agora do forno. Passa aqui?';

test('story 1: a first campaign from first launch to the exported report', async ({ page }) => {
  test.setTimeout(180_000);
  host = await startHost({ env: { RECADO_AUTO_BACKUP: 'off' } });
  const csvFile = writeJourneyCsv(test.info().outputPath());
  await firstLaunch(page, host);

  // A simulated number, with a daily cap of 500.
  await addSimulatedNumber(page);
  const numbers = page.getByRole('list', { name: 'Seus números' });
  await numbers.getByText('Limites e aquecimento').click();
  await numbers.getByLabel('Máximo de mensagens por dia').fill('500');
  await numbers.getByRole('button', { name: 'Salvar limites' }).click();
  await expect(page.getByText('Limites do número salvos.')).toBeVisible();
  await expect(numbers.getByText(/0 de 500/)).toBeVisible();

  // The spreadsheet, through the file picker; accented names come out right.
  await importCsv(page, csvFile, 'Clientes da padaria', { imported: LEADS.length });
  await page.getByRole('button', { name: 'Ver os contatos da lista' }).click();
  await expect(page.getByTestId('contacts-count')).toHaveText(`${LEADS.length} contatos`);
  await expect(page.getByTestId('contact-row').filter({ hasText: 'Conceição Brandão' })).toBeVisible();

  // The wizard: the only connected number is already chosen, with its state and today's sends.
  await createCampaign(page, {
    name: 'Pão de queijo quentinho',
    list: /Clientes da padaria/,
    message: MESSAGE,
    pause: [1, 2],
    atNumbers: async (p) => {
      const section = p.getByTestId('wizard-numbers');
      await expect(section.getByRole('heading', { name: 'Números que enviam' })).toBeVisible();
      await expect(section.getByRole('checkbox', { name: /Número simulado 1/ })).toBeChecked();
      await expect(section).toContainText('SIMULADO');
      await expect(section).toContainText('Conectado');
      await expect(section).toContainText('Hoje: 0 de 500 envios');
      await p.screenshot({ path: test.info().outputPath('wizard-numeros.png'), fullPage: true });
    },
    atReview: async (p) => {
      await expect(p.getByTestId('review-reach')).toHaveText(`${LEADS.length} contatos vão receber`);
      await expect(p.getByTestId('review-numbers')).toContainText('Número simulado 1');
      await expect(p.getByTestId('review-numbers')).toContainText('SIMULADO');
      await p.screenshot({ path: test.info().outputPath('wizard-revisao.png'), fullPage: true });
    },
  });

  // The draft's page sums it up; "Iniciar campanha" asks first, saying who receives it and how.
  await expect(page.getByTestId('campaign-draft-facts').getByTestId('review-reach')).toHaveText(`${LEADS.length} contatos vão receber`);
  await page.getByRole('button', { name: 'Iniciar campanha' }).click();
  const question = page.getByRole('dialog', { name: 'Iniciar a campanha "Pão de queijo quentinho"?' });
  await expect(question).toContainText(`A mensagem vai para ${LEADS.length} contatos.`);
  await expect(question).toContainText('Pelo número Número simulado 1.');
  await expect(question).toContainText('É um número simulado: nada sai de verdade pelo WhatsApp');
  await question.getByRole('button', { name: 'Voltar' }).click();
  await expect(question).toBeHidden();
  await expect(page.locator('.page-header').getByText('Rascunho')).toBeVisible();

  // Start; the figures move without reloading the page.
  const marker = await page.evaluate(() => ((window as unknown as { __noReload: number }).__noReload = Math.random()));
  await startCampaign(page);
  await expect(page.getByText('Campanha iniciada.')).toBeVisible();
  await expect(page.getByTestId('total-total').locator('dd')).toHaveText(String(LEADS.length));
  await expect.poll(() => total(page, 'sent'), { timeout: 20_000 }).toBeGreaterThan(0);
  await expect(page.getByTestId('campaign-when')).toContainText('Iniciada em');
  await expect(page.getByTestId('campaign-when')).toContainText('(horário de America/Sao Paulo)');
  // The estimated end, from the real pace and the window, in the same named zone.
  await expect(page.getByTestId('results-eta')).toContainText(/Estimativa de término: .*horário de America\/Sao Paulo/);

  // Pause midway: nothing more goes out.
  await page.getByRole('button', { name: 'Pausar' }).click();
  await expect(page.locator('.page-header').getByText('Pausada')).toBeVisible();
  await expect(page.getByTestId('results-eta')).toHaveText('Campanha pausada: a estimativa volta quando você retomar.');
  await expect(page.getByTestId('total-queued').locator('dd')).not.toHaveText('0');
  const queuedWhilePaused = await total(page, 'queued');
  const sentWhilePaused = await total(page, 'sent');
  expect(queuedWhilePaused).toBeGreaterThan(0);

  // One contact still in the queue answers SAIR on the simulated number.
  await page.getByLabel('Mostrar').selectOption({ label: 'Na fila' });
  const waiting = page.getByRole('table').getByRole('row').last();
  const leaver = (await waiting.locator('td').nth(0).textContent())!.trim();
  const leaverPhone = (await waiting.locator('td').nth(1).textContent())!.trim();
  expect(LEADS.map((l) => l.name)).toContain(leaver);
  await nav(page).getByRole('link', { name: 'Números' }).click();
  await page.getByText('Simular resposta de um contato').click();
  await page.getByLabel('Telefone do contato').fill(leaverPhone);
  await page.getByLabel('Mensagem recebida').fill('Sair');
  await page.getByRole('button', { name: 'Simular resposta' }).click();
  await expect(page.getByText('Resposta simulada recebida.')).toBeVisible();
  await page.goBack();
  await expect(page.getByRole('heading', { level: 1, name: 'Pão de queijo quentinho' })).toBeVisible();
  expect(await total(page, 'sent')).toBe(sentWhilePaused);

  // Resume and watch it finish.
  await page.getByRole('button', { name: 'Retomar' }).click();
  await expect(page.locator('.page-header').getByText('Concluída')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('total-queued').locator('dd')).toHaveText('0');
  const sent = await total(page, 'sent');
  const ended = sent + (await total(page, 'failed')) + (await total(page, 'invalid')) + (await total(page, 'uncertain'));
  expect(ended + (await total(page, 'skipped'))).toBe(LEADS.length);
  expect(await total(page, 'cancelled')).toBe(0);
  expect(await page.evaluate(() => (window as unknown as { __noReload?: number }).__noReload)).toBe(marker);

  // The contact who left was not sent to, and the reason says why.
  await page.getByLabel('Mostrar').selectOption({ label: 'Não enviada' });
  const left = page.getByRole('table').getByRole('row', { name: new RegExp(leaver) });
  await expect(left).toContainText('O contato pediu para não receber mais mensagens.');

  // The report, as CSV and as Excel, says what the page says.
  const panel = page.getByTestId('campaign-results');
  const [csvDownload] = await Promise.all([page.waitForEvent('download'), panel.getByRole('button', { name: 'Exportar CSV' }).click()]);
  expect(csvDownload.suggestedFilename()).toMatch(/^recado-campanha-\d+-pao-de-queijo-quentinho-\d{4}-\d{2}-\d{2}-SIMULADO\.csv$/);
  const text = fs.readFileSync(await csvDownload.path(), 'utf8');
  expect(text.charCodeAt(0)).toBe(0xfeff);
  const rows = Papa.parse<string[]>(text.slice(1), { delimiter: ';', skipEmptyLines: true }).data;
  expect(rows[0]).toEqual(['Contato', 'Telefone', 'Situação', 'Variação', 'Texto enviado', 'Número usado', 'Enviada em', 'Entregue em', 'Lida em', 'Respondida em', 'Erro', 'Resposta']);
  expect(rows).toHaveLength(LEADS.length + 1);
  expect(rows.slice(1).map((r) => r[0]).sort()).toEqual(LEADS.map((l) => l.name).sort());
  const reached = rows.slice(1).filter((r) => ['Enviada', 'Entregue', 'Lida'].includes(r[2]));
  expect(reached).toHaveLength(sent);
  for (const r of reached) {
    const lead = LEADS.find((l) => l.name === r[0])!;
    expect(r[4]).toMatch(new RegExp(`^(Oi|Olá) ${lead.firstName}! O pão de queijo saiu agora do forno\\. Passa aqui\\?`));
    expect(r[5]).toBe('Número simulado 1 (SIMULADO)');
    expect(r[6]).toMatch(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2}$/);
  }
  expect(rows.find((r) => r[0] === leaver)?.[2]).toBe('Não enviada');

  const [xlsxDownload] = await Promise.all([page.waitForEvent('download'), panel.getByRole('button', { name: 'Exportar Excel' }).click()]);
  expect(xlsxDownload.suggestedFilename()).toMatch(/-SIMULADO\.xlsx$/);
  const wb = XLSX.read(fs.readFileSync(await xlsxDownload.path()));
  expect(wb.SheetNames).toEqual(['Resumo', 'Envios']);
  const sheet = XLSX.utils.sheet_to_json<string[]>(wb.Sheets.Envios, { header: 1, defval: '' });
  // Receipts keep arriving between the two exports: compare what does not change.
  const stable = (r: string[]) => [r[0], r[1], r[3], r[4], r[5], r[6]];
  expect(sheet.map(stable)).toEqual(rows.map(stable));
  const summary = XLSX.utils.sheet_to_json<Array<string | number>>(wb.Sheets.Resumo, { header: 1 });
  expect(summary).toContainEqual(['Contatos na campanha', LEADS.length]);
  expect(summary).toContainEqual(['Enviadas', sent]);
  await page.screenshot({ path: test.info().outputPath('campanha-concluida.png'), fullPage: true });

  // The list agrees; Contatos → Descadastros has the contact who left, exportable.
  await page.getByRole('link', { name: 'Voltar para campanhas' }).click();
  const list = page.getByRole('list', { name: 'Suas campanhas' });
  await expect(list.getByText('Concluída')).toBeVisible();
  await expect(list.getByRole('progressbar', { name: 'Progresso da campanha Pão de queijo quentinho' })).toHaveAttribute('value', String(ended));
  await expect(list).toContainText(`${ended} de ${LEADS.length} enviados ou com falha · ${sent} enviadas`);
  await nav(page).getByRole('link', { name: 'Contatos' }).click();
  await page.getByRole('link', { name: 'Descadastros' }).click();
  const optOut = page.getByTestId('optouts-table').getByRole('row', { name: new RegExp(leaver) });
  await expect(optOut).toContainText('Respondeu');
  await expect(optOut).toContainText('SAIR');
  const optOutsDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Exportar CSV' }).click();
  const optOutsCsv = fs.readFileSync(await (await optOutsDownload).path(), 'utf8');
  expect(optOutsCsv.replace(/^\ufeff/, '').split('\r\n')[0]).toBe('telefone;nome;data_saida;origem;palavra');
  expect(optOutsCsv).toContain(`${leaver};`);
});
