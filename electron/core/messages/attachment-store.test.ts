import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempCore } from '../../../tests/helpers/core';

const t = useTempCore();
const call = t.call;

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), crypto.randomBytes(200)]);
const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n'), crypto.randomBytes(100)]);
const OGG = Buffer.concat([Buffer.from('OggS'), crypto.randomBytes(100)]);
const MP4 = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypisom'), crypto.randomBytes(100)]);
const b64 = (b: Buffer) => b.toString('base64');
const attachmentsDir = () => path.join(t.dir, 'attachments');

describe('attachments', () => {
  it('stores a file under its sha256 and returns a reference', async () => {
    const ref = await call('attachments.add', { fileName: 'C:\\Users\\ana\\Fotos\\vitrine.png', mimeType: 'image/png', dataBase64: b64(PNG) });
    const sha = crypto.createHash('sha256').update(PNG).digest('hex');
    expect(ref).toEqual({ sha256: sha, kind: 'image', fileName: 'vitrine.png', mimeType: 'image/png', size: PNG.length });
    expect(fs.readFileSync(path.join(attachmentsDir(), sha))).toEqual(PNG);
    // No temp files left behind.
    expect(fs.readdirSync(attachmentsDir())).toEqual([sha]);

    const info = await call('attachments.get', { sha256: sha });
    expect(info).toMatchObject({ exists: true, kind: 'image', fileName: 'vitrine.png' });
    expect(info.dataUrl).toBe(`data:image/png;base64,${b64(PNG)}`);
  });

  it('keeps one copy of the same content attached twice', async () => {
    const a = await call('attachments.add', { fileName: 'catalogo.pdf', mimeType: 'application/pdf', dataBase64: b64(PDF) });
    const b = await call('attachments.add', { fileName: 'catalogo (1).pdf', mimeType: '', dataBase64: b64(PDF) });
    expect(b.sha256).toBe(a.sha256);
    expect(b.fileName).toBe('catalogo (1).pdf');
    expect(fs.readdirSync(attachmentsDir())).toHaveLength(1);
    const info = await call('attachments.get', { sha256: a.sha256 });
    expect(info).toMatchObject({ kind: 'document', mimeType: 'application/pdf', dataUrl: null });
  });

  it('recognises audio (as a voice note when asked) and video', async () => {
    expect(await call('attachments.add', { fileName: 'recado.ogg', mimeType: 'video/ogg', dataBase64: b64(OGG), voiceNote: true })).toMatchObject({
      kind: 'audio',
      mimeType: 'audio/ogg',
      voiceNote: true,
    });
    expect(await call('attachments.add', { fileName: 'tour.mp4', mimeType: 'video/mp4', dataBase64: b64(MP4) })).toMatchObject({ kind: 'video' });
  });

  it('refuses files whose content does not match the extension or the declared type', async () => {
    await expect(call('attachments.add', { fileName: 'foto.jpg', mimeType: 'image/jpeg', dataBase64: b64(PDF) })).rejects.toMatchObject({
      code: 'attachments.type_mismatch',
      message: expect.stringContaining('imagem JPG'),
    });
    await expect(call('attachments.add', { fileName: 'catalogo.pdf', mimeType: 'image/png', dataBase64: b64(PDF) })).rejects.toMatchObject({
      code: 'attachments.type_mismatch',
    });
    await expect(call('attachments.add', { fileName: 'programa.exe', mimeType: 'application/x-msdownload', dataBase64: b64(PDF) })).rejects.toMatchObject({
      code: 'attachments.unsupported_type',
      message: expect.stringContaining('.exe'),
    });
    await expect(call('attachments.add', { fileName: 'notas.txt', mimeType: 'text/plain', dataBase64: b64(Buffer.from([0x4d, 0x5a, 0, 0, 1])) })).rejects.toMatchObject({
      code: 'attachments.type_mismatch',
    });
    await expect(call('attachments.add', { fileName: 'vazio.pdf', mimeType: 'application/pdf', dataBase64: '' })).rejects.toMatchObject({ code: 'attachments.empty' });
    await expect(call('attachments.add', { fileName: 'x.pdf', mimeType: 'application/pdf', dataBase64: '%%%not base64' })).rejects.toMatchObject({
      code: 'attachments.bad_data',
    });
    expect(fs.existsSync(attachmentsDir()) ? fs.readdirSync(attachmentsDir()) : []).toEqual([]);
  });

  it("applies WhatsApp's size limits, and explains the transport cap for big documents", async () => {
    const bigImage = Buffer.concat([PNG, Buffer.alloc(5 * 1024 * 1024)]);
    await expect(call('attachments.add', { fileName: 'grande.png', mimeType: 'image/png', dataBase64: b64(bigImage) })).rejects.toMatchObject({
      code: 'attachments.too_large',
      message: expect.stringContaining('até 5 MB'),
    });
    const bigDoc = Buffer.concat([PDF, Buffer.alloc(16 * 1024 * 1024)]);
    await expect(call('attachments.add', { fileName: 'manual.pdf', mimeType: 'application/pdf', dataBase64: b64(bigDoc) })).rejects.toMatchObject({
      code: 'attachments.too_large',
      message: expect.stringMatching(/até 100 MB.*até 16 MB/),
    });
  });

  it('reports unknown hashes', async () => {
    await expect(call('attachments.get', { sha256: 'a'.repeat(64) })).rejects.toMatchObject({ code: 'attachments.not_found' });
  });
});
