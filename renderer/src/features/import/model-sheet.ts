import type { Translate } from '../../i18n';

/**
 * The model spreadsheet "Baixar planilha modelo" saves: only the column titles the import
 * recognises by itself (name, WhatsApp phone with DDD, e-mail) and two fields of your own, no
 * example rows (an example phone could belong to someone real). Semicolons, CRLF and a UTF-8 BOM:
 * how Excel in Portuguese opens a CSV with its accents right.
 */
export function modelSheet(t: Translate): { text: string; fileName: string } {
  const titles = [t('import.model.col.name'), t('import.model.col.phone'), t('import.model.col.email'), t('import.model.col.city'), t('import.model.col.notes')];
  return { text: '\uFEFF' + titles.join(';') + '\r\n', fileName: t('import.model.fileName') };
}
