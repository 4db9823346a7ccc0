import fs from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { unzipSync } from 'fflate';
import { removeDir, startHost, type RunningHost } from './support/host';
import { addSimulatedNumber, createCampaign, firstLaunch, nav, startCampaign, total } from './support/journey';
import { importCsvByClicks, smallCsv } from './support/ui-steps';
import { simulatorLedger } from './support/simulator-ledger';

let host: RunningHost | null = null;
const dirs: string[] = [];
test.afterEach(async () => {
  await host?.stop();
  host = null;
});
test.afterAll(() => dirs.forEach(removeDir));

async function openSettings(page: Page, url: string): Promise<void> {
  await page.goto(url);
  // A fresh data folder first asks about the license; the trial is enough here.
  const trial = page.getByRole('button', { name: 'Continuar no modo de avaliação' });
  const home = page.getByRole('heading', { level: 1, name: 'Início' });
  // A fresh core can take a while to answer the first call on a busy machine ("Carregando…").
  await expect(trial.or(home)).toBeVisible({ timeout: 30_000 });
  if (await trial.isVisible()) await trial.click();
  await page.getByRole('navigation', { name: 'Navegação principal' }).getByRole('link', { name: 'Configurações' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Configurações' })).toBeVisible();
}

function zipEntries(file: string): Record<string, Uint8Array> {
  return unzipSync(new Uint8Array(fs.readFileSync(file)));
}

test('Configurações → Dados e backup: backup and export download; a restore restarts the core and the open tab comes back with the restored data', async ({ page }) => {
  host = await startHost({ env: { RECADO_AUTO_BACKUP: 'off' } });
  dirs.push(host.dataDir);
  await openSettings(page, host.url);
  const section = page.getByRole('region', { name: 'Dados e backup' });
  await expect(section.getByTestId('data-last-backup')).toHaveText('nenhum ainda');

  // Something worth restoring: the business name, typed in.
  await page.getByLabel('Nome do seu negócio').fill('Padaria Antes do Backup');
  await page.getByLabel('Nome do seu negócio').press('Enter');
  await expect(page.getByText('Configuração salva').first()).toBeVisible();

  // "Fazer backup agora" downloads one .zip with the database and its description.
  const [backup] = await Promise.all([page.waitForEvent('download'), section.getByRole('button', { name: 'Fazer backup agora' }).click()]);
  expect(backup.suggestedFilename()).toMatch(/^recado-manual-\d{4}-\d{2}-\d{2}T.*\.zip$/);
  const backupFile = await backup.path();
  const entries = zipEntries(backupFile);
  expect(Object.keys(entries)).toEqual(expect.arrayContaining(['manifest.json', 'recado.db']));
  expect(JSON.parse(Buffer.from(entries['manifest.json']).toString())).toMatchObject({ format: 'recado-backup', kind: 'manual' });
  await expect(page.getByText(/^Backup pronto: o download de recado-manual-/)).toBeVisible();
  await expect(section.getByTestId('data-last-backup')).not.toHaveText('nenhum ainda');

  // "Exportar todos os dados" downloads the spreadsheets.
  const [exported] = await Promise.all([page.waitForEvent('download'), section.getByRole('button', { name: 'Exportar todos os dados' }).click()]);
  expect(exported.suggestedFilename()).toMatch(/^recado-dados-.*\.zip$/);
  const exportEntries = zipEntries(await exported.path());
  expect(Object.keys(exportEntries)).toEqual(expect.arrayContaining(['csv/contatos.csv', 'csv/campanhas.csv', 'recado-dados.xlsx', 'LEIA-ME.txt']));

  // Change something after the backup, then restore the backup through the file picker.
  await page.getByLabel('Nome do seu negócio').fill('Nome depois do backup');
  await page.getByLabel('Nome do seu negócio').press('Enter');
  await expect(page.getByText('Configuração salva').first()).toBeVisible();

  await section.getByLabel('Restaurar backup…').setInputFiles(backupFile);
  const confirm = page.getByRole('dialog', { name: 'Restaurar este backup?' });
  await expect(confirm).toBeVisible();
  await confirm.getByRole('button', { name: 'Verificar e restaurar' }).click();

  // The host restarts its core by itself; the tab says so, reconnects with its session and reloads.
  await expect(page.getByTestId('restart-notice')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: 'Configurações' })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('restart-notice')).toHaveCount(0, { timeout: 30_000 });
  await expect(page.getByLabel('Nome do seu negócio')).toHaveValue('Padaria Antes do Backup');
  await expect(page.getByTestId('connection-status')).toHaveText('Conectado ao Recado');
  expect(page.url()).toBe(`${host.origin}/#/configuracoes`);
  expect(host.process.exitCode).toBeNull();

  // The user is told once, and the replaced data was kept.
  const bell = page.getByRole('button', { name: /^Notificações \(1 novas?\)$/ });
  await bell.click();
  const panel = page.getByRole('region', { name: 'Notificações' });
  await expect(panel.getByText('Backup restaurado')).toBeVisible();
  await expect(panel.getByText(/Os dados que estavam no Recado antes foram guardados em .*before-restore-/)).toBeVisible();
  expect(fs.readdirSync(`${dirs[0]}/backups`).some((d) => d.startsWith('before-restore-'))).toBe(true);
  expect(fs.existsSync(`${dirs[0]}/restore-pending`)).toBe(false);

  // The restored data stays after a plain reload too (nothing is left pending for the next start).
  await page.reload();
  await expect(page.getByLabel('Nome do seu negócio')).toHaveValue('Padaria Antes do Backup');
});

