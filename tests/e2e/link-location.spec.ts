import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { WaStandIn } from '../../electron/core/channels/whatsapp/testing/wa-server';
import { removeDir, startHost, type RunningHost } from './support/host';
import { createCampaign, firstLaunch, importCsv, nav, startCampaign } from './support/journey';
import { linkPhoneByQr } from './support/wa-link';
import { standInHost } from './support/wa-stand-in';

// A shop sends its offer link with a preview and the store's location, on its real number (the
// WhatsApp stand-in's phone), and the customer's phone decrypts both. The offer page lives on
// 127.0.0.1: with the stand-in, that is the whole internet (previews of private addresses are
// refused in a normal run).
const ACCOUNT = '5511900000001';
const PIXEL = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

let wa: WaStandIn | undefined;
let host: RunningHost | undefined;
let site: http.Server | undefined;
test.afterEach(async () => {
  await host?.stop();
  if (host) removeDir(host.dataDir);
  await wa?.stop();
  site?.closeAllConnections();
  await new Promise((r) => (site ? site.close(r) : r(null)));
});

test('an offer link with its preview and the store as a map pin, by clicks, reach the customer', async ({ page }) => {
  test.setTimeout(150_000);
  site = http.createServer((req, res) => {
    if (req.url === '/foto.png') return void res.writeHead(200, { 'content-type': 'image/png' }).end(PIXEL);
    const base = `http://127.0.0.1:${(site!.address() as AddressInfo).port}`;
    res
      .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      .end(`<html><head><meta property="og:title" content="Promoção de verão"><meta property="og:description" content="Tudo com 30% de desconto"><meta property="og:image" content="${base}/foto.png"></head></html>`);
  });
  await new Promise<void>((r) => site!.listen(0, '127.0.0.1', r));
  const offer = `http://127.0.0.1:${(site.address() as AddressInfo).port}/oferta`;

  wa = await WaStandIn.start();
  const customer = wa.contact('5511987650001', { name: 'Ana Conceição', autoReceipts: ['delivered'] });
  host = await startHost(standInHost(wa));
  await firstLaunch(page, host);
  await nav(page).getByRole('link', { name: 'Números' }).click();
  await linkPhoneByQr(page, wa, ACCOUNT, 'Loja Centro');

  const file = test.info().outputPath('clientes.csv');
  fs.writeFileSync(file, 'Nome;Celular\r\nAna Conceição;(11) 98765-0001\r\n', 'latin1');
  await importCsv(page, file, 'Clientes da loja', { imported: 1 });

  await createCampaign(page, {
    name: 'Verão na loja',
    list: /Clientes da loja/,
    message: `Oi {primeiro_nome}! A oferta: http://127.0.0.1:9/fora`,
    pause: [1, 2],
    atMessages: async (p) => {
      const preview = p.getByTestId('message-preview');
      await p.getByLabel('Mostrar prévia de links').check();
      // A site that does not answer: the editor says the link will go without a preview.
      await expect(preview.getByTestId('preview-link-unavailable')).toContainText('o link vai sem prévia');
      await p.getByLabel('Texto da variação 1').fill(`Oi {primeiro_nome}! A oferta: ${offer}`);
      const card = preview.getByTestId('preview-link-card');
      await expect(card).toContainText('Promoção de verão');
      await expect(card).toContainText('Tudo com 30% de desconto');
      await expect(card.locator('img')).toBeVisible();

      // The store's location, pasted from Google Maps; an address alone is not a point.
      const variation = p.getByTestId('variation-1');
      await variation.getByRole('button', { name: 'Adicionar localização' }).click();
      await variation.getByLabel('Coordenadas ou link do mapa').fill('Rua Augusta, 100');
      await variation.getByRole('button', { name: 'Usar esta localização' }).click();
      await expect(variation.getByRole('alert')).toContainText('Não achamos coordenadas aqui');
      await variation.getByLabel('Coordenadas ou link do mapa').fill('https://www.google.com/maps/place/Loja/@-23.5614,-46.6559,17z');
      await variation.getByLabel('Nome do local (opcional)').fill('Loja Centro');
      await variation.getByLabel('Endereço (opcional)').fill('Av. Paulista, 1000');
      await variation.getByRole('button', { name: 'Usar esta localização' }).click();
      await expect(variation.getByTestId('location-current')).toContainText('Loja Centro · Av. Paulista, 1000 · Ponto: -23.56140, -46.65590');
      // A pin or a file: the attachment button steps aside.
      await expect(variation.getByText('Anexar arquivo')).toHaveCount(0);
      await expect(preview.getByTestId('preview-location')).toContainText('Loja Centro');
      await page.screenshot({ path: test.info().outputPath('mensagens-link-local.png'), fullPage: true });
    },
    atNumbers: async (p) => {
      await expect(p.getByTestId('wizard-numbers').getByRole('checkbox', { name: /Loja Centro/ })).toBeChecked();
    },
  });

  await startCampaign(page);
  await expect(page.getByText('Campanha iniciada.')).toBeVisible();

  // The customer's phone: the pin first, then the text with the link's preview.
  const pin = await customer.waitForMessage((m) => !!m.message.locationMessage, 60_000);
  expect(pin.message.locationMessage).toMatchObject({ degreesLatitude: -23.5614, degreesLongitude: -46.6559, name: 'Loja Centro', address: 'Av. Paulista, 1000' });
  const text = await customer.waitForMessage((m) => !!m.message.extendedTextMessage, 60_000);
  expect(text.message.extendedTextMessage).toMatchObject({ matchedText: offer, title: 'Promoção de verão', description: 'Tudo com 30% de desconto' });
  expect(text.message.extendedTextMessage?.text).toMatch(/^Oi Ana! A oferta: http:\/\/127\.0\.0\.1:\d+\/oferta\n\nResponda SAIR/);
  await expect(page.locator('.page-header').getByText('Concluída')).toBeVisible({ timeout: 30_000 });
});
