import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { verifySignature } from '../../electron/core/webhooks/signature';
import { removeDir, startHost, type RunningHost } from './support/host';
import { addSimulatedNumber, firstLaunch, nav, simulateReply } from './support/journey';

// Configurações → Integrações by clicks: a webhook to a local receiver (like an n8n catch hook),
// its secret copied from the screen, a test event, then a contact's reply arriving there signed.

let host: RunningHost | undefined;
let receiver: http.Server | undefined;
test.afterEach(async () => {
  await host?.stop();
  if (host) removeDir(host.dataDir);
  receiver?.closeAllConnections();
  await new Promise((r) => (receiver ? receiver.close(r) : r(null)));
});

test('a webhook set up by clicks receives a test event and a reply, signed', async ({ page }) => {
  test.setTimeout(120_000);
  const got: Array<{ raw: string; signature: string; eventId: string }> = [];
  receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      got.push({ raw: Buffer.concat(chunks).toString('utf8'), signature: String(req.headers['x-recado-signature'] ?? ''), eventId: String(req.headers['x-recado-event-id'] ?? '') });
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((r) => receiver!.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhook/recado`;

  host = await startHost({ env: { RECADO_AUTO_BACKUP: 'off' } });
  await firstLaunch(page, host);
  await addSimulatedNumber(page);

  await nav(page).getByRole('link', { name: 'Configurações' }).click();
  const section = page.getByRole('region', { name: 'Integrações (webhooks)' });
  await expect(section.getByText('Nenhum webhook ainda.')).toBeVisible();
  await section.getByRole('button', { name: 'Adicionar webhook' }).click();
  const form = section.getByRole('form', { name: 'Novo webhook' });
  // A half-typed address is explained, not saved.
  await form.getByLabel('Endereço que recebe os eventos (URL)').fill('n8n.minhaloja');
  await form.getByRole('button', { name: 'Salvar webhook' }).click();
  await expect(form.getByRole('alert')).toContainText('comece com https://');
  await form.getByLabel('Endereço que recebe os eventos (URL)').fill(url);
  await expect(form.getByLabel('Resposta recebida')).toBeChecked();
  await form.getByLabel('Negócio fechado').check();
  await form.getByLabel('Descadastro').check();
  await form.getByLabel('Incluir telefone, nome e texto das mensagens').check();
  await form.getByRole('button', { name: 'Salvar webhook' }).click();
  await expect(page.getByText('Webhook adicionado.')).toBeVisible();
  const secret = ((await section.getByTestId('webhook-secret').textContent()) ?? '').trim();
  expect(secret).toMatch(/^whsec_/);

  await section.getByRole('button', { name: 'Enviar evento de teste' }).click();
  await expect(section.getByTestId('webhook-test-result')).toHaveText('Teste entregue: o destino respondeu 200.');
  expect(JSON.parse(got[0]!.raw)).toMatchObject({ type: 'webhook.test' });
  await page.screenshot({ path: test.info().outputPath('integracoes.png'), fullPage: true });

  // A contact answers; the receiver gets it, signed with the secret shown once.
  await simulateReply(page, '(11) 98765-4321', 'Tem em azul?');
  await expect.poll(() => got.some((g) => JSON.parse(g.raw).type === 'reply.received'), { timeout: 30_000 }).toBe(true);
  const reply = got.find((g) => JSON.parse(g.raw).type === 'reply.received')!;
  expect(verifySignature(secret, reply.raw, reply.signature, Math.floor(Date.now() / 1000))).toBe(true);
  expect(verifySignature('whsec_outro', reply.raw, reply.signature, Math.floor(Date.now() / 1000))).toBe(false);
  expect(JSON.parse(reply.raw)).toMatchObject({ id: reply.eventId, type: 'reply.received', data: { text: 'Tem em azul?', contact: { phone: '+5511987654321' } } });

  // The same contact answers SAIR: the opt-out reaches the receiver too, signed.
  await simulateReply(page, '(11) 98765-4321', 'SAIR');
  await expect.poll(() => got.some((g) => JSON.parse(g.raw).type === 'contact.opted_out'), { timeout: 30_000 }).toBe(true);
  const optOut = got.find((g) => JSON.parse(g.raw).type === 'contact.opted_out')!;
  expect(verifySignature(secret, optOut.raw, optOut.signature, Math.floor(Date.now() / 1000))).toBe(true);
  expect(JSON.parse(optOut.raw)).toMatchObject({ type: 'contact.opted_out', data: { source: 'reply', contact: { phone: '+5511987654321' } } });
  expect(String(JSON.parse(optOut.raw).data.keyword).toUpperCase()).toBe('SAIR');

  // The history on screen says so.
  await nav(page).getByRole('link', { name: 'Configurações' }).click();
  await expect(section.getByTestId('webhook-last')).toContainText('Último envio: entregue');
  await section.getByText('Histórico de envios').click();
  await expect(section.getByTestId('webhook-log')).toContainText('reply.received');
  await expect(section.getByTestId('webhook-log')).toContainText('contact.opted_out');
  await expect(section.getByTestId('webhook-log')).toContainText('Entregue');
});
