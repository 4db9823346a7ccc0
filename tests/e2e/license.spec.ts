import { expect, test } from '@playwright/test';
import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runAdmin } from '../../license-server/admin';
import { startLicenseServer, type RunningLicenseServer } from '../../license-server/server';
import { HOTTOK, PRODUCT_BASIC, purchaseEvent, silentLogger } from '../../license-server/test-helpers';
import { removeDir, startHost, type RunningHost } from './support/host';

let host: RunningHost | undefined;
let server: RunningLicenseServer | undefined;
let serverDir: string | undefined;
let scratchDir: string | undefined;

test.afterEach(async () => {
  await host?.stop();
  await server?.close();
  if (host) removeDir(host.dataDir);
  if (serverDir) removeDir(serverDir);
  if (scratchDir) removeDir(scratchDir);
  host = server = serverDir = scratchDir = undefined;
});

/**
 * The seller's side: the license server on 127.0.0.1 with its own key pair and a temp database,
 * a Hotmart purchase delivered by webhook, and the key read with the admin CLI.
 */
async function sellerWithPurchase(transaction: string, email: string) {
  serverDir = fs.mkdtempSync(path.join(os.tmpdir(), 'recado-license-e2e-'));
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const keyFile = path.join(serverDir, 'license-private.pem');
  fs.writeFileSync(keyFile, privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(), { mode: 0o600 });
  const dbPath = path.join(serverDir, 'licenses.db');
  server = await startLicenseServer({
    port: 0,
    host: '127.0.0.1',
    dbPath,
    hottok: HOTTOK,
    products: { [String(PRODUCT_BASIC)]: 'basic' },
    signingKeyPem: fs.readFileSync(keyFile, 'utf8'),
    logger: silentLogger,
  });
  const url = server.url;
  const webhook = async (body: unknown) => {
    const res = await fetch(`${url}/hotmart/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'X-HOTMART-HOTTOK': HOTTOK },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(200);
  };
  /** The seller's admin CLI, as the seller runs it. */
  const admin = (args: string[]) => {
    const lines: string[] = [];
    const code = runAdmin(args, { env: { LICENSE_DB: dbPath, LICENSE_SIGNING_KEY: keyFile }, out: (l) => lines.push(l), err: (l) => lines.push(l) });
    return { code, text: lines.join('\n') };
  };

  await webhook(purchaseEvent('PURCHASE_APPROVED', { transaction, email }));
  const list = admin(['list', '--json']);
  expect(list.code).toBe(0);
  const key: string = JSON.parse(list.text)[0].key;
  expect(key).toMatch(/^RCD(-[0-9A-Z]{5}){5}$/);

  // The app trusts the test key pair only because the harness passes it explicitly.
  const publicKeyFile = path.join(serverDir, 'license-public.pem');
  fs.writeFileSync(publicKeyFile, publicKey.export({ format: 'pem', type: 'spki' }).toString());
  const hostOptions = { env: { NODE_ENV: 'test', RECADO_LICENSE_SERVER: url }, args: ['--test-license-public-key', publicKeyFile] };
  return { key, webhook, admin, hostOptions };
}

test('activate with a Hotmart purchase key, see the plan, then a refund falls back to trial', async ({ page }) => {
  const seller = await sellerWithPurchase('HP-E2E-0001', 'loja@example.com');
  const { key, webhook } = seller;
  host = await startHost(seller.hostOptions);
  await page.goto(host.url);

  // First run: the activation screen, with live format checking. (The core starts from the
  // TypeScript sources after the URL is printed; on a loaded 2-core box that can take over 10 s.)
  await expect(page.getByRole('heading', { level: 1, name: 'Ative o Recado' })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText('50 mensagens por dia, com 1 número de WhatsApp')).toBeVisible();
  const keyBox = page.getByLabel('Chave de licença');
  const activate = page.getByRole('button', { name: 'Ativar', exact: true });
  await keyBox.pressSequentially(key.replace(/-/g, '').slice(0, 10).toLowerCase());
  await expect(page.getByText('Faltam 18 caracteres.')).toBeVisible();
  await expect(activate).toBeDisabled();
  const last = key.at(-1)!;
  await keyBox.fill(key.slice(0, -1) + (last === 'Z' ? 'Y' : 'Z'));
  await expect(page.getByText('A chave tem um erro de digitação.', { exact: false })).toBeVisible();
  await keyBox.fill(key.toLowerCase().replace(/-/g, ' '));
  await expect(keyBox).toHaveValue(key);
  await expect(page.getByText('Chave no formato certo.')).toBeVisible();
  await activate.click();

  // The shell, with the plan.
  await expect(page.getByRole('heading', { level: 1, name: 'Início' })).toBeVisible();
  await expect(page.getByText('Licença ativada: plano Básico.')).toBeVisible();
  await expect(page.getByTestId('plan-badge')).toHaveText('Plano Básico');

  await page.getByRole('navigation', { name: 'Navegação principal' }).getByRole('link', { name: 'Configurações' }).click();
  const section = page.getByTestId('license-section');
  await expect(section.getByRole('heading', { name: 'Licença' })).toBeVisible();
  await expect(section.getByTestId('license-plan')).toContainText('Básico');
  await expect(section.getByTestId('license-plan')).toContainText('ativa');
  await expect(section.getByText('loja@example.com')).toBeVisible();
  await expect(section.getByTestId('license-limits')).toHaveText('500 mensagens por dia · 1 número de WhatsApp · 50 gerações com IA por dia');

  // A refund on Hotmart; the next refresh drops the license.
  await webhook(purchaseEvent('PURCHASE_REFUNDED', { transaction: 'HP-E2E-0001', email: 'loja@example.com' }));
  await section.getByRole('button', { name: 'Atualizar licença' }).click();
  await expect(section.getByTestId('license-plan')).toContainText('Avaliação');
  await expect(section.getByTestId('license-limits')).toHaveText('50 mensagens por dia · 1 número de WhatsApp · 5 gerações com IA por dia');
  await expect(section.getByText(/Esta licença foi cancelada/)).toBeVisible();
  await expect(page.getByTestId('plan-badge')).toHaveText('Plano Avaliação');
  await expect(section.getByRole('button', { name: 'Ativar uma licença' })).toBeVisible();

  // Restarting keeps trial mode and does not show the first-run screen again.
  await host.stop();
  host = await startHost({ dataDir: host.dataDir, env: seller.hostOptions.env });
  await page.goto(host.url);
  await expect(page.getByRole('heading', { level: 1, name: 'Início' })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('plan-badge')).toHaveText('Plano Avaliação');
});

test('activate without internet by request code, then the old license file of a refunded license is refused', async ({ page }) => {
  const seller = await sellerWithPurchase('HP-E2E-0002', 'sitio@example.com');
  scratchDir = fs.mkdtempSync(path.join(os.tmpdir(), 'recado-license-file-'));
  host = await startHost(seller.hostOptions);
  await page.goto(host.url);

  // The buyer's PC: key typed, "Ativar sem internet", a request code to send to the seller.
  await expect(page.getByRole('heading', { level: 1, name: 'Ative o Recado' })).toBeVisible({ timeout: 30_000 });
  await page.getByLabel('Chave de licença').fill(seller.key);
  await page.getByRole('button', { name: 'Ativar sem internet' }).click();
  await expect(page.getByRole('heading', { name: 'Ativação sem internet' })).toBeVisible();
  await page.getByRole('button', { name: 'Gerar código de pedido' }).click();
  const requestCode = await page.getByLabel('Código de pedido').inputValue();
  expect(requestCode.length).toBeGreaterThan(20);

  // The seller answers with a license file made by the admin CLI from that code.
  const licenseFile = path.join(scratchDir, 'recado-licenca.json');
  const issued = seller.admin(['activate-offline', requestCode, '--out', licenseFile]);
  expect(issued.text).toContain('Arquivo de licença gravado em');
  expect(issued.code).toBe(0);

  // Back on the buyer's PC: choose the file, import it, the plan is on.
  await page.getByLabel('Arquivo de licença').setInputFiles(licenseFile);
  await expect(page.getByText('Arquivo escolhido: recado-licenca.json')).toBeVisible();
  await page.getByRole('button', { name: 'Importar licença' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Início' })).toBeVisible();
  await expect(page.getByText('Licença ativada: plano Básico.')).toBeVisible();
  await expect(page.getByTestId('plan-badge')).toHaveText('Plano Básico');

  // A refund; once the app is online again the license drops back to trial.
  await seller.webhook(purchaseEvent('PURCHASE_REFUNDED', { transaction: 'HP-E2E-0002', email: 'sitio@example.com' }));
  await page.getByRole('navigation', { name: 'Navegação principal' }).getByRole('link', { name: 'Configurações' }).click();
  const section = page.getByTestId('license-section');
  await expect(section.getByTestId('license-plan')).toContainText('Básico');
  await section.getByRole('button', { name: 'Atualizar licença' }).click();
  await expect(section.getByTestId('license-plan')).toContainText('Avaliação');

  // Importing the old file again does not bring the refunded license back.
  await section.getByRole('button', { name: 'Ativar uma licença' }).click();
  await section.getByRole('button', { name: 'Ativar sem internet' }).click();
  await section.getByLabel('Arquivo de licença').setInputFiles(licenseFile);
  await section.getByRole('button', { name: 'Importar licença' }).click();
  await expect(section.getByRole('alert')).toContainText('Esta licença foi cancelada (reembolso, estorno ou cancelamento da compra), e este arquivo é de antes do cancelamento.');
  await expect(section.getByTestId('license-plan')).toContainText('Avaliação');
  await expect(page.getByTestId('plan-badge')).toHaveText('Plano Avaliação');
});
