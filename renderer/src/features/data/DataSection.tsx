import { useCallback, useEffect, useRef, useState } from 'react';
import { AlertTriangle, Archive, Download, RotateCcw, Trash2 } from 'lucide-react';
import { api, runtimeMode } from '../../api';
import { useQueryClient } from '@tanstack/react-query';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { apiKey, useApiQuery, useReportedError } from '../../data';
import { useAppStore } from '../../store/app-store';
import { useT } from '../../i18n';
import type { BackupManifest } from '../../../../shared/api/methods/data';
import type { DesktopPrefs } from '../../../../shared/api/methods/desktop';
import { DeleteAllDialog } from './DeleteAllDialog';
import { uploadBackup } from './transfer';
import { useDisplayTime } from '../../lib/use-display-time';
import { startDownload } from '../../lib/downloads';

/** "1.5 GB" in the UI language. */
function formatSize(bytes: number, language: string): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toLocaleString(language, { maximumFractionDigits: i === 0 || v >= 100 ? 0 : 1 })} ${units[i]}`;
}

type Busy = null | 'backup' | 'restore' | 'export' | 'delete';

/** Configurações → "Dados e backup": backup now, restore, export everything, delete everything, desktop preferences. */
export function DataSection() {
  const t = useT();
  const language = useAppStore((s) => s.settings?.language ?? 'pt-BR');
  const time = useDisplayTime();
  const settings = useAppStore((s) => s.settings);
  const updateSettings = useAppStore((s) => s.updateSettings);
  const notify = useAppStore((s) => s.notify);
  const reportError = useAppStore((s) => s.reportError);
  const [busy, setBusy] = useState<Busy>(null);
  const [percent, setPercent] = useState(0);
  const [restoreFile, setRestoreFile] = useState<File | null>(null);
  const [staged, setStaged] = useState<BackupManifest | null>(null);
  const [deleting, setDeleting] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);

  // Read again by the event table when a backup is made or the storage changes.
  const statusQuery = useApiQuery('data.status', undefined);
  useReportedError(statusQuery.error);
  const status = statusQuery.data ?? null;
  const { refetch } = statusQuery;
  const refresh = useCallback(async () => void (await refetch()), [refetch]);
  // Each read of the status says whether a restore waits for the restart.
  useEffect(() => {
    if (status) setStaged(status.restorePending);
  }, [status]);

  // Desktop only; `desktop.prefsChanged` writes the new preferences into the cache. A failed read shows nothing, as before.
  const client = useQueryClient();
  const prefs = useApiQuery('desktop.prefs', undefined, { enabled: runtimeMode === 'desktop' }).data ?? null;
  const setPrefs = (p: DesktopPrefs) => client.setQueryData(apiKey('desktop.prefs'), p);

  useEffect(() => {
    const offs = [
      // Not cached, a streamed progress: only the backup the user asked for drives the progress bar.
      api.on('data.backupProgress', (p) => {
        if (p.kind === 'manual' || p.kind === 'before-delete') setPercent(p.phase === 'database' ? Math.round(p.percent * 0.6) : p.phase === 'done' ? 100 : 60 + Math.round(p.percent * 0.4));
      }),
      // Not a reload: the staged restore's manifest comes with the event and is the screen's own state.
      api.on('data.restoreStaged', ({ manifest }) => setStaged(manifest)),
    ];
    return () => offs.forEach((off) => off());
  }, []);

  // In the app's time zone, named when it is not the computer's, as every other time on screen.
  const when = (ms: number | null) => (ms === null ? t('data.never') : time.format(ms, true));

  const run = async (kind: Exclude<Busy, null>, work: () => Promise<void>) => {
    setBusy(kind);
    setPercent(0);
    try {
      await work();
    } catch (err) {
      reportError(err, { subject: kind });
    } finally {
      setBusy(null);
      void refresh();
    }
  };

  const backupNow = () =>
    run('backup', async () => {
      const r = await api.data.backupNow();
      if (r.status === 'download') {
        startDownload(r.url, r.fileName);
        notify('success', t('data.backupDownloaded', { file: r.fileName }), { subject: 'backup' });
      } else if (r.status === 'saved') {
        notify('success', t('data.backupSaved', { file: r.file }), { subject: 'backup' });
      }
    });

  const exportAll = () =>
    run('export', async () => {
      const r = await api.data.exportAll();
      if (r.status === 'download') {
        startDownload(r.url, r.fileName);
        notify('success', t('data.exportDownloaded', { file: r.fileName }), { subject: 'export' });
      } else if (r.status === 'saved') {
        notify('success', t('data.exportSaved', { file: r.file }), { subject: 'export' });
      }
    });

  const restore = (file: File) =>
    run('restore', async () => {
      const manifest = await uploadBackup(file, setPercent);
      setStaged(manifest);
    });

  const cancelRestore = () =>
    run('restore', async () => {
      await api.data.restoreCancel();
      setStaged(null);
      notify('info', t('data.restore.cancelled'), { subject: 'restore' });
    });

  const deleteAll = async (confirmed: boolean) => {
    if (!confirmed) return setDeleting(false);
    await run('delete', async () => {
      const r = await api.data.deleteAll({ confirm: 'APAGAR' });
      notify('success', t('data.delete.done', { file: r.backupFile }), { subject: 'delete' });
      setDeleting(false);
      // Every page's data changed at once; reloading is the honest way to show it.
      setTimeout(() => location.reload(), 1500);
    });
  };

  const storage = status?.storage;
  const stagedAt = staged ? Date.parse(staged.createdAt) : NaN;
  const stagedDate = staged ? (Number.isFinite(stagedAt) ? time.format(stagedAt, true) : staged.createdAt) : '';

  return (
    <section className="card form-card data-section" aria-labelledby="settings-data" data-testid="data-section">
      <h2 className="card__title" id="settings-data">
        {t('data.section')}
      </h2>
      <p className="field__help">{t('data.intro')}</p>

      {storage && storage.state !== 'ok' && storage.message ? (
        <div className={`banner ${storage.sendingAllowed ? 'banner--warning' : 'banner--danger'}`} role="alert">
          <AlertTriangle size={18} aria-hidden="true" />
          <span>{language === 'pt-BR' ? storage.message : t(`data.storage.${storage.state as 'low' | 'full' | 'read_only'}`, { free: storage.freeBytes === null ? '?' : formatSize(storage.freeBytes, language) })}</span>
        </div>
      ) : null}

      {staged ? (
        <div className="banner banner--info" role="status" data-testid="restore-staged">
          <RotateCcw size={18} aria-hidden="true" />
          <span>{t(runtimeMode === 'desktop' ? 'data.restore.staged' : 'data.restore.stagedBrowser', { date: stagedDate, contacts: staged.counts.contacts ?? 0 })}</span>
          <button type="button" className="button button--secondary" onClick={() => void cancelRestore()} disabled={busy !== null}>
            {t('data.restore.cancel')}
          </button>
        </div>
      ) : null}

      <dl className="facts">
        <dt>{t('data.lastBackup')}</dt>
        <dd data-testid="data-last-backup">{status ? when(status.lastBackupAt) : t('common.loading')}</dd>
        <dt>{t('data.nextAuto')}</dt>
        <dd>{status?.nextAutoBackupAt ? when(status.nextAutoBackupAt) : t('data.autoOff')}</dd>
      </dl>
      <p className="field__help">{t('data.autoHelp')}</p>

      <div className="data-section__actions">
        <button type="button" className="button button--primary" onClick={() => void backupNow()} disabled={busy !== null}>
          <Archive size={16} aria-hidden="true" />
          {busy === 'backup' ? t('data.backingUp', { percent }) : t('data.backupNow')}
        </button>
        <button type="button" className="button button--secondary" onClick={() => fileInput.current?.click()} disabled={busy !== null}>
          <RotateCcw size={16} aria-hidden="true" />
          {busy === 'restore' ? t('data.restore.uploading', { percent }) : t('data.restore')}
        </button>
        <input
          ref={fileInput}
          type="file"
          accept=".zip,application/zip"
          hidden
          aria-label={t('data.restore')}
          onChange={(e) => {
            const f = e.target.files?.[0] ?? null;
            e.target.value = '';
            if (f) setRestoreFile(f);
          }}
        />
        <button type="button" className="button button--secondary" onClick={() => void exportAll()} disabled={busy !== null}>
          <Download size={16} aria-hidden="true" />
          {busy === 'export' ? t('data.exporting') : t('data.export')}
        </button>
      </div>
      {busy === 'backup' || busy === 'restore' ? (
        <progress className="data-section__progress" max={100} value={percent} aria-label={busy === 'backup' ? t('data.backupNow') : t('data.restore')} />
      ) : null}
      <p className="field__help">{t('data.restore.help')}</p>
      <p className="field__help">{t('data.export.help')}</p>

      {runtimeMode === 'desktop' && settings ? (
        <div className="data-section__desktop">
          <div className="toggle-row">
            <input type="checkbox" id="data-close-to-tray" checked={settings.closeToTray} onChange={(e) => void updateSettings({ closeToTray: e.target.checked })} aria-describedby="data-close-to-tray-help" />
            <div>
              <label htmlFor="data-close-to-tray" className="field__label">
                {t('data.closeToTray')}
              </label>
              <p className="field__help" id="data-close-to-tray-help">
                {t('data.closeToTray.help')}
              </p>
            </div>
          </div>
          {prefs ? (
            <div className="toggle-row">
              <input
                type="checkbox"
                id="data-start-at-login"
                checked={prefs.startAtLogin}
                onChange={(e) => void api.desktop.updatePrefs({ startAtLogin: e.target.checked }).then(setPrefs, reportError)}
                aria-describedby="data-start-at-login-help"
              />
              <div>
                <label htmlFor="data-start-at-login" className="field__label">
                  {t('data.startAtLogin')}
                </label>
                <p className="field__help" id="data-start-at-login-help">
                  {t('data.startAtLogin.help')}
                </p>
              </div>
            </div>
          ) : null}
        </div>
      ) : null}

      <div className="data-section__danger">
        <p className="field__help">{t('data.delete.help')}</p>
        <button type="button" className="button button--danger" onClick={() => setDeleting(true)} disabled={busy !== null}>
          <Trash2 size={16} aria-hidden="true" />
          {t('data.delete')}
        </button>
      </div>

      <ConfirmDialog
        open={restoreFile !== null}
        title={t('data.restore.confirmTitle')}
        body={t('data.restore.confirmBody', { file: restoreFile?.name ?? '' })}
        confirmLabel={t('data.restore.confirm')}
        onClose={(ok) => {
          const f = restoreFile;
          setRestoreFile(null);
          if (ok && f) void restore(f);
        }}
      />
      <DeleteAllDialog open={deleting} busy={busy === 'delete'} onClose={(ok) => void deleteAll(ok)} />
    </section>
  );
}
