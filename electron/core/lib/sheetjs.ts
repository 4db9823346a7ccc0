/**
 * SheetJS, loaded when a spreadsheet is first read or written rather than when a thread starts:
 * every thread of a CSV import, the CLI and the core's start paid its 30-40 ms. Its ES module
 * build, through import() (require() would pick the CommonJS build, three times slower to
 * load). Each way in awaits loadSheetjs() first (leads/parse/source.ts, leads/contacts.ts,
 * results/report.ts, portability/export-all.ts); the code below it uses sheetjs() synchronously.
 */
import type * as XLSX from 'xlsx';

let loaded: typeof XLSX | undefined;

export async function loadSheetjs(): Promise<typeof XLSX> {
  return (loaded ??= await import('xlsx'));
}

export function sheetjs(): typeof XLSX {
  if (!loaded) throw new Error('SheetJS used before loadSheetjs()');
  return loaded;
}
