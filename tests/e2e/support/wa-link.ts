/** Linking the WhatsApp stand-in's phone by clicks: Números → Adicionar número → the QR on screen. */
import { expect, type Page } from '@playwright/test';
import type { WaStandIn } from '../../../electron/core/channels/whatsapp/testing/wa-server';
import { decodeQrDataUrl } from './qr-decode';

/** On Números: the phone points its camera at the QR code on screen and links as `label`. */
export async function linkPhoneByQr(page: Page, wa: WaStandIn, phone: string, label: string): Promise<void> {
  await page.getByRole('button', { name: 'Adicionar número' }).click();
  const dialog = page.getByRole('dialog', { name: 'Adicionar número de WhatsApp' });
  await dialog.getByLabel('Nome do número').fill(label);
  await dialog.getByRole('button', { name: 'Gerar QR Code' }).click();
  const img = dialog.getByRole('img', { name: 'QR Code para conectar o WhatsApp' });
  await expect(img).toBeVisible({ timeout: 20_000 });
  await wa.scanQr(phone, decodeQrDataUrl((await img.getAttribute('src')) ?? ''));
  await expect(dialog.getByTestId('whatsapp-status')).toContainText('Conectado', { timeout: 20_000 });
  await dialog.getByRole('button', { name: 'Concluir' }).click();
  await expect(dialog).toBeHidden();
}