test('a file that is not a Recado backup is refused with a clear message', async ({ page }) => {
  host = await startHost({ env: { RECADO_AUTO_BACKUP: 'off' } });
  dirs.push(host.dataDir);
  await openSettings(page, host.url);
  const section = page.getByRole('region', { name: 'Dados e backup' });
  await section.getByLabel('Restaurar backup…').setInputFiles({ name: 'planilha.zip', mimeType: 'application/zip', buffer: Buffer.from('isto não é um zip'.repeat(20)) });
  await page.getByRole('dialog', { name: 'Restaurar este backup?' }).getByRole('button', { name: 'Verificar e restaurar' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'O arquivo não é um backup válido do Recado' })).toBeVisible();
  await expect(section.getByTestId('restore-staged')).toHaveCount(0);
});

const TEN = Array.from({ length: 10 }, (_, i): [string, string] => [`Cliente ${String.fromCharCode(65 + i)} Teste`, `(11) 98765-43${10 + i}`]);

test('restore while a campaign runs: the campaign comes back paused, says what was reconciled, and nobody gets it twice after Retomar', async ({ page }) => {
  test.setTimeout(240_000);
  host = await startHost({ env: { RECADO_AUTO_BACKUP: 'off' } });
  dirs.push(host.dataDir);
  await firstLaunch(page, host);
  await addSimulatedNumber(page);
  await importCsvByClicks(page, { name: 'clientes.csv', buffer: smallCsv(TEN) }, 'Clientes');
  await createCampaign(page, { name: 'Promoção de inverno', list: /Clientes/, message: 'Oi {primeiro_nome}, chegou a coleção de inverno.', pause: [2, 3] });
  const campaignUrl = page.url();
  await startCampaign(page);
  await expect(page.getByText('Campanha iniciada.')).toBeVisible();
  await expect.poll(() => simulatorLedger(host!.dataDir).length, { timeout: 30_000 }).toBeGreaterThanOrEqual(2);

  // A backup while it sends; then more messages go out before the restore.
  await nav(page).getByRole('link', { name: 'Configurações' }).click();
  const section = page.getByRole('region', { name: 'Dados e backup' });
  const [backup] = await Promise.all([page.waitForEvent('download'), section.getByRole('button', { name: 'Fazer backup agora' }).click()]);
  const backupFile = await backup.path();
  const atBackup = simulatorLedger(host.dataDir).length;
  await expect.poll(() => simulatorLedger(host!.dataDir).length, { timeout: 30_000 }).toBeGreaterThanOrEqual(atBackup + 2);

  await section.getByLabel('Restaurar backup…').setInputFiles(backupFile);
  await page.getByRole('dialog', { name: 'Restaurar este backup?' }).getByRole('button', { name: 'Verificar e restaurar' }).click();
  await expect(page.getByTestId('restart-notice')).toBeVisible();
  await expect(page.getByTestId('restart-notice')).toHaveCount(0, { timeout: 60_000 });
  await expect(page.getByTestId('connection-status')).toHaveText('Conectado ao Recado');

  // The campaign is paused, and its notice says what the send journal put back.
  await page.goto(campaignUrl);
  await expect(page.getByRole('heading', { level: 1, name: 'Promoção de inverno' })).toBeVisible();
  await expect(page.locator('.page-header').getByText('Pausada')).toBeVisible();
  const notice = page.getByRole('alert').filter({ hasText: 'A campanha foi pausada depois da restauração do backup' });
  await expect(notice).toContainText(/envios? feitos? depois do backup (foi|foram) marcados? como enviados?/);
  await expect(notice).toContainText('quem já recebeu não recebe de novo');
  const sentBeforeResume = simulatorLedger(host.dataDir).length;
  expect(await total(page, 'sent')).toBeGreaterThanOrEqual(sentBeforeResume - 1);

  // Retomar: the rest go out, and the Simulator's ledger has each phone exactly once.
  await page.getByRole('button', { name: 'Retomar' }).click();
  await expect(page.locator('.page-header').getByText('Concluída')).toBeVisible({ timeout: 90_000 });
  const sent = simulatorLedger(host.dataDir);
  const perPhone = new Map<string, number>();
  for (const e of sent) perPhone.set(e.jid, (perPhone.get(e.jid) ?? 0) + 1);
  expect([...perPhone.values()].filter((n) => n > 1)).toEqual([]);
  // Everyone was reached once, except a send the journal could only call uncertain (never resent).
  expect(perPhone.size + (await total(page, 'uncertain'))).toBe(TEN.length);
});

