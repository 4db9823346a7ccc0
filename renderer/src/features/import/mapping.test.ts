import { describe, expect, it } from 'vitest';
import type { ImportPreview } from '../../../../shared/api/methods/leads';
import { mappingProblem, renamedFrom, rolesFromPreview, setRole, toMapping } from './mapping';

const preview: ImportPreview = {
  format: 'xlsx',
  headerRow: 4,
  headers: ['Nome', 'Celular', 'Cidade', 'Data', 'Valor', 'Coluna F'],
  untitled: [5],
  rows: [],
  suggestedMapping: { name: 0, phone: 1, fields: { 2: 'cidade', 3: 'data_planilha', 4: 'valor' } },
};

describe('import mapping', () => {
  it('leaves an untitled column out until the user names it', () => {
    const roles = rolesFromPreview(preview);
    expect(roles[5]).toEqual({ role: 'ignore', key: '' });
    expect(toMapping(roles).fields).toEqual({ 2: 'cidade', 3: 'data_planilha', 4: 'valor' });
    const asField = setRole(roles, preview.headers, 5, 'field', preview.untitled);
    expect(asField[5]).toEqual({ role: 'field', key: '' });
    expect(mappingProblem(asField, preview.headers)).toEqual({ code: 'unnamedKey', column: 'Coluna F' });
    const named = asField.map((r, i) => (i === 5 ? { ...r, key: 'codigo' } : r));
    expect(mappingProblem(named, preview.headers)).toBeNull();
  });

  it('says when a column was renamed for a built-in, and refuses a built-in name typed by hand', () => {
    const roles = rolesFromPreview(preview);
    expect(renamedFrom('Data', roles[3])).toBe('data');
    expect(renamedFrom('Cidade', roles[2])).toBeNull();
    const typed = roles.map((r, i) => (i === 3 ? { ...r, key: 'data' } : r));
    expect(mappingProblem(typed, preview.headers)).toEqual({ code: 'reservedKey', column: 'Data', key: 'data' });
    // A titled column switched to a field gets the renamed key too.
    const ignored = roles.map((r, i) => (i === 3 ? { role: 'ignore' as const, key: '' } : r));
    expect(setRole(ignored, preview.headers, 3, 'field')[3]).toEqual({ role: 'field', key: 'data_planilha' });
  });
});
