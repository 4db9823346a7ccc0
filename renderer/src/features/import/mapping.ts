import type { ColumnMappingInput, ImportPreview } from '../../../../shared/api/methods/leads';
import { columnVariableKey, fieldKey as toFieldKey, isBuiltinKey, isFieldKey } from '../../../../shared/leads/field-key';

export { toFieldKey };

/** What one spreadsheet column becomes. */
export type Role = 'phone' | 'areaCode' | 'name' | 'email' | 'field' | 'ignore';
export interface ColumnRole {
  role: Role;
  /** Template variable key for role 'field' ({cidade}). */
  key: string;
}

const UNIQUE: Role[] = ['phone', 'areaCode', 'name', 'email'];

/**
 * The key a titled column gets as a variable ('' for a column without a title: the user names
 * it). A built-in's name is renamed: "Data" → data_planilha.
 */
export function suggestedKey(header: string, untitled: boolean): string {
  return untitled ? '' : columnVariableKey(toFieldKey(header));
}

export function rolesFromPreview(p: ImportPreview): ColumnRole[] {
  const s = p.suggestedMapping;
  const untitled = new Set(p.untitled ?? []);
  return p.headers.map((h, i) => {
    if (s.phone === i) return { role: 'phone', key: '' };
    if (s.areaCode === i) return { role: 'areaCode', key: '' };
    if (s.name === i) return { role: 'name', key: '' };
    if (s.email === i) return { role: 'email', key: '' };
    const key = s.fields[String(i)];
    return key ? { role: 'field', key } : { role: 'ignore', key: suggestedKey(h, untitled.has(i)) };
  });
}

/** Gives column `index` a role; a unique role (phone, name...) leaves its previous column as a custom field. */
export function setRole(roles: ColumnRole[], headers: string[], index: number, role: Role, untitled: readonly number[] = []): ColumnRole[] {
  const keyOf = (r: ColumnRole, i: number) => r.key || suggestedKey(headers[i] ?? '', untitled.includes(i));
  return roles.map((r, i) => {
    if (i === index) return { role, key: keyOf(r, i) };
    if (UNIQUE.includes(role) && r.role === role) return { role: 'field', key: keyOf(r, i) };
    return r;
  });
}

export type MappingProblemCode = 'noPhone' | 'unnamedKey' | 'reservedKey' | 'badKey' | 'duplicateKey';
export interface MappingProblem {
  code: MappingProblemCode;
  /** The column it is about (its title as shown), for the message. */
  column?: string;
  key?: string;
}

export function mappingProblem(roles: ColumnRole[], headers: string[] = []): MappingProblem | null {
  if (!roles.some((r) => r.role === 'phone')) return { code: 'noPhone' };
  const fields = roles.flatMap((r, i) => (r.role === 'field' ? [{ key: r.key, column: headers[i] ?? '' }] : []));
  const unnamed = fields.find((f) => f.key.trim() === '');
  if (unnamed) return { code: 'unnamedKey', column: unnamed.column };
  const reserved = fields.find((f) => isBuiltinKey(f.key));
  if (reserved) return { code: 'reservedKey', column: reserved.column, key: reserved.key };
  if (fields.some((f) => !isFieldKey(f.key))) return { code: 'badKey' };
  const keys = fields.map((f) => f.key);
  if (new Set(keys).size !== keys.length) return { code: 'duplicateKey' };
  return null;
}

/** The column's title made a key was a built-in's name, so it became `{key}_planilha`. */
export function renamedFrom(header: string, role: ColumnRole): string | null {
  const original = toFieldKey(header);
  return role.role === 'field' && isBuiltinKey(original) && role.key === columnVariableKey(original) ? original : null;
}

export function toMapping(roles: ColumnRole[]): ColumnMappingInput {
  const m: ColumnMappingInput = { phone: -1, fields: {} };
  roles.forEach((r, i) => {
    if (r.role === 'phone') m.phone = i;
    else if (r.role === 'areaCode') m.areaCode = i;
    else if (r.role === 'name') m.name = i;
    else if (r.role === 'email') m.email = i;
    else if (r.role === 'field') m.fields[String(i)] = r.key;
  });
  return m;
}
