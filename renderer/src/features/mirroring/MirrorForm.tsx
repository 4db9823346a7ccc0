import { useId, useMemo, useState } from 'react';
import { Plus, RefreshCw, Trash2 } from 'lucide-react';
import type { MirrorRuleView, RewriteRuleInput } from '../../../../shared/api/methods/mirroring';
import type { NumberView } from '../../../../shared/api/methods/numbers';
import { rewriteText } from '../../../../shared/mirroring/rewrite';
import { api } from '../../api';
import { Field } from '../../components/Field';
import { useReportedError } from '../../data';
import { useErrorText, useT, type MessageKey } from '../../i18n';
import { useAppStore } from '../../store/app-store';
import { useNumberGroups } from '../numbers/use-number-groups';

type Kind = RewriteRuleInput['kind'];
interface Draft {
  key: number;
  kind: Kind;
  param: string;
  value: string;
  host: string;
  find: string;
  replace: string;
}

let nextKey = 1;
function draftOf(r?: RewriteRuleInput): Draft {
  const d: Draft = { key: nextKey++, kind: r?.kind ?? 'setParam', param: '', value: '', host: '', find: '', replace: '' };
  if (r?.kind === 'setParam') Object.assign(d, { param: r.param, value: r.value, host: r.host ?? '' });
  else if (r?.kind === 'removeParam') Object.assign(d, { param: r.param, host: r.host ?? '' });
  else if (r?.kind === 'replace') Object.assign(d, { find: r.find, replace: r.replace });
  return d;
}

/** The rule as the API takes it, or null when a field it needs is blank. */
function ruleOf(d: Draft): RewriteRuleInput | null {
  const host = d.host.trim() || undefined;
  if (d.kind === 'replace') return d.find ? { kind: 'replace', find: d.find, replace: d.replace } : null;
  if (!d.param.trim()) return null;
  if (d.kind === 'removeParam') return { kind: 'removeParam', param: d.param.trim(), host };
  return d.value.trim() ? { kind: 'setParam', param: d.param.trim(), value: d.value.trim(), host } : null;
}

