import { expect, test } from '@playwright/test';
import { WaStandIn } from '../../electron/core/channels/whatsapp/testing/wa-server';
import { removeDir, startHost, type RunningHost } from './support/host';
import { standInHost } from './support/wa-stand-in';
import { linkPhoneByQr } from './support/wa-link';
import { firstLaunch, nav, startCampaign } from './support/journey';

// A shop posts its offer in two of its WhatsApp groups by clicks, in browser mode against the
// WhatsApp Web stand-in: the production socket reads the groups, posts once in each (sender-key
// encrypted, as phones decrypt it) and hears the members' receipts and a quote in the group.
const ACCOUNT = '5511900000001';
const OFFER = 'Café especial com 20% de desconto hoje!';

let wa: WaStandIn | undefined;
let host: RunningHost | undefined;
test.afterEach(async () => {
  await host?.stop();
  if (host) removeDir(host.dataDir);
  host = undefined;
  await wa?.stop();
});

const textOf = (m: { message: { conversation?: string | null; extendedTextMessage?: { text?: string | null } | null } }) => m.message.conversation ?? m.message.extendedTextMessage?.text ?? '';

test('a campaign to two WhatsApp groups, by clicks: one post in each, results per group', async ({ page }) => {
  test.setTimeout(180_000);
  wa = await WaStandIn.start();
  const account = wa.account(ACCOUNT, 'Loja Centro');
  const ana = wa.contact('5511911110001', { name: 'Ana', autoReceipts: ['delivered', 'read'] });
  const bia = wa.contact('5511911110002', { name: 'Bia', autoReceipts: ['delivered'] });
  const caio = wa.contact('5511911110003', { name: 'Caio', autoReceipts: ['delivered'] });
  const dani = wa.contact('5511911110004', { name: 'Dani' });
  const promos = wa.createGroup({ subject: 'Promoções da Loja', members: [[account, 'superadmin'], ana, bia] });
  const vip = wa.createGroup({ subject: 'Clientes VIP', members: [[account, 'admin'], caio, dani] });
  const bairro = wa.createGroup({ subject: 'Avisos do bairro', members: [[ana, 'admin'], account, caio], announce: true });

  host = await startHost(standInHost(wa));
  await firstLaunch(page, host);
  await nav(page).getByRole('link', { name: 'Números' }).click();
  await linkPhoneByQr(page, wa, ACCOUNT, 'Loja Centro');
  // The number's groups are read once it connects.
  await expect(page.getByTestId(/^number-\d+-groups$/).getByText('(3 grupos)')).toBeVisible({ timeout: 20_000 });

  await nav(page).getByRole('link', { name: 'Campanhas' }).click();
  await page.getByRole('button', { name: 'Nova campanha' }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: 'Editar campanha' })).toBeVisible();
  await page.getByLabel('Nome da campanha').fill('Oferta nos grupos');

  // Step 1: groups instead of contacts; the only WhatsApp number is taken.
  await expect(page.getByRole('heading', { name: 'Etapa 1 de 4: Público' })).toBeVisible();
  await page.getByRole('radio', { name: /Grupos do WhatsApp/ }).check();
  const audience = page.getByTestId('group-audience');
  await expect(audience.getByLabel('Número cujos grupos recebem')).toHaveValue(/^\d+$/);
  await expect(audience.getByTestId('group-choice')).toHaveCount(3, { timeout: 20_000 });
  const problems = audience.getByTestId('group-audience-problems');
  await expect(problems).toContainText('Escolha ao menos um grupo que recebe a campanha.');
  // A group where only admins post, and the shop is not admin: said at once, in the group's row too.
  await audience.getByRole('checkbox', { name: 'Avisos do bairro' }).check();
  await expect(audience.getByTestId('group-choice').filter({ hasText: 'Avisos do bairro' })).toContainText('Só admins postam neste grupo e você não é admin');
  await expect(problems).toContainText('No grupo "Avisos do bairro" só admins podem enviar e você não é admin.');
  await audience.getByRole('checkbox', { name: 'Avisos do bairro' }).uncheck();
  await audience.getByRole('checkbox', { name: 'Promoções da Loja' }).check();
  await audience.getByRole('checkbox', { name: 'Clientes VIP' }).check();
  await expect(audience.getByTestId('group-choice').filter({ hasText: 'Promoções da Loja' })).toContainText('3 participantes');
  await expect(audience.getByTestId('group-audience-total')).toHaveText('2 grupos escolhidos');
  await expect(problems).toHaveCount(0);
  await audience.screenshot({ path: test.info().outputPath('publico-grupos.png') });
  await page.getByRole('button', { name: 'Avançar' }).click();

  // Step 2: no opt-out footer in groups; link previews on by default.
  await expect(page.getByRole('heading', { name: 'Etapa 2 de 4: Mensagens' })).toBeVisible();
  await page.getByLabel('Texto da variação 1').fill(OFFER);
  await expect(page.getByTestId('msg-optout-groups')).toContainText('não vai em grupos');
  await expect(page.getByLabel('Mostrar prévia de links')).toBeChecked();
  await page.getByRole('button', { name: 'Avançar' }).click();

  // Step 3: the groups' number sends; the window is every day, all day.
  await expect(page.getByRole('heading', { name: 'Etapa 3 de 4: Números e agenda' })).toBeVisible();
  await expect(page.getByTestId('wizard-numbers')).toContainText('envia só pelo número que está nos grupos: Loja Centro');
  for (const day of ['Dom', 'Seg', 'Ter', 'Qua', 'Qui', 'Sex', 'Sáb']) await page.getByRole('checkbox', { name: day, exact: true }).check();
  await page.getByLabel('Das').fill('00:00');
  await page.getByLabel('Até').fill('23:59');
  await page.getByLabel('Não enviar em feriados nacionais').uncheck();
  await page.getByLabel('Pausa mínima (segundos)').fill('1');
  await page.getByLabel('Pausa máxima (segundos)').fill('2');
  await page.getByLabel('Mostrar "digitando…" antes de cada mensagem').uncheck();
  await page.getByRole('button', { name: 'Avançar' }).click();

  // Step 4: the chosen groups by name.
  await expect(page.getByRole('heading', { name: 'Etapa 4 de 4: Revisão' })).toBeVisible();
  await expect(page.getByTestId('review-ready')).toBeVisible();
  const reviewGroups = page.getByTestId('review-groups');
  await expect(reviewGroups).toContainText('Grupos de Loja Centro:');
  await expect(reviewGroups.getByRole('listitem')).toHaveText(['Clientes VIP (3 participantes)', 'Promoções da Loja (3 participantes)']);
  await page.screenshot({ path: test.info().outputPath('revisao-grupos.png'), fullPage: true });
  await page.getByRole('button', { name: 'Concluir' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Oferta nos grupos' })).toBeVisible();

  await startCampaign(page);
  await expect(page.getByText('Campanha iniciada.')).toBeVisible();
  await expect(page.locator('.page-header').getByText('Concluída')).toBeVisible({ timeout: 60_000 });

  // Every member got exactly one post in each of their chosen groups, without a footer.
  const toAna = await ana.waitForMessage((m) => m.groupJid === promos.jid, 20_000);
  await caio.waitForMessage((m) => m.groupJid === vip.jid, 20_000);
  expect(textOf(toAna)).toBe(OFFER);
  for (const [member, group] of [
    [ana, promos],
    [bia, promos],
    [caio, vip],
    [dani, vip],
  ] as const) {
    expect(member.inbox.filter((m) => m.groupJid === group.jid)).toHaveLength(1);
  }
  expect(promos.posts.filter((p) => p.from === ACCOUNT)).toHaveLength(1);
  expect(vip.posts.filter((p) => p.from === ACCOUNT)).toHaveLength(1);
  expect(bairro.posts.filter((p) => p.from === ACCOUNT)).toHaveLength(0);
  // Nobody was messaged in private.
  for (const c of [ana, bia, caio, dani]) expect(c.inbox.filter((m) => !m.groupJid)).toHaveLength(0);

  // Ana answers in the group, quoting the offer.
  await wa.postToGroup(ana, promos, { text: 'Tem de 500g?', quotedId: toAna.id, quotedFrom: promos.memberJid(account) });

  // Results per group: who received and read it as WhatsApp reported, and the reply in the group.
  const table = page.getByTestId('group-results');
  await expect(table.getByTestId('group-result')).toHaveCount(2);
  const promosRow = table.getByRole('row', { name: /Promoções da Loja/ });
  const vipRow = table.getByRole('row', { name: /Clientes VIP/ });
  await expect(promosRow.locator('td').nth(1)).toHaveText('2 de 2 participantes', { timeout: 20_000 });
  await expect(promosRow.locator('td').nth(2)).toHaveText('1 de 2 participantes');
  await expect(promosRow.locator('td').nth(3)).toHaveText('1 citação · 0 menções', { timeout: 20_000 });
  await expect(vipRow.locator('td').nth(1)).toHaveText('1 de 2 participantes', { timeout: 20_000 });
  // Nobody in VIP has read receipts on: unknown, not zero.
  await expect(vipRow.locator('td').nth(2)).toHaveText('não informado pelo WhatsApp');
  await expect(vipRow.locator('td').nth(3)).toHaveText('0 citações · 0 menções');
  await table.scrollIntoViewIfNeeded();
  await page.screenshot({ path: test.info().outputPath('resultados-por-grupo.png') });
  await expect(page.getByTestId('total-total').locator('dt')).toHaveText('Grupos');
  // A message in a group is not a reply to the campaign.
  await expect(page.getByTestId('total-replied').locator('dd')).toHaveText('0');
});
