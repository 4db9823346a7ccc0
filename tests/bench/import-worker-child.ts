// Child of import.bench.ts for the app's path: a core that is already running (its database open
// and migrated, as the app's is) imports a file through the import worker thread. Timed from the
// request to the data being in the database file: preview, worker import, and the WAL checkpoint
// that moves its pages into the file. Prints one JSON line. Bundled by the bench (esbuild), with
// the import worker next to it, so nothing is compiled at run time.
import path from 'node:path';
import { openStore } from '../../electron/core/db/open';
import { previewFile } from '../../electron/core/leads/parse/preview';
import { runImportInWorker } from '../../electron/core/leads/worker';

async function main(): Promise<void> {
  const [dataDir, file] = process.argv.slice(2);
  const { db } = openStore(dataDir);
  const t0 = performance.now();
  const preview = await previewFile(file);
  const m = preview.suggestedMapping;
  if (m.phone === undefined) throw new Error('no phone column found');
  const report = await runImportInWorker(
    path.join(dataDir, 'recado.db'),
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
  db.pragma('wal_checkpoint(TRUNCATE)');
  const seconds = (performance.now() - t0) / 1000;
  db.close();
  process.stdout.write(JSON.stringify({ seconds, peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024), imported: report.imported, rowsRead: report.rowsRead }) + '\n');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
