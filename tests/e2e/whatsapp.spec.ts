import path from 'node:path';
import Database from 'better-sqlite3';
import { expect, test, type Page } from '@playwright/test';
import { removeDir, startHost, type RunningHost } from './support/host';

// Browser mode with the test-only fake WhatsApp (refused outside NODE_ENV=test): it shows a QR,
// "scans" it after ~3 s, restarts with 515 like WhatsApp does, and connects.
const FAKE_ENV = { NODE_ENV: 'test', RECADO_TEST_FAKE_WHATSAPP: '1' };

let host: RunningHost | undefined;
const dataDirs = new Set<string>();
test.afterEach(async () => {
  await host?.stop();
  if (host) dataDirs.add(host.dataDir);
});
test.afterAll(() => {
  for (const dir of dataDirs) removeDir(dir);
});

async function openNumbers(page: Page, h: RunningHost) {
  await page.goto(h.url);
  const trial = page.getByRole('button', { name: 'Continuar no modo de avaliação' });
  const home = page.getByRole('heading', { level: 1, name: 'Início' });
  await expect(trial.or(home)).toBeVisible();
  if (await trial.isVisible()) await trial.click();
  await page.getByRole('navigation', { name: 'Navegação principal' }).getByRole('link', { name: 'Números' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Números' })).toBeVisible();
}

/** On Números: links the fake phone through the dialog, as "Loja Centro". */
async function linkFakePhone(page: Page) {
  await page.getByRole('button', { name: 'Adicionar número' }).click();
  const dialog = page.getByRole('dialog', { name: 'Adicionar número de WhatsApp' });
  await dialog.getByLabel('Nome do número').fill('Loja Centro');
  await dialog.getByRole('button', { name: 'Gerar QR Code' }).click();
  await expect(dialog.getByTestId('whatsapp-status')).toContainText('Conectado', { timeout: 20_000 });
  await dialog.getByRole('button', { name: 'Concluir' }).click();
  await expect(dialog).toBeHidden();
}

test('"Adicionar número": the QR code appears, the phone links and the number is "Conectado"', async ({ page }) => {
  host = await startHost({ env: FAKE_ENV });
  expect(host.output()).toContain('FAKE WHATSAPP ACTIVE');
  await openNumbers(page, host);

  await page.getByRole('button', { name: 'Adicionar número' }).click();
  const dialog = page.getByRole('dialog', { name: 'Adicionar número de WhatsApp' });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('Nome do número').fill('Loja Centro');
  await expect(dialog.getByRole('tab', { name: 'QR Code' })).toHaveAttribute('aria-selected', 'true');
  await dialog.getByRole('button', { name: 'Gerar QR Code' }).click();

  // A real image drawn from the QR payload, with the countdown and the live status.
  const qr = dialog.getByRole('img', { name: 'QR Code para conectar o WhatsApp' });
  await expect(qr).toBeVisible();
  await expect(qr).toHaveAttribute('src', /^data:image\/png;base64,/);
  await expect(dialog.getByText(/O código se renova em \d+ s/)).toBeVisible();
  await expect(dialog.getByTestId('whatsapp-status')).toContainText('Aguardando leitura do QR Code');

  // The fake phone scans it: the number turns "Conectado".
  await expect(dialog.getByTestId('whatsapp-status')).toContainText('Conectado');
  await expect(dialog.getByText('Número conectado! Ele já pode enviar campanhas.')).toBeVisible();
  await dialog.getByRole('button', { name: 'Concluir' }).click();
  await expect(dialog).toBeHidden();

  // Linked sessions survive a restart: the core reconnects on its own, no new QR.
  await host.stop();
  host = await startHost({ dataDir: host.dataDir, env: FAKE_ENV });
  const h = host;
  await expect
    .poll(() => {
      const db = new Database(path.join(h.dataDir, 'recado.db'), { readonly: true, fileMustExist: true });
      try {
        return db.prepare("SELECT label, status, phone FROM numbers WHERE kind = 'whatsapp'").all();
      } finally {
        db.close();
      }
    })
    .toEqual([{ label: 'Loja Centro', status: 'connected', phone: '+5511900000001' }]);
});

test('pairing code: type the phone and get the 8-character code with instructions', async ({ page }) => {
  host = await startHost({ env: FAKE_ENV });
  await openNumbers(page, host);
  await page.getByRole('button', { name: 'Adicionar número' }).click();
  const dialog = page.getByRole('dialog', { name: 'Adicionar número de WhatsApp' });
  await dialog.getByRole('tab', { name: 'Código de pareamento' }).click();
  await dialog.getByLabel('Número do WhatsApp (com DDD)').fill('(11) 98765-4321');
  await dialog.getByRole('button', { name: 'Gerar código' }).click();
  await expect(dialog.getByTestId('pairing-code')).toHaveText('ABCD-1234');
  await expect(dialog.getByText(/Conectar com número de telefone/)).toBeVisible();
  await expect(dialog.getByTestId('whatsapp-status')).toContainText('Conectado');
});

test('a campaign sends through the linked number and a read receipt turns the delivery into "Lida"', async ({ page, context }) => {
  test.setTimeout(120_000);
  const fs = await import('node:fs');
  const os = await import('node:os');
  const { openStore } = await import('../../electron/core/db/open');
  const { fastDraft, seedContacts } = await import('../../electron/core/campaigns/engine/testing/fixtures');
  const { connectApiWithCookie } = await import('../crash/ws-api');

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'recado-e2e-wa-campaign-'));
  const { db } = openStore(dataDir);
  const { listId } = seedContacts(db, { list: 'Clientes da loja', count: 1 });
  db.close();
  host = await startHost({ dataDir, env: FAKE_ENV });
  await openNumbers(page, host);

  await linkFakePhone(page);

  // A campaign on that number (created over the API; the wizard has its own tests).
  const cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
  const api = await connectApiWithCookie(host.origin, cookie);
  try {
    const numbers = await api.call<Array<{ id: number; kind: string }>>('numbers.list');
    const wa = numbers.find((n) => n.kind === 'whatsapp')!;
    const draft = fastDraft({ listIds: [listId], numberIds: [wa.id] });
    draft.name = 'Novidades da semana';
    const campaign = await api.call<{ id: number }>('campaigns.create', { draft });
    await api.call('campaigns.start', { id: campaign.id });

    // The detail page shows the delivery moving to "Lida" as the phone's receipts arrive.
    await page.goto(`${host.origin}/#/campanhas/${campaign.id}`);
    await expect(page.getByRole('heading', { level: 1, name: 'Novidades da semana' })).toBeVisible();
    await expect(page.getByRole('table').getByText('Lida', { exact: true })).toBeVisible({ timeout: 60_000 });
  } finally {
    api.close();
  }
});

