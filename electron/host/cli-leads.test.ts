import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../tests/helpers/temp-dir';
import { applyMaps } from './cli-leads';

const root = path.resolve(__dirname, '../..');
let tmp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  tmp = makeTempDir('recado-cli-import-');
});
afterEach(() => tmp.cleanup());

function recado(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, 'bin/recado.mjs'), ...args], {
      cwd: tmp.dir,
      env: { ...process.env, RECADO_FROM_SOURCE: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function writeCsv(name: string, lines: string[]): string {
  const file = path.join(tmp.dir, name);
  fs.writeFileSync(file, iconv.encode(lines.join('\r\n'), 'win1252'));
  return file;
}

describe('recado import', () => {
  it('imports with the automatic mapping and prints the report as JSON, then in Portuguese', async () => {
    const file = writeCsv('clientes.csv', ['Nome;Celular;Cidade', 'João Gonçalves;(11) 98765-4321;São Paulo', 'Antônia Araújo;21 99876 5432;Rio', 'Sem DDD;98765-4321;X']);
    const dataDir = path.join(tmp.dir, 'data');
    const json = await recado(['import', file, '--list', 'Clientes', '--consent', 'Clientes da loja', '--data-dir', dataDir, '--json']);
    expect(json.code).toBe(0);
    const { ok, report } = JSON.parse(json.stdout);
    expect(ok).toBe(true);
    expect(report).toMatchObject({ listName: 'Clientes', rowsRead: 3, imported: 2, invalid: 1, encoding: 'windows1252' });
    expect(report.rejected[0]).toMatchObject({ row: 4, reason: 'no_area_code' });

    const again = await recado(['import', file, '--list', 'Clientes', '--update', '--map', 'Cidade=municipio', '--data-dir', dataDir]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/Importação concluída .* na lista "Clientes"/);
    expect(again.stdout).toMatch(/Atualizados:\s+2/);
    expect(again.stdout).toMatch(/linha 4: Número sem DDD/);

    const out = path.join(tmp.dir, 'export.csv');
    const exp = await recado(['export', 'contacts', '--list', 'Clientes', '--out', out, '--data-dir', dataDir]);
    expect(exp.code).toBe(0);
    expect(exp.stdout).toMatch(/2 contatos exportados/);
    const text = fs.readFileSync(out, 'utf8');
    expect(text).toContain('João Gonçalves;+5511987654321');
    expect(text.split('\r\n')[0]).toMatch(/;cidade;municipio$/);
  }, 120_000);

  it('reads a Windows-1252 file behind a UTF-8 BOM and names the row of an unclosed quote', async () => {
    const file = path.join(tmp.dir, 'bom.csv');
    const body = iconv.encode(['Nome;Celular', '"João Gonçalves;(11) 98765-4321', 'Antônia Araújo;21 99876 5432'].join('\r\n'), 'win1252');
    fs.writeFileSync(file, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body]));
    const r = await recado(['import', file, '--list', 'Clientes', '--data-dir', path.join(tmp.dir, 'data')]);
    expect(r.stderr).not.toMatch(/Erro inesperado/);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Importados \(novos\):\s+2/);
    expect(r.stdout).toMatch(/Atenção: Aspas \("\) abertas e não fechadas na linha 2/);
  }, 60_000);

  it('refuses a file without a phone column, writing nothing', async () => {
    const file = writeCsv('sem-telefone.csv', ['Nome;Cidade', 'Ana;Rio', 'Bia;Recife']);
    const dataDir = path.join(tmp.dir, 'data');
    const r = await recado(['import', file, '--list', 'Clientes', '--data-dir', dataDir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Não encontramos a coluna de telefone em sem-telefone\.csv\. Colunas: Nome, Cidade/);
    expect(fs.existsSync(path.join(dataDir, 'recado.db'))).toBe(false);
    const usage = await recado(['import', file, '--data-dir', dataDir]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/--list/);
  }, 60_000);
});

describe('applyMaps', () => {
  const preview = { headers: ['Nome', 'Telefone', 'Celular', 'Cidade'], suggestedMapping: { phone: 1, name: 0, fields: { 2: 'celular', 3: 'cidade' } } };
  it('moves a role to another column (by title, letter or number) and keeps the old one as a field', () => {
    expect(applyMaps(preview, ['celular=phone']).mapping).toMatchObject({ phone: 2, name: 0, fields: { 1: 'telefone', 3: 'cidade' } });
    expect(applyMaps(preview, ['D=ignorar']).mapping.fields).toEqual({ 2: 'celular' });
    expect(applyMaps(preview, ['4=Município']).mapping.fields).toEqual({ 2: 'celular', 3: 'municipio' });
    expect(applyMaps(preview, ['Bairro=bairro']).error).toMatch(/A coluna "Bairro" não existe/);
  });
});
