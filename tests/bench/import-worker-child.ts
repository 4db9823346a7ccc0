// Child of import.bench.ts for the app's path: a core that is already running (its database open
// and migrated, as the app's is) imports a file through the import worker thread. Timed from the
// request to the data being in the database file: preview, worker import, and the WAL checkpoint
// that moves its pages into the file. Then, timed on its own, the search index's catch-up that
// a big import leaves behind (search-backlog.ts), in its worker thread as the app runs it.
// With `--catch-up-only`, only that: what the app does at its next start after `recado import`.
// Prints one JSON line. Bundled by the bench (esbuild), with the import worker next to it, so
// nothing is compiled at run time.
import path from 'node:path';
import { openStore } from '../../electron/core/db/open';
import { previewFile } from '../../electron/core/leads/parse/preview';
import { runImportInWorker, runSearchCatchUpInWorker } from '../../electron/core/leads/worker';

async function catchUp(dbFile: string): Promise<{ indexSeconds: number; indexed: number }> {
  const t0 = performance.now();
  const indexed = await runSearchCatchUpInWorker(dbFile, new Int32Array(new SharedArrayBuffer(4)));
  return { indexSeconds: (performance.now() - t0) / 1000, indexed };
}

async function main(): Promise<void> {
  const [dataDir, file] = process.argv.slice(2);
  const { db } = openStore(dataDir);
  const dbFile = path.join(dataDir, 'recado.db');
  if (file === '--catch-up-only') {
    const c = await catchUp(dbFile);
    db.close();
    process.stdout.write(JSON.stringify(c) + '\n');
    return;
  }
  const t0 = performance.now();
  const preview = await previewFile(file);
  const m = preview.suggestedMapping;
  if (m.phone === undefined) throw new Error('no phone column found');
  const report = await runImportInWorker(
    dbFile,
    { path: file },
    {
      headerRow: preview.headerRow,
      sheet: preview.sheet,
      encoding: preview.encoding,
      delimiter: preview.delimiter,
      mapping: { phone: m.phone, name: m.name, email: m.email, fields: m.fields },
      list: { name: 'Bench' },
      consentSource: 'bench',
      onExisting: 'keep',
    },
  );
  // The import thread checkpoints right after its report; a second checkpoint meanwhile answers
  // busy at once. Ask again until one completes: only then are the pages in the database file.
  while ((db.pragma('wal_checkpoint(TRUNCATE)') as Array<{ busy: number }>)[0].busy) await new Promise((r) => setTimeout(r, 5));
  const seconds = (performance.now() - t0) / 1000;
  const c = await catchUp(dbFile);
  db.close();
  process.stdout.write(JSON.stringify({ seconds, ...c, peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024), imported: report.imported, rowsRead: report.rowsRead }) + '\n');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
