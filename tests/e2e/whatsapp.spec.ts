import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect, test, type Page } from '@playwright/test';
import { WaStandIn } from '../../electron/core/channels/whatsapp/testing/wa-server';
import { decodeQrDataUrl } from './support/qr-decode';
import { removeDir, startHost, type RunningHost } from './support/host';
import { standInHost } from './support/wa-stand-in';
import { linkPhoneByQr } from './support/wa-link';
import { addSimulatedNumber, createCampaign, firstLaunch, importCsv, nav, startCampaign } from './support/journey';

// Browser mode against the local WhatsApp Web stand-in: the production Baileys socket speaks the
// real protocol to it (hidden test-only serve flags, refused outside NODE_ENV=test and the
// sources). Its "phone" links by reading the QR code drawn on the page, and its contacts decrypt,
// answer and send receipts.
const ACCOUNT = '5511900000001';

let wa: WaStandIn;
let host: RunningHost | undefined;
const dataDirs = new Set<string>();
test.beforeEach(async () => {
  wa = await WaStandIn.start();
});
test.afterEach(async () => {
  await host?.stop();
  if (host) dataDirs.add(host.dataDir);
  host = undefined;
  await wa.stop();
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

/** The phone points its camera at the QR code on screen. */
async function scanShownQr(page: Page, dialog: ReturnType<Page['getByRole']>, phone = ACCOUNT) {
  const img = dialog.getByRole('img', { name: 'QR Code para conectar o WhatsApp' });
  await expect(img).toBeVisible({ timeout: 20_000 });
  const src = await img.getAttribute('src');
  await wa.scanQr(phone, decodeQrDataUrl(src ?? ''));
}


test('"Adicionar número": the QR code appears, the phone links and the number is "Conectado"', async ({ page }) => {
  host = await startHost(standInHost(wa));
  await openNumbers(page, host);
  expect(host.output()).toContain('WHATSAPP STAND-IN ACTIVE');

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

  // The phone scans it: the number turns "Conectado".
  await scanShownQr(page, dialog);
  await expect(dialog.getByTestId('whatsapp-status')).toContainText('Conectado', { timeout: 20_000 });
  await expect(dialog.getByText('Número conectado! Ele já pode enviar campanhas.')).toBeVisible();
  await dialog.getByRole('button', { name: 'Concluir' }).click();
  await expect(dialog).toBeHidden();

  // Linked sessions survive a restart: the core reconnects on its own, no new QR.
  await host.stop();
  host = await startHost({ dataDir: host.dataDir, ...standInHost(wa) });
  const h = host;
  // The stand-in sees a second login (the row alone may still say "connected" from before).
  await expect.poll(() => wa.stats.logins, { timeout: 30_000 }).toBe(2);
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
  host = await startHost(standInHost(wa));
  // An account opened before the 9th digit: the code must go to the number as WhatsApp has it.
  wa.account('551187654321', 'Loja Antiga');
  await openNumbers(page, host);
  await page.getByRole('button', { name: 'Adicionar número' }).click();
  const dialog = page.getByRole('dialog', { name: 'Adicionar número de WhatsApp' });
  await dialog.getByRole('tab', { name: 'Código de pareamento' }).click();
  await dialog.getByLabel('Número do WhatsApp (com DDD)').fill('(11) 8765-4321');
  await dialog.getByRole('button', { name: 'Gerar código' }).click();
  const code = dialog.getByTestId('pairing-code');
  await expect(code).toHaveText(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/, { timeout: 20_000 });
  await expect(dialog.getByText(/Conectar com número de telefone/)).toBeVisible();
  // The user types the code on the phone.
  await wa.enterPairingCode('551187654321', ((await code.textContent()) ?? '').replace('-', ''));
  await expect(dialog.getByTestId('whatsapp-status')).toContainText('Conectado', { timeout: 20_000 });
});

test('a campaign by clicks on the linked number: contacts from a file, the wizard, "Lida" and the reply in Respostas', async ({ page }) => {
  test.setTimeout(150_000);
  // The customer is on WhatsApp (in the stand-in) and their phone sends delivered/read receipts.
  const customer = wa.contact('5511987650001', { name: 'Ana Conceição', autoReceipts: ['delivered', 'read'] });
  host = await startHost(standInHost(wa));
  await firstLaunch(page, host);

  // A simulated number to rehearse with, then the real one linked by QR: two to choose from.
  await addSimulatedNumber(page);
  await linkPhoneByQr(page, wa, ACCOUNT, 'Loja Centro');
  const numbers = page.getByRole('list', { name: 'Seus números' });
  // Cards only: since issue 19 a linked number's card holds its Grupos section, whose testid
  // (number-<id>-groups) also starts with "number-".
  await expect(numbers.getByTestId(/^number-\d+$/)).toHaveCount(2);

  // The customers' spreadsheet through the file picker.
  const file = test.info().outputPath('clientes.csv');
  fs.writeFileSync(file, 'Nome;Celular\r\nAna Conceição;(11) 98765-0001\r\n', 'latin1');
  await importCsv(page, file, 'Clientes da loja', { imported: 1 });

  // The wizard, sending from the linked number only.
  await createCampaign(page, {
    name: 'Novidades da semana',
    list: /Clientes da loja/,
    message: '{Oi|Olá} {primeiro_nome}!',
    pause: [1, 2],
    atNumbers: async (p) => {
      const section = p.getByTestId('wizard-numbers');
      const real = section.getByRole('checkbox', { name: /Loja Centro/ });
      const simulated = section.getByRole('checkbox', { name: /Número simulado 1/ });
      // Two connected numbers: nothing is chosen for the user.
      await expect(real).not.toBeChecked();
      await expect(section.getByTestId(/^wizard-number-/).filter({ hasText: 'Loja Centro' })).toContainText('Conectado');
      await real.check();
      await expect(simulated).not.toBeChecked();
    },
    atReview: async (p) => {
      await expect(p.getByTestId('review-numbers')).toContainText('Loja Centro');
      await expect(p.getByTestId('review-numbers')).not.toContainText('SIMULADO');
    },
  });

  await startCampaign(page);
  await expect(page.getByText('Campanha iniciada.')).toBeVisible();

  // What the customer's phone decrypted: the first name filled in, and the opt-out line.
  const got = await customer.waitForMessage(undefined, 60_000);
  expect(got.message.conversation ?? got.message.extendedTextMessage?.text).toMatch(/^(Olá|Oi) Ana!\n\nResponda SAIR para não receber mais mensagens\.$/);

  // The page follows the phone's receipts: delivered, then read, and the campaign ends.
  await expect(page.getByRole('table').getByText('Lida', { exact: true })).toBeVisible({ timeout: 30_000 });
  await expect(page.locator('.page-header').getByText('Concluída')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('total-read').locator('dd')).toHaveText('1');
  await expect(page.getByTestId('total-delivered').locator('dd')).toHaveText('1');
  await expect(page.getByRole('table').getByRole('row', { name: /Ana Conceição/ })).not.toContainText('SIMULADO');

  // The customer answers, quoting the message: the reply shows in Respostas, tied to the campaign.
  await wa.sendText(customer, ACCOUNT, 'Quero saber mais!', { quotedId: got.id });
  await nav(page).getByRole('link', { name: 'Respostas' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Respostas' })).toBeVisible();
  // Every reply as a list (the conversations view is tests/e2e/conversations.spec.ts).
  await page.getByRole('button', { name: 'Todas as respostas' }).click();
  const reply = page.getByTestId('reply').filter({ hasText: 'Quero saber mais!' });
  await expect(reply).toBeVisible({ timeout: 30_000 });
  await expect(reply).toContainText('Novidades da semana');
  await expect(reply).toContainText('Ana Conceição');
  await page.screenshot({ path: test.info().outputPath('respostas-whatsapp.png') });
});

test('without internet, linking says so in plain words and offers "Tentar de novo" instead of spinning', async ({ page }) => {
  // Nothing listens there: the connection is refused, as when the PC is offline.
  const closed = await WaStandIn.start({ media: false });
  const deadUrl = closed.url;
  await closed.stop();
  host = await startHost(standInHost(wa, deadUrl));
  await openNumbers(page, host);
  await page.getByRole('button', { name: 'Adicionar número' }).click();
  const dialog = page.getByRole('dialog', { name: 'Adicionar número de WhatsApp' });
  await dialog.getByRole('button', { name: 'Gerar QR Code' }).click();
  const status = dialog.getByTestId('whatsapp-status');
  await expect(status).toContainText('Sem conexão com a internet', { timeout: 20_000 });
  await expect(status).not.toContainText('caiu');
  await expect(dialog.getByText('O QR Code expirou.')).toHaveCount(0);
  await expect(dialog.getByText('Gerando o QR Code…')).toHaveCount(0);
  const retry = dialog.getByRole('button', { name: 'Tentar de novo' });
  await expect(retry).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('sem-internet.png') });
  // Trying again without internet answers the same way (no endless spinner).
  await retry.click();
  await expect(status).toContainText('Sem conexão com a internet', { timeout: 20_000 });
});

test('"Verificar WhatsApp" on a list: asks for a connected number, then counts who has WhatsApp', async ({ page }) => {
  test.setTimeout(90_000);
  const phones = ['5511910000000', '5511910000001', '5511910000002'];
  for (const p of phones) wa.contact(p);
  host = await startHost(standInHost(wa));
  await firstLaunch(page, host);
  // Three customers from a spreadsheet, through the file picker.
  const file = test.info().outputPath('clientes.csv');
  fs.writeFileSync(file, `Nome;Celular\r\n${phones.map((p, i) => `Cliente Número ${i};(11) ${p.slice(4, 9)}-${p.slice(9)}`).join('\r\n')}\r\n`, 'latin1');
  await importCsv(page, file, 'Clientes da loja', { imported: 3 });

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

  // Link the phone, then check again.
  await nav.getByRole('link', { name: 'Números' }).click();
  await linkPhoneByQr(page, wa, ACCOUNT, 'Loja Centro');

  dialog = await openCheck();
  await expect(dialog.getByTestId('check-list-result')).toHaveText(
    '3 de 3 contatos têm WhatsApp; 0 não têm. Nas campanhas, quem não tem WhatsApp é pulado e marcado como inválido.',
    { timeout: 30_000 },
  );
  await dialog.getByRole('button', { name: 'Fechar' }).click();
  await expect(dialog).toBeHidden();
});
