import { BUILTIN_VARIABLES, BUILTIN_VARIABLE_LABELS } from '../../../../shared/template/variables';
import type { KnownVariable } from '../../../../shared/api/methods/messages';
import { useT } from '../../i18n';

/** "Inserir variável": picks a variable and hands `{key}` to the caller to insert at the cursor. */
export function VariablePicker(props: { fields: KnownVariable[]; onPick(token: string): void; id: string; disabled?: boolean }) {
  const t = useT();
  return (
    <select
      id={props.id}
      className="variable-picker"
      value=""
      disabled={props.disabled}
      aria-label={t('msg.variable.insert')}
      onChange={(e) => {
        if (e.target.value) props.onPick(`{${e.target.value}}`);
        e.target.value = '';
      }}
    >
      <option value="">{t('msg.variable.insert')}</option>
      <optgroup label={t('msg.variable.builtin')}>
        {BUILTIN_VARIABLES.map((v) => (
          <option key={v} value={v}>
            {`{${v}} · ${BUILTIN_VARIABLE_LABELS[v]}`}
          </option>
        ))}
      </optgroup>
      {props.fields.length ? (
        <optgroup label={t('msg.variable.fields')}>
          {props.fields.map((f) => (
            <option key={f.key} value={f.key}>
              {`{${f.key}} · ${f.label}`}
            </option>
          ))}
        </optgroup>
      ) : null}
    </select>
  );
}

/** Inserts `token` at the textarea's selection and returns the new text and caret. */
export function insertAt(text: string, start: number, end: number, token: string): { text: string; caret: number } {
  const s = Math.max(0, Math.min(start, text.length));
  const e = Math.max(s, Math.min(end, text.length));
  return { text: text.slice(0, s) + token + text.slice(e), caret: s + token.length };
}
