import { isBuiltinVariable } from '../template/variables';

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

/** What a field key may look like: lowercase letters without accents, digits and _, 1 to 60 of them. */
export const FIELD_KEY_PATTERN = /^[a-z0-9_]{1,60}$/;

/** True when `key` may name a contact field (what {@link fieldKey} always produces). */
export function isFieldKey(key: string): boolean {
  return FIELD_KEY_PATTERN.test(key);
}

/** Added to a column key that is already a built-in variable's name. */
export const BUILTIN_COLLISION_SUFFIX = '_planilha';

/** A key the template engine answers by itself ({data} is today's date, {nome} the contact's name…). */
export function isBuiltinKey(key: string): boolean {
  return isBuiltinVariable(key);
}

/**
 * The variable a column becomes in messages. A column titled "Data" would be hidden behind
 * the built-in {data} (today's date), so it becomes {data_planilha}; other keys stay as they are.
 */
export function columnVariableKey(key: string): string {
  return isBuiltinKey(key) ? `${key}${BUILTIN_COLLISION_SUFFIX}`.slice(0, 60) : key;
}
