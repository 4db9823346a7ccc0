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

test.afterEach(async () => {
  await host?.stop();
  await server?.close();
  if (host) removeDir(host.dataDir);
  if (serverDir) removeDir(serverDir);
});

test('activate with a Hotmart purchase key, see the plan, then a refund falls back to trial', async ({ page }) => {
  // The seller's license server on 127.0.0.1 with its own key pair and a temp database.
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
  const webhook = async (body: unknown) => {
    const res = await fetch(`${server!.url}/hotmart/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'X-HOTMART-HOTTOK': HOTTOK },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(200);
  };

  // A purchase on Hotmart; the seller reads the key with the admin CLI.
  await webhook(purchaseEvent('PURCHASE_APPROVED', { transaction: 'HP-E2E-0001', email: 'loja@example.com' }));
  const lines: string[] = [];
  expect(runAdmin(['list', '--json'], { env: { LICENSE_DB: dbPath, LICENSE_SIGNING_KEY: keyFile }, out: (l) => lines.push(l), err: () => {} })).toBe(0);
  const key: string = JSON.parse(lines.join('\n'))[0].key;
  expect(key).toMatch(/^RCD(-[0-9A-Z]{5}){5}$/);

  // The app trusts the test key pair only because the harness passes it explicitly.
  const publicKeyFile = path.join(serverDir, 'license-public.pem');
  fs.writeFileSync(publicKeyFile, publicKey.export({ format: 'pem', type: 'spki' }).toString());
  host = await startHost({
    env: { NODE_ENV: 'test', RECADO_LICENSE_SERVER: server.url },
    args: ['--test-license-public-key', publicKeyFile],
  });
  await page.goto(host.url);

  // First run: the activation screen, with live format checking.
  await expect(page.getByRole('heading', { level: 1, name: 'Ative o Recado' })).toBeVisible();
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
  host = await startHost({ dataDir: host.dataDir, env: { NODE_ENV: 'test', RECADO_LICENSE_SERVER: server.url } });
  await page.goto(host.url);
  await expect(page.getByRole('heading', { level: 1, name: 'Início' })).toBeVisible();
  await expect(page.getByTestId('plan-badge')).toHaveText('Plano Avaliação');
});
