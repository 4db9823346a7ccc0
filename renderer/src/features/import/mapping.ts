import type { ColumnMappingInput, ImportPreview } from '../../../../shared/api/methods/leads';
import { fieldKey as toFieldKey } from '../../../../shared/leads/field-key';

export { toFieldKey };

/** What one spreadsheet column becomes. */
export type Role = 'phone' | 'areaCode' | 'name' | 'email' | 'field' | 'ignore';
export interface ColumnRole {
  role: Role;
  /** Template variable key for role 'field' ({cidade}). */
  key: string;
}

const UNIQUE: Role[] = ['phone', 'areaCode', 'name', 'email'];

export function rolesFromPreview(p: ImportPreview): ColumnRole[] {
  const s = p.suggestedMapping;
  return p.headers.map((h, i) => {
    if (s.phone === i) return { role: 'phone', key: '' };
    if (s.areaCode === i) return { role: 'areaCode', key: '' };
    if (s.name === i) return { role: 'name', key: '' };
    if (s.email === i) return { role: 'email', key: '' };
    const key = s.fields[String(i)];
    return key ? { role: 'field', key } : { role: 'ignore', key: toFieldKey(h) };
  });
}

/** Gives column `index` a role; a unique role (phone, name...) leaves its previous column as a custom field. */
export function setRole(roles: ColumnRole[], headers: string[], index: number, role: Role): ColumnRole[] {
  return roles.map((r, i) => {
    if (i === index) return { role, key: r.key || toFieldKey(headers[i] ?? '') };
    if (UNIQUE.includes(role) && r.role === role) return { role: 'field', key: r.key || toFieldKey(headers[i] ?? '') };
    return r;
  });
}

export type MappingProblem = 'noPhone' | 'badKey' | 'duplicateKey';

export function mappingProblem(roles: ColumnRole[]): MappingProblem | null {
  if (!roles.some((r) => r.role === 'phone')) return 'noPhone';
  const keys = roles.filter((r) => r.role === 'field').map((r) => r.key);
  if (keys.some((k) => !/^[a-z0-9_]{1,60}$/.test(k))) return 'badKey';
  if (new Set(keys).size !== keys.length) return 'duplicateKey';
  return null;
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
