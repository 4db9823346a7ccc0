import { useState } from 'react';
import { Pause, Pencil, Play, Trash2 } from 'lucide-react';
import type { MirrorLogEntry, MirrorRuleView } from '../../../../shared/api/methods/mirroring';
import { api } from '../../api';
import { useConfirm } from '../../components/ConfirmDialog';
import { useApiQuery, useReportedError } from '../../data';
import { useT, type MessageKey } from '../../i18n';
import { useDisplayTime } from '../../lib/use-display-time';
import { useAppStore } from '../../store/app-store';

const KNOWN_REASONS = new Set(['duplicate', 'cap', 'paused', 'empty', 'stale', 'removed', 'not_member', 'admins_only', 'interrupted', 'number_cap', 'plan_limit', 'number_flagged']);

/** One mirror rule: where from, where to, today's count, pause/resume, edit, delete and its log. */
export function MirrorRuleCard(props: { rule: MirrorRuleView; onEdit(): void; onChanged(): void }) {
  const t = useT();
  const time = useDisplayTime();
  const notify = useAppStore((s) => s.notify);
  const reportError = useAppStore((s) => s.reportError);
  const [confirm, confirmDialog] = useConfirm();
  const [busy, setBusy] = useState(false);
  const r = props.rule;

  const setPaused = async (paused: boolean) => {
    setBusy(true);
    try {
      await api.mirroring.setPaused({ id: r.id, paused });
      notify('success', t(paused ? 'mirroring.pausedDone' : 'mirroring.resumedDone'));
      props.onChanged();
    } catch (err) {
      reportError(err);
    } finally {
      setBusy(false);
    }
  };
  const remove = async () => {
    if (!(await confirm({ title: t('mirroring.remove.title', { name: r.name }), body: t('mirroring.remove.body'), confirmLabel: t('mirroring.remove'), danger: true }))) return;
    try {
      await api.mirroring.remove({ id: r.id });
      notify('success', t('mirroring.removed'));
      props.onChanged();
    } catch (err) {
      reportError(err);
    }
  };

  const destinations = r.destinations.map((d) => (d.canPost ? d.name : `${d.name} (${t('mirroring.cannotPost')})`)).join(', ');
  return (
    <li className="card mirror-item" data-testid={`mirror-${r.id}`}>
      <div className="mirror-item__head">
        <h2 className="mirror-item__name">{r.name}</h2>
        <span className={`badge ${r.paused ? 'badge--muted' : 'badge--active'}`}>{t(r.paused ? 'mirroring.state.paused' : 'mirroring.state.active')}</span>
        <span className="field__help">{r.numberLabel}</span>
      </div>
      <p className="mirror-item__flow">{t('mirroring.flow', { source: r.source.name, destinations })}</p>
      {r.paused ? <p className="field__help">{t(r.pauseReason === 'user' || !r.pauseReason ? 'mirroring.pausedBy.user' : 'mirroring.pausedBy.warning')}</p> : null}
      <p className="field__help" data-testid="mirror-stats">
        {t('mirroring.today', { n: r.postedToday, cap: r.dailyCap })}
        {r.queued > 0 ? ` · ${t('mirroring.queued', { n: r.queued })}` : ''}
        {r.lastAt ? ` · ${t('mirroring.last', { when: time.format(r.lastAt) })}` : ''}
      </p>
      <div className="mirror-item__actions">
        {r.paused ? (
          <button type="button" className="button button--secondary button--small" disabled={busy} onClick={() => void setPaused(false)} aria-label={`${t('mirroring.resume')} — ${r.name}`}>
            <Play size={14} aria-hidden="true" /> {t('mirroring.resume')}
          </button>
        ) : (
          <button type="button" className="button button--secondary button--small" disabled={busy} onClick={() => void setPaused(true)} aria-label={`${t('mirroring.pause')} — ${r.name}`}>
            <Pause size={14} aria-hidden="true" /> {t('mirroring.pause')}
          </button>
        )}
        <button type="button" className="button button--secondary button--small" onClick={props.onEdit} aria-label={`${t('mirroring.edit')} — ${r.name}`}>
          <Pencil size={14} aria-hidden="true" /> {t('mirroring.edit')}
        </button>
        <button type="button" className="button button--secondary button--small" onClick={() => void remove()} aria-label={`${t('mirroring.remove')} — ${r.name}`}>
          <Trash2 size={14} aria-hidden="true" /> {t('mirroring.remove')}
        </button>
        <MirrorLog rule={r} />
      </div>
      {confirmDialog}
    </li>
  );
}

/** The log, loaded when opened and kept fresh while open. */
function MirrorLog(props: { rule: MirrorRuleView }) {
  const t = useT();
  const time = useDisplayTime();
  const [open, setOpen] = useState(false);
  // Read when opened; while open the event table reads it again on `mirroring.changed` for this rule.
  const logQuery = useApiQuery('mirroring.log', { id: props.rule.id, limit: 50 }, { enabled: open });
  useReportedError(logQuery.error);
  const log = logQuery.data ?? null;

  const situation = (e: MirrorLogEntry) => {
    const state = t(`mirroring.post.${e.state}` as MessageKey);
    if (!e.reason) return state;
    const why = KNOWN_REASONS.has(e.reason) ? t(`mirroring.reason.${e.reason}` as MessageKey) : t('mirroring.reason.other', { code: e.reason });
    return `${state}: ${why}`;
  };

  return (
    <details className="mirror-item__log" onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}>
      <summary>{t('mirroring.log')}</summary>
      {log === null ? (
        <p className="loading">{t('common.loading')}</p>
      ) : log.length === 0 ? (
        <p className="field__help">{t('mirroring.log.empty')}</p>
      ) : (
        <div className="mirror-log__scroll">
          <table className="results-table" aria-label={t('mirroring.log.label', { name: props.rule.name })} data-testid="mirror-log">
            <thead>
              <tr>
                <th scope="col">{t('mirroring.log.when')}</th>
                <th scope="col">{t('mirroring.log.group')}</th>
                <th scope="col">{t('mirroring.log.state')}</th>
                <th scope="col">{t('mirroring.log.text')}</th>
              </tr>
            </thead>
            <tbody>
              {log.map((e) => (
                <tr key={e.id} data-state={e.state}>
                  <td>{time.format(e.sentAt ?? e.at)}</td>
                  <td>{e.destName}</td>
                  <td>{situation(e)}</td>
                  <td className="mirror-log__text">
                    {e.image ? `${t('mirroring.log.photo')} ` : ''}
                    {e.text}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </details>
  );
}
