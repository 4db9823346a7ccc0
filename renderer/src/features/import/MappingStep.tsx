import { useId } from 'react';
import type { ImportPreview } from '../../../../shared/api/methods/leads';
import { Field } from '../../components/Field';
import { useNumber, useT, type MessageKey } from '../../i18n';
import { mappingProblem, renamedFrom, setRole, type ColumnRole, type Role } from './mapping';

export interface RowFilter {
  enabled: boolean;
  column: number;
  equals: string;
}

const ROLE_LABEL: Record<Role, MessageKey> = {
  phone: 'import.role.phone',
  areaCode: 'import.role.areaCode',
  name: 'import.role.name',
  email: 'import.role.email',
  field: 'import.role.field',
  ignore: 'import.role.ignore',
};
const ROLES: Role[] = ['phone', 'name', 'email', 'field', 'areaCode', 'ignore'];

const ENCODING_LABEL: Record<string, string> = { utf8: 'UTF-8', windows1252: 'Windows-1252 (Excel)', utf16le: 'UTF-16', utf16be: 'UTF-16' };
const DELIMITER_LABEL: Record<string, MessageKey> = { ',': 'import.delimiter.comma', ';': 'import.delimiter.semicolon', '\t': 'import.delimiter.tab', '|': 'import.delimiter.pipe' };

