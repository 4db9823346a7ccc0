import { expect, test } from '@playwright/test';
import { openStore } from '../../electron/core/db/open';
import { fastDraft, seedContacts, testPhone } from '../../electron/core/campaigns/engine/testing/fixtures';
import { connectApiWithCookie, type HostApi } from '../crash/ws-api';
import { removeDir, startHost, type RunningHost } from './support/host';

let host: RunningHost;
let api: HostApi | undefined;
test.afterEach(async () => {
  api?.close();
  await host?.stop();
  if (host) removeDir(host.dataDir);
});

const CONTACTS = 8;

test('run a campaign on a simulated number: start, pause, opt-out reply, resume, finish', async ({ page, context }) => {
  test.setTimeout(120_000);
  // Contacts are seeded straight into the data dir before the host starts.
  const fs = await import('node:fs');
  const os = await import('node:os');
  const path = await import('node:path');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'recado-e2e-campaigns-'));
  const { db } = openStore(dataDir);
  const { listId } = seedContacts(db, { list: 'Clientes VIP', count: CONTACTS });
  db.close();

  host = await startHost({ dataDir });
  await page.goto(host.url);
  await page.getByRole('button', { name: 'Continuar no modo de avaliação' }).click();
  const nav = page.getByRole('navigation', { name: 'Navegação principal' });

  // Add a simulated number in the UI: it is labelled SIMULADO and connects at once.
  await nav.getByRole('link', { name: 'Números' }).click();
  await page.getByRole('button', { name: 'Criar número simulado' }).first().click();
  const numbers = page.getByRole('list', { name: 'Seus números' });
  await expect(numbers.getByText('SIMULADO', { exact: true })).toBeVisible();
  await expect(numbers.getByText('Conectado', { exact: true })).toBeVisible();

  // Per-number caps: a daily cap shows up as today's sends against it.
  await numbers.getByText('Limites e aquecimento').click();
  await numbers.getByLabel('Máximo de mensagens por dia').fill('500');
  await numbers.getByRole('button', { name: 'Salvar limites' }).click();
  await expect(page.getByText('Limites do número salvos.')).toBeVisible();
  await expect(numbers.getByText(/0 de 500/)).toBeVisible();

  // Create the campaign through the API (the wizard has its own tests): 0 s between messages,
  // "digitando…" on so each message takes about a second and the run can be paused midway.
  const cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
  api = await connectApiWithCookie(host.origin, cookie);
  const [number] = await api.call<Array<{ id: number }>>('numbers.list');
  const draft = fastDraft({ listIds: [listId], numberIds: [number.id] });
  draft.name = 'Promoção de Natal';
  draft.pacing = { ...draft.pacing, typing: true };
  draft.messages.variations = [{ id: 'v1', text: 'Oi {primeiro_nome}, a promoção de Natal começou! Aproveite.', attachment: null }];
  const campaign = await api.call<{ id: number }>('campaigns.create', { draft });

  // The list shows the draft; open it and start it.
  await nav.getByRole('link', { name: 'Campanhas' }).click();
  const list = page.getByRole('list', { name: 'Suas campanhas' });
  await expect(list.getByText('Rascunho')).toBeVisible();
  await list.getByRole('link', { name: 'Promoção de Natal' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Promoção de Natal' })).toBeVisible();
  await page.getByRole('button', { name: 'Iniciar campanha' }).click();
  await expect(page.getByText('Campanha iniciada.')).toBeVisible();
  await expect(page.getByTestId('total-total')).toContainText(String(CONTACTS));

  // Pause after the first message; nothing more goes out while paused.
  await expect(page.getByTestId('total-queued')).not.toContainText(String(CONTACTS));
  await page.getByRole('button', { name: 'Pausar' }).click();
  await expect(page.locator('.page-header').getByText('Pausada')).toBeVisible();
  const queuedWhilePaused = await page.getByTestId('total-queued').locator('dd').innerText();
  expect(Number(queuedWhilePaused)).toBeGreaterThan(0);

  // The last contact (still queued) answers "SAIR" on the simulated number.
  await nav.getByRole('link', { name: 'Números' }).click();
  await page.getByText('Simular resposta de um contato').click();
  await page.getByLabel('Telefone do contato').fill(testPhone(CONTACTS - 1));
  await page.getByLabel('Mensagem recebida').fill('Sair');
  await page.getByRole('button', { name: 'Simular resposta' }).click();
  await expect(page.getByText('Resposta simulada recebida.')).toBeVisible();

  // Resume and watch it finish.
  await page.goto(`${host.origin}/#/campanhas/${campaign.id}`);
  await page.getByRole('button', { name: 'Retomar' }).click();
  await expect(page.locator('.page-header').getByText('Concluída')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('total-queued')).toContainText('0');
  await expect(page.getByTestId('total-skipped').locator('dd')).not.toHaveText('0');

  // The opted-out contact was skipped, with the reason.
  await page.getByLabel('Mostrar').selectOption({ label: 'Pulada' });
  const table = page.getByRole('table');
  const row = table.getByRole('row', { name: new RegExp(`Cliente ${CONTACTS - 1}\\b`) });
  await expect(row).toBeVisible();
  await expect(row.getByText('O contato pediu para não receber mais mensagens.')).toBeVisible();

  // The list shows it finished.
  await page.getByRole('link', { name: 'Voltar para campanhas' }).click();
  await expect(list.getByText('Concluída')).toBeVisible();
  await expect(list.getByRole('progressbar', { name: 'Progresso da campanha Promoção de Natal' })).toHaveAttribute('value', String(CONTACTS));

  // Contatos → Descadastros: who left, how and with which word; exportable.
  await nav.getByRole('link', { name: 'Contatos' }).click();
  await page.getByRole('link', { name: 'Descadastros' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Descadastros' })).toBeVisible();
  await expect(page.getByTestId('optouts-count')).toHaveText('1 pessoa descadastrada');
  const optOut = page.getByTestId('optouts-table').getByRole('row', { name: new RegExp(`Cliente ${CONTACTS - 1}\\b`) });
  await expect(optOut).toContainText('Respondeu');
  await expect(optOut).toContainText('SAIR');
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Exportar CSV' }).click();
  const csv = fs.readFileSync(await (await download).path(), 'utf8');
  expect(csv.replace(/^\ufeff/, '').split('\r\n')[0]).toBe('telefone;nome;data_saida;origem;palavra');
  expect(csv).toContain(`Cliente ${CONTACTS - 1};`);
});
