import { expect, test } from '@playwright/test';
import { removeDir, startHost, type RunningHost } from './support/host';
import { addSimulatedNumber, firstLaunch, nav, simulateReply } from './support/journey';
import { hashText } from '../../electron/core/channels/simulator/ledger';
import { simulatorLedger } from './support/simulator-ledger';

// Issue 18, attachments in the reply box, by clicks alone: a customer asks for a photo; the user
// picks a picture with the file picker, sees its preview, removes it, picks it again, writes a
// caption and sends; then sends a document alone. The recipient (the Simulator's ledger) gets
// each exactly once, as an image with its caption and as a document.

let host: RunningHost | undefined;
test.afterEach(async () => {
  await host?.stop();
  if (host) removeDir(host.dataDir);
});

const PHONE = '+55 11 97777-1234';
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const CAPTION = 'Olha o bolo de pote! 🍫';

test('a picture with a caption and a document are sent from the reply box, each once', async ({ page }) => {
  test.setTimeout(120_000);
  host = await startHost({ env: { RECADO_AUTO_BACKUP: 'off' } });
  await firstLaunch(page, host);
  await addSimulatedNumber(page);
  await simulateReply(page, PHONE, 'Tem foto do bolo?');

  await nav(page).getByRole('link', { name: /Respostas/ }).click();
  await page.getByTestId('conversation').first().click();
  const thread = page.getByTestId('thread');
  const composer = thread.getByTestId('composer');
  const attachment = composer.getByRole('group', { name: 'Anexo da resposta' });

  // Pick, see the preview, change one's mind, pick again.
  await attachment.getByLabel('Anexar arquivo').setInputFiles({ name: 'bolo.png', mimeType: 'image/png', buffer: PNG });
  await expect(attachment).toContainText('bolo.png');
  await expect(attachment).toContainText('imagem');
  await expect(attachment.locator('img.attachment-field__thumb')).toBeVisible();
  await attachment.getByRole('button', { name: 'Remover anexo' }).click();
  await expect(attachment).not.toContainText('bolo.png');
  await attachment.getByLabel('Anexar arquivo').setInputFiles({ name: 'bolo.png', mimeType: 'image/png', buffer: PNG });
  await expect(attachment).toContainText('bolo.png');

  await thread.getByLabel('Sua resposta').fill(CAPTION);
  await thread.getByRole('button', { name: 'Enviar' }).click();
  await expect(page.getByText('Resposta enviada.').first()).toBeVisible();
  await expect(attachment).not.toContainText('bolo.png');
  const photo = thread.getByTestId('bubble-out').filter({ hasText: CAPTION });
  await expect(photo.getByTestId('bubble-attachment')).toContainText('bolo.png');
  await expect(photo.getByRole('img', { name: 'Anexo: bolo.png' })).toBeVisible();
  await expect(photo).toContainText(/Enviada|Entregue|Lida/);

  // A document alone: Enviar works without text.
  await attachment.getByLabel('Anexar arquivo').setInputFiles({ name: 'cardapio.pdf', mimeType: 'application/pdf', buffer: PDF });
  await expect(attachment).toContainText('documento');
  await expect(thread.getByLabel('Sua resposta')).toHaveValue('');
  await thread.getByRole('button', { name: 'Enviar' }).click();
  // The bubble shows as soon as the reply is stored ("Enviando"); the ledger holds it once the
  // channel took it, which the bubble says with its state.
  const doc = thread.getByTestId('bubble-out').filter({ has: page.getByTestId('bubble-attachment').filter({ hasText: 'cardapio.pdf' }) });
  await expect(doc).toBeVisible();
  await expect(doc).toContainText(/Enviada|Entregue|Lida/);
  await expect(page.getByTestId('conversation').first()).toContainText('cardapio.pdf');
  await page.screenshot({ path: test.info().outputPath('anexo.png') });

  const sent = simulatorLedger(host.dataDir).filter((e) => e.jid === '5511977771234@s.whatsapp.net');
  expect(sent).toHaveLength(2);
  expect(sent[0]).toMatchObject({ attachment: 'image', textSha256: hashText(CAPTION) });
  expect(sent[1]).toMatchObject({ attachment: 'document' });
});