/** Step 2: the first rows, the sheet and header row, what each column is, an optional row filter. */
export function MappingStep(props: {
  preview: ImportPreview;
  roles: ColumnRole[];
  filter: RowFilter;
  busy: boolean;
  onRoles(roles: ColumnRole[]): void;
  onFilter(filter: RowFilter): void;
  onReread(opts: { sheet?: string; headerRow?: number }): void;
  onBack(): void;
  onNext(): void;
}) {
  const t = useT();
  const { preview, roles } = props;
  const idBase = useId();
  const problem = mappingProblem(roles, preview.headers);
  const untitled = preview.untitled ?? [];
  const headerLine = preview.headerRow + 1;
  const nf = useNumber();

  const info = new Map((preview.sheetInfo ?? []).map((s) => [s.name, s]));
  const sheetLabel = (name: string) => {
    const s = info.get(name);
    if (!s) return name;
    const rows = t(s.rows === 1 ? 'import.sheet.rows.one' : 'import.sheet.rows.other', { n: nf(s.rows) });
    if (s.phoneRows === 0) return t('import.sheet.option', { name, rows });
    const phones = t(s.phoneRows === 1 ? 'import.sheet.phones.one' : 'import.sheet.phones.other', { n: nf(s.phoneRows) });
    return t('import.sheet.optionPhones', { name, rows, phones });
  };
  // Opened on a sheet other than the first: say why, so nobody wonders where the first one went.
  const autoSheet = preview.sheets && preview.sheet && preview.sheets[0] !== preview.sheet && info.get(preview.sheet)?.phoneRows ? preview.sheet : null;

  const facts: string[] = [];
  if (preview.fileName) facts.push(preview.fileName);
  facts.push(t(`import.format.${preview.format}` as MessageKey));
  if (preview.encoding) facts.push(ENCODING_LABEL[preview.encoding] ?? preview.encoding);
  if (preview.delimiter && preview.format !== 'xlsx') facts.push(t(DELIMITER_LABEL[preview.delimiter]));
  if (preview.totalRowsEstimate !== undefined) facts.push(t('import.preview.rows', { count: nf(preview.totalRowsEstimate) }));

  return (
    <div className="import-step">
      <p className="import-facts">{facts.join(' · ')}</p>

      <div className="form-row">
        {preview.sheets && preview.sheets.length > 1 ? (
          <Field label={t('import.sheet')} help={autoSheet ? t('import.sheet.auto', { name: autoSheet }) : t('import.sheet.help')}>
            <select value={preview.sheet ?? ''} disabled={props.busy} onChange={(e) => props.onReread({ sheet: e.target.value })}>
              {preview.sheets.map((s) => (
                <option key={s} value={s}>
                  {sheetLabel(s)}
                </option>
              ))}
            </select>
          </Field>
        ) : null}
        <Field label={t('import.headerRow')} help={t('import.headerRow.help')}>
          <select
            value={String(headerLine)}
            disabled={props.busy}
            onChange={(e) => props.onReread({ sheet: preview.sheet, headerRow: Number(e.target.value) - 1 })}
          >
            <option value="0">{t('import.headerRow.none')}</option>
            {Array.from({ length: Math.max(10, headerLine) }, (_, i) => i + 1).map((n) => (
              <option key={n} value={String(n)}>
                {t('import.headerRow.line', { n })}
              </option>
            ))}
          </select>
        </Field>
      </div>

      <section aria-labelledby={`${idBase}-map`}>
        <h3 className="section-title" id={`${idBase}-map`}>
          {t('import.mapping.title')}
        </h3>
        <p className="field__help">{t('import.mapping.help')}</p>
        <div className="import-preview" tabIndex={0} role="region" aria-label={t('import.preview.region')} data-testid="mapping-table-scroll">
          <table className="import-preview__table">
            <thead>
              <tr>
                {preview.headers.map((h, i) => {
                  const r = roles[i];
                  const selectId = `${idBase}-role-${i}`;
                  return (
                    <th key={i} scope="col" className={`import-col import-col--${r?.role ?? 'ignore'}`}>
                      <span className="import-col__title">{h}</span>
                      <label className="visually-hidden" htmlFor={selectId}>
                        {t('import.mapping.columnLabel', { column: h })}
                      </label>
                      <select
                        id={selectId}
                        className="import-col__role"
                        value={r?.role ?? 'ignore'}
                        onChange={(e) => props.onRoles(setRole(roles, preview.headers, i, e.target.value as Role, untitled))}
                      >
                        {ROLES.map((role) => (
                          <option key={role} value={role}>
                            {t(ROLE_LABEL[role])}
                          </option>
                        ))}
                      </select>
                      {r?.role === 'field' ? (
                        <span className="import-col__key">
                          <label className="visually-hidden" htmlFor={`${selectId}-key`}>
                            {t('import.mapping.keyLabel', { column: h })}
                          </label>
                          <span aria-hidden="true">{'{'}</span>
                          <input
                            id={`${selectId}-key`}
                            value={r.key}
                            spellCheck={false}
                            placeholder={t('import.mapping.keyPlaceholder')}
                            aria-invalid={r.key.trim() === '' || undefined}
                            aria-describedby={renamedFrom(h, r) ? `${selectId}-renamed` : undefined}
                            onChange={(e) => props.onRoles(roles.map((x, j) => (j === i ? { ...x, key: e.target.value.toLowerCase() } : x)))}
                          />
                          <span aria-hidden="true">{'}'}</span>
                        </span>
                      ) : null}
                      {renamedFrom(h, r) ? (
                        <span className="import-col__note" id={`${selectId}-renamed`}>
                          {t('import.mapping.renamed', { original: `{${renamedFrom(h, r)}}`, renamed: `{${r.key}}` })}
                        </span>
                      ) : null}
                    </th>
                  );
                })}
              </tr>
            </thead>
            <tbody>
              {preview.rows.slice(0, 10).map((row, ri) => (
                <tr key={ri}>
                  {preview.headers.map((_, ci) => (
                    <td key={ci} className={roles[ci]?.role === 'ignore' ? 'is-ignored' : undefined}>
                      {row[ci] ?? ''}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {preview.rows.length === 0 ? <p className="inline-warning">{t('import.preview.noRows')}</p> : null}
        {problem ? (
          <p className="inline-error" role="alert">
            {t(`import.mapping.problem.${problem.code}` as MessageKey, { column: problem.column ?? '', key: problem.key ? `{${problem.key}}` : '' })}
          </p>
        ) : null}
      </section>

      <fieldset className="import-filter">
        <legend className="visually-hidden">{t('import.filter.legend')}</legend>
        <label className="toggle-row">
          <input type="checkbox" checked={props.filter.enabled} onChange={(e) => props.onFilter({ ...props.filter, enabled: e.target.checked })} />
          <span>
            <strong>{t('import.filter.enable')}</strong>
            <span className="field__help"> {t('import.filter.help')}</span>
          </span>
        </label>
        {props.filter.enabled ? (
          <div className="form-row">
            <Field label={t('import.filter.column')}>
              <select value={String(props.filter.column)} onChange={(e) => props.onFilter({ ...props.filter, column: Number(e.target.value) })}>
                {preview.headers.map((h, i) => (
                  <option key={i} value={String(i)}>
                    {h}
                  </option>
                ))}
              </select>
            </Field>
            <Field label={t('import.filter.equals')}>
              <input value={props.filter.equals} onChange={(e) => props.onFilter({ ...props.filter, equals: e.target.value })} placeholder="1" />
            </Field>
          </div>
        ) : null}
      </fieldset>

      <div className="form-actions">
        <button type="button" className="button button--secondary" onClick={props.onBack}>
          {t('import.back')}
        </button>
        <button type="button" className="button button--primary" disabled={!!problem || props.busy} onClick={props.onNext}>
          {t('import.next')}
        </button>
      </div>
    </div>
  );
}