/** Create or edit a mirror rule: number, source, destination groups, rewrites (with a live sample), limits. */
export function MirrorForm(props: { numbers: NumberView[]; rule: MirrorRuleView | null; onDone(): void }) {
  const t = useT();
  const id = useId();
  const errorText = useErrorText();
  const notify = useAppStore((s) => s.notify);
  const reportError = useAppStore((s) => s.reportError);
  const r = props.rule;
  const [name, setName] = useState(r?.name ?? '');
  const [numberId, setNumberId] = useState<number | null>(r?.numberId ?? props.numbers[0]?.id ?? null);
  const [sourceKind, setSourceKind] = useState<'group' | 'chat'>(r?.source.kind ?? 'group');
  const [sourceJid, setSourceJid] = useState(r?.source.kind === 'group' ? r.source.jid : '');
  const [sourcePhone, setSourcePhone] = useState(r?.source.kind === 'chat' ? `+${r.source.jid.split('@')[0]}` : '');
  const [destinations, setDestinations] = useState<string[]>(r?.destinations.map((d) => d.jid) ?? []);
  const [rewrites, setRewrites] = useState<Draft[]>(() => (r?.rewrites ?? []).map(draftOf));
  const [dedupHours, setDedupHours] = useState(String(r?.dedupHours ?? 24));
  const [paceSeconds, setPaceSeconds] = useState(String(r?.paceSeconds ?? 60));
  const [dailyCap, setDailyCap] = useState(String(r?.dailyCap ?? 100));
  const [typing, setTyping] = useState(r?.typing ?? true);
  const [sample, setSample] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  // The number's groups, kept fresh by the event table on `groups.changed`.
  const { list: groups, readError, refresh: refreshGroups, refreshing } = useNumberGroups(numberId);
  useReportedError(readError);
  const refresh = async () => {
    const err = await refreshGroups();
    if (err) reportError(err);
  };

  const rules = useMemo(() => rewrites.map(ruleOf), [rewrites]);
  const preview = useMemo(() => (sample.trim() ? rewriteText(sample, rules.filter((x): x is RewriteRuleInput => x !== null)).text : null), [sample, rules]);
  const patchRewrite = (key: number, patch: Partial<Draft>) => setRewrites((list) => list.map((d) => (d.key === key ? { ...d, ...patch } : d)));
  const list = groups?.groups ?? [];
  const destinationChoices = list.filter((g) => sourceKind !== 'group' || g.jid !== sourceJid);

  const submit = async () => {
    const int = (s: string) => (/^\d+$/.test(s.trim()) ? Number(s) : NaN);
    const dh = int(dedupHours);
    const ps = int(paceSeconds);
    const dc = int(dailyCap);
    const broken = rules.findIndex((x) => x === null);
    const problem = !name.trim()
      ? t('mirroring.invalid.name')
      : numberId === null
        ? t('mirroring.invalid.number')
        : (sourceKind === 'group' ? !sourceJid : !sourcePhone.trim())
          ? t('mirroring.invalid.source')
          : destinations.length === 0
            ? t('mirroring.invalid.destinations')
            : broken >= 0
              ? t('mirroring.invalid.rewrite', { n: broken + 1 })
              : !(dh >= 1 && dh <= 720 && ps >= 0 && ps <= 86_400 && dc >= 1 && dc <= 1000)
                ? t('mirroring.invalid.range')
                : null;
    if (problem || numberId === null) {
      setError(problem);
      return;
    }
    const fields = {
      name: name.trim(),
      source: sourceKind === 'group' ? { kind: 'group' as const, jid: sourceJid } : { kind: 'chat' as const, phone: sourcePhone.trim() },
      // A destination no longer offered (it became the source) is left out.
      destinations: destinations.filter((j) => !(sourceKind === 'group' && j === sourceJid)),
      rewrites: rules as RewriteRuleInput[],
      dedupHours: dh,
      paceSeconds: ps,
      dailyCap: dc,
      typing,
    };
    setBusy(true);
    setError(null);
    try {
      if (r) await api.mirroring.update({ id: r.id, patch: fields });
      else await api.mirroring.create({ ...fields, numberId });
      notify('success', t('mirroring.saved'));
      props.onDone();
    } catch (err) {
      setError(errorText(err, t('common.error')));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="card mirror-form"
      aria-label={r ? t('mirroring.form.edit', { name: r.name }) : t('mirroring.form.new')}
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h2 className="card__title">{r ? t('mirroring.form.edit', { name: r.name }) : t('mirroring.form.new')}</h2>
      <div className="mirror-form__row">
        <Field label={t('mirroring.name')}>
          <input className="input" value={name} maxLength={80} placeholder={t('mirroring.name.placeholder')} onChange={(e) => setName(e.target.value)} autoFocus />
        </Field>
        <Field label={t('mirroring.number')}>
          <select value={numberId ?? ''} disabled={!!r} onChange={(e) => {
            setNumberId(Number(e.target.value));
            setSourceJid('');
            setDestinations([]);
          }}>
            {props.numbers.map((n) => (
              <option key={n.id} value={n.id}>
                {n.label}
              </option>
            ))}
          </select>
        </Field>
      </div>

      <fieldset>
        <legend className="field__label">{t('mirroring.source')}</legend>
        <div className="mirror-form__row">
          {(['group', 'chat'] as const).map((k) => (
            <label key={k} className="checkbox">
              <input type="radio" name={`${id}-source`} checked={sourceKind === k} onChange={() => setSourceKind(k)} />
              {t(`mirroring.source.${k}`)}
            </label>
          ))}
        </div>
        {sourceKind === 'group' ? (
          <Field label={t('mirroring.sourceGroup')}>
            <select value={sourceJid} onChange={(e) => setSourceJid(e.target.value)}>
              <option value="">{groups === null ? t('mirroring.groups.loading') : t('mirroring.sourceGroup.pick')}</option>
              {list.map((g) => (
                <option key={g.jid} value={g.jid}>
                  {g.subject}
                </option>
              ))}
            </select>
          </Field>
        ) : (
          <Field label={t('mirroring.sourcePhone')}>
            <input className="input" inputMode="tel" value={sourcePhone} onChange={(e) => setSourcePhone(e.target.value)} />
          </Field>
        )}
      </fieldset>

      <fieldset aria-describedby={`${id}-dest-help`}>
        <legend className="field__label">{t('mirroring.destinations')}</legend>
        <p className="field__help" id={`${id}-dest-help`}>
          {t('mirroring.destinations.help')}
        </p>
        {groups === null ? (
          <p className="loading">{t('mirroring.groups.loading')}</p>
        ) : destinationChoices.length === 0 ? (
          <p className="field__help">{t('mirroring.destinations.none')}</p>
        ) : (
          destinationChoices.map((g) => (
            <label key={g.jid} className="checkbox">
              <input
                type="checkbox"
                disabled={!g.canPost}
                checked={destinations.includes(g.jid)}
                onChange={(e) => setDestinations(e.target.checked ? [...destinations, g.jid] : destinations.filter((j) => j !== g.jid))}
              />
              {g.subject} {g.canPost ? null : <span className="field__help">{t('mirroring.adminsOnly')}</span>}
            </label>
          ))
        )}
        <div>
          <button type="button" className="button button--secondary button--small" disabled={refreshing || numberId === null} onClick={() => void refresh()}>
            <RefreshCw size={14} aria-hidden="true" className={refreshing ? 'spin' : undefined} /> {t('mirroring.groups.refresh')}
          </button>
        </div>
      </fieldset>

      <fieldset aria-describedby={`${id}-rw-help`}>
        <legend className="field__label">{t('mirroring.rewrites')}</legend>
        <p className="field__help" id={`${id}-rw-help`}>
          {t('mirroring.rewrites.help')}
        </p>
        {rewrites.length === 0 ? <p className="field__help">{t('mirroring.rewrites.none')}</p> : null}
        {rewrites.map((d, i) => (
          <fieldset key={d.key} className="mirror-form__rewrite">
            <legend className="visually-hidden">{t('mirroring.rewrite.legend', { n: i + 1 })}</legend>
            <Field label={t('mirroring.rewrite.kind')}>
              <select value={d.kind} onChange={(e) => patchRewrite(d.key, { kind: e.target.value as Kind })}>
                {(['setParam', 'removeParam', 'replace'] as const).map((k) => (
                  <option key={k} value={k}>
                    {t(`mirroring.rewrite.kind.${k}` as MessageKey)}
                  </option>
                ))}
              </select>
            </Field>
            {d.kind === 'replace' ? (
              <>
                <Field label={t('mirroring.rewrite.find')}>
                  <input className="input" value={d.find} onChange={(e) => patchRewrite(d.key, { find: e.target.value })} />
                </Field>
                <Field label={t('mirroring.rewrite.replace')}>
                  <input className="input" value={d.replace} onChange={(e) => patchRewrite(d.key, { replace: e.target.value })} />
                </Field>
              </>
            ) : (
              <>
                <Field label={t('mirroring.rewrite.param')}>
                  <input className="input" value={d.param} placeholder="tag" spellCheck={false} onChange={(e) => patchRewrite(d.key, { param: e.target.value })} />
                </Field>
                {d.kind === 'setParam' ? (
                  <Field label={t('mirroring.rewrite.value')}>
                    <input className="input" value={d.value} spellCheck={false} onChange={(e) => patchRewrite(d.key, { value: e.target.value })} />
                  </Field>
                ) : null}
                <Field label={t('mirroring.rewrite.host')}>
                  <input className="input" value={d.host} placeholder="amazon.com.br" spellCheck={false} onChange={(e) => patchRewrite(d.key, { host: e.target.value })} />
                </Field>
              </>
            )}
            <button type="button" className="button button--secondary button--small" aria-label={t('mirroring.rewrite.remove', { n: i + 1 })} onClick={() => setRewrites(rewrites.filter((x) => x.key !== d.key))}>
              <Trash2 size={14} aria-hidden="true" />
            </button>
          </fieldset>
        ))}
        <div>
          <button type="button" className="button button--secondary button--small" onClick={() => setRewrites([...rewrites, draftOf()])}>
            <Plus size={14} aria-hidden="true" /> {t('mirroring.rewrite.add')}
          </button>
        </div>
        <Field label={t('mirroring.sample')}>
          <textarea className="input" rows={3} value={sample} onChange={(e) => setSample(e.target.value)} />
        </Field>
        {preview !== null ? (
          <div role="status" data-testid="mirror-sample">
            <p className="field__help">{preview ? t('mirroring.sample.result') : t('mirroring.sample.empty')}</p>
            {preview ? <p className="mirror-form__sample-out">{preview}</p> : null}
          </div>
        ) : null}
      </fieldset>

      <div className="mirror-form__row">
        <Field label={t('mirroring.dedupHours')} help={t('mirroring.dedupHours.help')}>
          <input className="input" inputMode="numeric" value={dedupHours} onChange={(e) => setDedupHours(e.target.value)} />
        </Field>
        <Field label={t('mirroring.paceSeconds')}>
          <input className="input" inputMode="numeric" value={paceSeconds} onChange={(e) => setPaceSeconds(e.target.value)} />
        </Field>
        <Field label={t('mirroring.dailyCap')}>
          <input className="input" inputMode="numeric" value={dailyCap} onChange={(e) => setDailyCap(e.target.value)} />
        </Field>
      </div>
      <label className="checkbox">
        <input type="checkbox" checked={typing} onChange={(e) => setTyping(e.target.checked)} />
        {t('mirroring.typing')}
      </label>

      {error ? (
        <p className="inline-error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="mirror-form__actions">
        <button type="submit" className="button button--primary" disabled={busy}>
          {t('mirroring.save')}
        </button>
        <button type="button" className="button button--secondary" onClick={props.onDone}>
          {t('confirm.cancel')}
        </button>
      </div>
    </form>
  );
}
