import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempCore } from '../../../tests/helpers/core';
import { bombSheet, workbookParts, writeZip } from './parse/test-zip';

const t = useTempCore({ prefix: 'recado-bombs-' });
/** Inflated size of the bombs; the report used 1 GiB. */
const BOMB_MIB = Number(process.env.BOMB_MIB ?? 1024);

async function upload(file: string): Promise<string> {
  const data = fs.readFileSync(file);
  const { uploadId, chunkBytes } = await t.call('uploads.begin', { fileName: path.basename(file), size: data.length });
  for (let off = 0; off < data.length; off += chunkBytes) {
    await t.call('uploads.chunk', { uploadId, offset: off, dataBase64: data.subarray(off, off + chunkBytes).toString('base64') });
  }
  return (await t.call('uploads.finish', { uploadId })).fileId;
}

describe('zip bombs through the API', () => {
  it('are refused with a clear message while the core keeps answering', async () => {
    const honest = path.join(t.dir, 'clientes.xlsx');
    writeZip(honest, workbookParts(bombSheet(BOMB_MIB)));
    const lying = path.join(t.dir, 'clientes-2.xlsx');
    writeZip(lying, workbookParts(bombSheet(BOMB_MIB, 4096)));
    expect(fs.statSync(honest).size).toBeLessThan(8 << 20);
    const honestId = await upload(honest);
    const lyingId = await upload(lying);

    // The parse runs off the core's thread: pings keep being answered while the bombs are
    // being refused. (No timing bound: stalls are measured by benchmarks, not unit tests.)
    let pingsWhileParsing = 0;
    let parsing = true;
    const pinger = setInterval(() => {
      void t.core.dispatch('app.ping', undefined).then((r) => r.ok && parsing && pingsWhileParsing++);
    }, 20);
    let declared, inflated;
    try {
      declared = await t.core.dispatch('leads.preview', { source: { fileId: honestId } });
      inflated = await t.core.dispatch('leads.preview', { source: { fileId: lyingId } });
    } finally {
      parsing = false;
      clearInterval(pinger);
    }
    expect(pingsWhileParsing).toBeGreaterThan(0);
    expect(declared).toMatchObject({ ok: false, error: { code: 'import.too_large', message: expect.stringMatching(/limite de 200 MB/) } });
    expect(inflated).toMatchObject({ ok: false, error: { code: 'import.corrupt_file', message: expect.stringMatching(/danificado/) } });

    // A refused file is not kept; sent again and imported anyway, it fails the same way,
    // writes nothing, and its uploaded copy goes too.
    expect(fs.readdirSync(path.join(t.dir, 'tmp', 'uploads'))).toEqual([]);
    const againId = await upload(honest);
    const events: Array<{ name: string; payload: any }> = [];
    t.core.subscribe((name, payload) => events.push({ name, payload }));
    const { importId } = await t.call('leads.import', {
      source: { fileId: againId },
      sheet: 'Leads',
      mapping: { phone: 1, fields: {} },
      list: { name: 'Bomba' },
      consentSource: 'Teste',
      onExisting: 'keep',
    });
    await expect.poll(() => events.find((e) => e.name === 'leads.importFailed')?.payload, { timeout: 60_000 }).toMatchObject({ importId, error: { code: 'import.too_large' } });
    expect((await t.call('contacts.list', {})).total).toBe(0);
    expect(fs.existsSync(path.join(t.dir, 'tmp', 'uploads', againId))).toBe(false);
  }, 120_000);
});
