import QRCode from 'qrcode';
import { expect, it } from 'vitest';
import { decodeQrDataUrl } from '../e2e/support/qr-decode';
it('reads back what the renderer drew (the QR the e2e phone scans)', async () => {
  for (const text of ['https://wa.me/settings/linked_devices#2@abcDEF123+/xyz==,AAAAbbbb+/01234567890123456789012345678901234567890=,QkN+/DEF0123456789012345678901234567890abcdefghi=,c2VjcmV0IGFkdiBrZXkgMTIzNDU2Nzg5MA==,1', 'HELLO 123']) {
    const url = await QRCode.toDataURL(text, { margin: 1, width: 264, errorCorrectionLevel: 'M' });
    expect(decodeQrDataUrl(url)).toBe(text);
  }
});
