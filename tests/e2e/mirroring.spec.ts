import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { WaStandIn } from '../../electron/core/channels/whatsapp/testing/wa-server';
import { removeDir, startHost, type RunningHost } from './support/host';
import { firstLaunch, nav } from './support/journey';
import { linkPhoneByQr } from './support/wa-link';
import { standInHost } from './support/wa-stand-in';

// "Espelhar ofertas" by clicks, in browser mode against the local WhatsApp Web stand-in: an
// affiliate mirrors a deals group to two of their own groups with their tag in the links. A
// member posts in the source group; the production socket re-posts it (sender keys) in each
// destination, the members decrypt it with its link preview, and a repeat is skipped.
const ACCOUNT = '5511900000001';

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

test('mirror a source group to two groups with a rewritten link: posted once each, a repeat skipped, shown in the log', async ({ page }) => {
  test.setTimeout(150_000);
  site = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<html><head><meta property="og:title" content="Air fryer 4L"><meta property="og:description" content="Menor preço do mês"></head></html>');
  });
  await new Promise<void>((r) => site!.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;

  wa = await WaStandIn.start();
  const account = wa.account(ACCOUNT, 'Loja Centro');
  const ze = wa.contact('5511911110001', { name: 'Zé' });
  const bia = wa.contact('5511911110002', { name: 'Bia' });
  const caio = wa.contact('5511911110003', { name: 'Caio' });
  const source = wa.createGroup({ subject: 'Achadinhos do Zé', members: [[ze, 'superadmin'], account] });
  const vip = wa.createGroup({ subject: 'Ofertas VIP', members: [[account, 'superadmin'], bia] });
  const vila = wa.createGroup({ subject: 'Ofertas da Vila', members: [[account, 'admin'], caio] });
  wa.createGroup({ subject: 'Avisos do bairro', members: [[ze, 'admin'], account, bia], announce: true });

  host = await startHost(standInHost(wa));
  await firstLaunch(page, host);
  await nav(page).getByRole('link', { name: 'Números' }).click();
  await linkPhoneByQr(page, wa, ACCOUNT, 'Loja Centro');
  const card = page.getByRole('list', { name: 'Seus números' }).getByTestId(/^number-\d+$/).filter({ hasText: 'Loja Centro' });
  await expect(card.getByText('(4 grupos)')).toBeVisible({ timeout: 20_000 });

  await nav(page).getByRole('link', { name: 'Espelhar ofertas' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Espelhar ofertas' })).toBeVisible();
  await page.getByTestId('mirroring-empty').getByRole('button', { name: 'Novo espelhamento' }).click();
  const form = page.getByRole('form', { name: 'Novo espelhamento' });
  await form.getByLabel('Nome do espelhamento').fill('Achadinhos → meus grupos');
  await form.getByLabel('Grupo de origem').selectOption({ label: 'Achadinhos do Zé' });
  await form.getByRole('checkbox', { name: 'Ofertas VIP' }).check();
  await form.getByRole('checkbox', { name: 'Ofertas da Vila' }).check();
  // Only admins post in that group and the number is not one: it cannot be chosen.
  await expect(form.getByRole('checkbox', { name: /Avisos do bairro/ })).toBeDisabled();

  // The affiliate tag in the links becomes the user's own; the sample shows it before saving.
  await form.getByRole('button', { name: 'Adicionar troca' }).click();
  const rewrite = form.getByRole('group', { name: 'Troca 1' });
  await expect(rewrite.getByLabel('Tipo da troca')).toHaveValue('setParam');
  await rewrite.getByLabel('Parâmetro do link').fill('tag');
  await rewrite.getByLabel('Seu valor').fill('lojacentro-20');
  await rewrite.getByLabel('Só links do site (opcional)').fill('127.0.0.1');
  const offer = `Air fryer 4L por R$ 299 🔥 ${base}/oferta?tag=ze-20`;
  const mirrored = `Air fryer 4L por R$ 299 🔥 ${base}/oferta?tag=lojacentro-20`;
  await form.getByLabel('Teste as trocas: cole uma oferta').fill(offer);
  await expect(form.getByTestId('mirror-sample')).toContainText(mirrored);
  await form.getByLabel('Intervalo mínimo entre posts no mesmo grupo (segundos)').fill('30');
  await form.screenshot({ path: test.info().outputPath('espelhar-form.png') });
  await form.getByRole('button', { name: 'Salvar espelhamento' }).click();
  await expect(page.getByText('Espelhamento salvo.').first()).toBeVisible();
  await expect(form).toBeHidden();

  const rule = page.getByRole('list', { name: 'Seus espelhamentos' }).getByTestId(/^mirror-\d+$/);
  await expect(rule).toContainText('Achadinhos do Zé → Ofertas VIP, Ofertas da Vila');
  await expect(rule).toContainText('Ativo');

  // Zé posts an offer in the source group, on his phone.
  await wa.postToGroup(ze, source, { text: offer });
  const atBia = await bia.waitForMessage((m) => m.groupJid === vip.jid, 30_000);
  const atCaio = await caio.waitForMessage((m) => m.groupJid === vila.jid, 30_000);
  for (const m of [atBia, atCaio]) {
    expect(m.message.extendedTextMessage).toMatchObject({ text: mirrored, title: 'Air fryer 4L', description: 'Menor preço do mês' });
  }

  await rule.getByText('Registro', { exact: true }).click();
  const log = rule.getByRole('table', { name: 'Registro de Achadinhos → meus grupos' });
  await expect(log.locator('tbody tr[data-state="sent"]')).toHaveCount(2, { timeout: 20_000 });
  await expect(log.getByRole('row', { name: /Ofertas VIP.*Espelhada/ })).toBeVisible();
  await expect(log.getByRole('row', { name: /Ofertas da Vila.*Espelhada/ })).toBeVisible();
  await expect(rule.getByTestId('mirror-stats')).toContainText('Hoje: 2 de 100 posts');

  // The same offer again: skipped in both groups, said why.
  await wa.postToGroup(ze, source, { text: offer });
  await expect(log.getByRole('row', { name: /Ignorada: repetida neste grupo/ })).toHaveCount(2, { timeout: 20_000 });
  await page.screenshot({ path: test.info().outputPath('espelhar-ofertas.png'), fullPage: true });

  // Pause: what arrives meanwhile is skipped.
  await rule.getByRole('button', { name: 'Pausar — Achadinhos → meus grupos' }).click();
  await expect(rule).toContainText('Pausado por você.');
  await wa.postToGroup(ze, source, { text: `Panela de pressão ${base}/panela` });
  await expect(log.getByRole('row', { name: /Ignorada: espelhamento pausado/ })).toHaveCount(2, { timeout: 20_000 });
  expect(bia.inbox.filter((m) => m.groupJid === vip.jid)).toHaveLength(1);
  expect(caio.inbox.filter((m) => m.groupJid === vila.jid)).toHaveLength(1);
  expect(wa.errors).toEqual([]);
});