test('Apagar todos os dados…: after typing APAGAR, Contatos and Campanhas are empty', async ({ page }) => {
  test.setTimeout(120_000);
  host = await startHost({ env: { RECADO_AUTO_BACKUP: 'off' } });
  dirs.push(host.dataDir);
  await firstLaunch(page, host);
  await addSimulatedNumber(page);
  await importCsvByClicks(page, { name: 'clientes.csv', buffer: smallCsv(TEN.slice(0, 3)) }, 'Clientes');
  await createCampaign(page, { name: 'Para apagar', list: /Clientes/, message: 'Oi {primeiro_nome}!', pause: [1, 1] });

  await nav(page).getByRole('link', { name: 'Configurações' }).click();
  await page.getByRole('region', { name: 'Dados e backup' }).getByRole('button', { name: 'Apagar todos os dados…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Apagar todos os dados?' });
  const confirm = dialog.getByRole('button', { name: 'Apagar tudo' });
  await expect(confirm).toBeDisabled();
  await dialog.getByLabel('Para confirmar, digite APAGAR').fill('apaga');
  await expect(confirm).toBeDisabled();
  await dialog.getByLabel('Para confirmar, digite APAGAR').fill('APAGAR');
  // The page reloads by itself once the data is gone.
  const reloaded = page.waitForEvent('load');
  await confirm.click();
  await expect(page.getByText(/^Todos os dados foram apagados\. Uma cópia de segurança ficou em /)).toBeVisible();
  await reloaded;

  await nav(page).getByRole('link', { name: 'Contatos' }).click();
  await expect(page.getByTestId('contacts-empty')).toBeVisible();
  await nav(page).getByRole('link', { name: 'Campanhas' }).click();
  await expect(page.getByTestId('campaigns-empty')).toBeVisible();
});
