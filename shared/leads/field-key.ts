/**
 * Template-safe key for a spreadsheet column title: lowercase, accents stripped, anything else
 * '_'. "Nome da Empresa" → "nome_da_empresa", "Cidade" → "cidade". The importer (core) and the
 * mapping step (renderer) must agree on it, so it lives here.
 */
export function fieldKey(title: string): string {
  let k = title
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (k === '') k = 'campo';
  if (/^\d/.test(k)) k = 'campo_' + k;
  return k.slice(0, 60);
}