test('"Verificar WhatsApp" on a list: asks for a connected number, then counts who has WhatsApp', async ({ page }) => {
  test.setTimeout(90_000);
  const fs = await import('node:fs');
  const os = await import('node:os');
  const { openStore } = await import('../../electron/core/db/open');
  const { seedContacts } = await import('../../electron/core/campaigns/engine/testing/fixtures');

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'recado-e2e-wa-check-'));
  const { db } = openStore(dataDir);
  seedContacts(db, { list: 'Clientes da loja', count: 3 });
  db.close();
  host = await startHost({ dataDir, env: FAKE_ENV });
  await openNumbers(page, host);

  const nav = page.getByRole('navigation', { name: 'Navegação principal' });
  const openCheck = async () => {
    await nav.getByRole('link', { name: 'Contatos' }).click();
    // A list's actions show on hover or when the keyboard focus is on it.
    await page.getByRole('navigation', { name: 'Listas' }).getByRole('link', { name: /Clientes da loja/ }).hover();
    await page.getByRole('button', { name: 'Verificar quais contatos de Clientes da loja têm WhatsApp' }).click();
    const dialog = page.getByRole('dialog', { name: 'Verificar WhatsApp: Clientes da loja' });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByText(/quais dos 3 contatos ativos desta lista têm WhatsApp\. Nenhuma mensagem é enviada/)).toBeVisible();
    await dialog.getByRole('button', { name: 'Verificar', exact: true }).click();
    return dialog;
  };

  // No connected number yet: a message that says what to do.
  let dialog = await openCheck();
  await expect(dialog.getByRole('alert')).toHaveText('Para verificar os números, conecte antes um número de WhatsApp em Números.');
  await dialog.getByRole('button', { name: 'Fechar' }).click();
  await expect(dialog).toBeHidden();

  // Link the (fake) phone, then check again.
  await nav.getByRole('link', { name: 'Números' }).click();
  await linkFakePhone(page);

  dialog = await openCheck();
  await expect(dialog.getByTestId('check-list-result')).toHaveText(
    '3 de 3 contatos têm WhatsApp; 0 não têm. Nas campanhas, quem não tem WhatsApp é pulado e marcado como inválido.',
    { timeout: 30_000 },
  );
  await dialog.getByRole('button', { name: 'Fechar' }).click();
  await expect(dialog).toBeHidden();
});
