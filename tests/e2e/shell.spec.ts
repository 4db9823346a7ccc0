import { expect, test } from '@playwright/test';
import WebSocket from 'ws';
import path from 'node:path';
import { removeDir, startHost, type RunningHost } from './support/host';

const SCREENSHOT = path.resolve(import.meta.dirname, '..', '..', 'resources', 'screenshots', 'inicio.png');

let host: RunningHost;
// Each test's data dir goes with its host; a restart reuses the same dir, so one removal per test.
test.afterEach(async () => {
  if (!host) return;
  await host.stop();
  removeDir(host.dataDir);
});

test('browser mode: every page, language switch, a setting kept across a restart', async ({ page }) => {
  host = await startHost();
  await page.goto(host.url);
  // The one-time token is traded for a cookie and dropped from the address bar.
  await expect(page).toHaveURL(`${host.origin}/`);
  // A fresh data dir starts on the license screen; choose trial mode to reach the shell.
  await page.getByRole('button', { name: 'Continuar no modo de avaliação' }).click();
  await expect(page.getByTestId('connection-status')).toHaveText('Conectado ao Recado');
  await expect(page.getByRole('heading', { level: 1, name: 'Início' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Bem-vindo ao Recado' })).toBeVisible();
  await page.screenshot({ path: SCREENSHOT });

  const nav = page.getByRole('navigation', { name: 'Navegação principal' });
  const pages = [
    { link: 'Contatos', empty: 'Nenhum contato ainda' },
    { link: 'Campanhas', empty: 'Nenhuma campanha ainda' },
    { link: 'Números', empty: 'Nenhum número conectado' },
  ];
  for (const p of pages) {
    await nav.getByRole('link', { name: p.link }).click();
    await expect(page.getByRole('heading', { level: 1, name: p.link })).toBeVisible();
    await expect(page.getByRole('heading', { name: p.empty })).toBeVisible();
    await expect(nav.getByRole('link', { name: p.link })).toHaveAttribute('aria-current', 'page');
  }
  await nav.getByRole('link', { name: 'Configurações' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Configurações' })).toBeVisible();

  // Change a setting and the language.
  await page.getByLabel('Nome do seu negócio').fill('Padaria Pão Quente');
  await page.getByLabel('Nome do seu negócio').press('Enter');
  await expect(page.getByText('Configuração salva').first()).toBeVisible();
  await page.getByLabel('Idioma').selectOption('en');
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Campaigns' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');

  // Restart the host on the same data dir: both choices are remembered.
  await host.stop();
  await expect(page.getByTestId('connection-status')).not.toHaveText('Connected to Recado');
  host = await startHost({ dataDir: host.dataDir });
  await page.goto(host.url);
  await expect(page.getByTestId('connection-status')).toHaveText('Connected to Recado');
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByLabel('Business name')).toHaveValue('Padaria Pão Quente');
  await expect(page.getByLabel('Language')).toHaveValue('en');

  // Keyboard: the navigation is reachable with Tab.
  await page.keyboard.press('Tab');
  await expect(page.locator(':focus')).toHaveCount(1);
});

test('browser mode refuses requests without the token or from a foreign origin', async ({ request }) => {
  host = await startHost();
  // HTTP without the token.
  const noToken = await request.get(`${host.origin}/`, { maxRedirects: 0 });
  expect(noToken.status()).toBe(401);
  expect(await noToken.text()).toContain('Acesso negado');
  // HTTP with the token but a foreign Origin.
  const foreign = await request.get(host.url, { headers: { Origin: 'http://evil.example' }, maxRedirects: 0 });
  expect(foreign.status()).toBe(403);
  // A foreign Host header (DNS rebinding) is refused too.
  const rebinding = await request.get(`${host.origin}/`, { headers: { Host: 'evil.example' }, maxRedirects: 0 });
  expect(rebinding.status()).toBe(403);

  // Redeem the token to get a valid session cookie.
  const redeemed = await request.get(host.url, { maxRedirects: 0 });
  expect(redeemed.status()).toBe(302);
  const cookie = redeemed.headers()['set-cookie'].split(';')[0];
  // The one-time token cannot be used again by someone else.
  const reused = await fetch(host.url, { redirect: 'manual' });
  expect(reused.status).toBe(401);

  const wsUrl = `ws://127.0.0.1:${host.port}/api`;
  const outcome = (headers: Record<string, string>) =>
    new Promise<string>((resolve) => {
      const ws = new WebSocket(wsUrl, { headers });
      ws.on('open', () => {
        ws.close();
        resolve('open');
      });
      ws.on('unexpected-response', (_req, res) => resolve(String(res.statusCode)));
      ws.on('error', () => resolve('error'));
    });
  expect(await outcome({ Origin: host.origin })).toBe('403');
  expect(await outcome({ Origin: 'http://evil.example', Cookie: cookie })).toBe('403');
  expect(await outcome({ Origin: host.origin, Cookie: cookie })).toBe('open');

  // A valid socket: malformed and unknown calls get typed errors; the core keeps running.
  const ws = new WebSocket(wsUrl, { headers: { Origin: host.origin, Cookie: cookie } });
  await new Promise((r) => ws.once('open', r));
  const replies: Array<{ id: number; reply: { ok: boolean; error?: { code: string } } }> = [];
  ws.on('message', (d) => replies.push(JSON.parse(String(d))));
  ws.send('not json at all');
  ws.send(JSON.stringify({ type: 'call', id: 1, method: 'nope.nothing', input: {} }));
  ws.send(JSON.stringify({ type: 'call', id: 2, method: 'settings.update', input: { language: 42 } }));
  ws.send(JSON.stringify({ type: 'call', id: 3, method: 'app.ping' }));
  await expect.poll(() => replies.length).toBe(3);
  expect(replies.find((r) => r.id === 1)?.reply.error?.code).toBe('api.unknown_method');
  expect(replies.find((r) => r.id === 2)?.reply.error?.code).toBe('api.invalid_input');
  expect(replies.find((r) => r.id === 3)?.reply.ok).toBe(true);
  ws.close();
});

test('one host per data dir, with a clear message', async () => {
  host = await startHost();
  await expect(startHost({ dataDir: host.dataDir })).rejects.toThrow(/já está aberto usando a pasta de dados/);
});

test('SIGTERM closes the database cleanly and releases the lock', async () => {
  host = await startHost();
  const code = await host.stop('SIGTERM');
  expect(code).toBe(0);
  expect(host.output()).toContain('Recado encerrado.');
  // A new host can take the same data dir right away.
  host = await startHost({ dataDir: host.dataDir });
});
