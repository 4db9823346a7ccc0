import { useEffect, useMemo, useState } from 'react';
import { Download, List, Pencil, Plus, Search, SearchCheck, Trash2, Upload, Users, UserX } from 'lucide-react';
import { api } from '../../api';
import type { ContactFilterInput, ContactListView, ContactRow, ContactStatus } from '../../../../shared/api/methods/leads';
import type { MethodOutput } from '../../../../shared/api/contract';
import { useConfirm } from '../../components/ConfirmDialog';
import { apiKey, useApiQuery, useOnStale, useReportedError } from '../../data';
import { EmptyState } from '../../components/EmptyState';
import { PageHeader } from '../../components/PageHeader';
import { useT } from '../../i18n';
import { useAppStore } from '../../store/app-store';
import { downloadText, startDownload } from '../../lib/downloads';
import { ContactsTable } from './ContactsTable';
import { IMPORT_HASH, listHash, OPT_OUTS_HASH } from './contacts-route';
import { CheckListDialog } from './CheckListDialog';
import { DeleteListDialog, ExportDialog, ListNameDialog } from './dialogs';
import { EditContactDialog } from './EditContactDialog';
import { useContactPages } from './use-contact-pages';

const NO_LISTS: ContactListView[] = [];
const NO_TAGS: MethodOutput<'tags.list'> = [];

type ListDialog = { kind: 'new' } | { kind: 'rename'; list: ContactListView } | { kind: 'delete'; list: ContactListView } | { kind: 'check'; list: ContactListView } | null;

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const id = setTimeout(() => setV(value), ms);
    return () => clearTimeout(id);
  }, [value, ms]);
  return v;
}

/** The Contatos page: lists on the side, filters, and a virtualized table of every contact. */
export function ContactsView(props: { listId: number | null }) {
  const t = useT();
  const notify = useAppStore((s) => s.notify);
  const reportError = useAppStore((s) => s.reportError);
  const dismissSubject = useAppStore((s) => s.dismissSubject);
  const language = useAppStore((s) => s.settings?.language ?? 'pt-BR');
  const [confirm, confirmDialog] = useConfirm();
  const [search, setSearch] = useState('');
  const [status, setStatus] = useState<ContactStatus | ''>('');
  const [tag, setTag] = useState<number | ''>('');
  const [editing, setEditing] = useState<number | null>(null);
  const [listDialog, setListDialog] = useState<ListDialog>(null);
  const [exporting, setExporting] = useState<'dialog' | 'running' | null>(null);
  const debouncedSearch = useDebounced(search.trim(), 300);
  // One character matches almost everyone: search from two on.
  const searchTooShort = [...debouncedSearch].length === 1;
  const { listId } = props;

  const filter = useMemo<ContactFilterInput>(() => {
    const f: ContactFilterInput = {};
    if (debouncedSearch && !searchTooShort) f.search = debouncedSearch;
    if (listId !== null) f.listId = listId;
    if (status) f.status = status;
    if (tag !== '') f.tag = tag;
    return f;
  }, [debouncedSearch, searchTooShort, listId, status, tag]);
  const filtered = Object.keys(filter).length > 0;

  const pages = useContactPages(filter, reportError);
  const { reload } = pages;

  // The lists and tags on the side are read again by the event table on contacts.changed; the
  // table keeps its own pages and is told by the same table (after the same 250 ms window).
  const listsQuery = useApiQuery('lists.list', undefined);
  const tagsQuery = useApiQuery('tags.list', undefined);
  useReportedError(listsQuery.error ?? tagsQuery.error);
  const lists = listsQuery.data ?? NO_LISTS;
  const tags = tagsQuery.data ?? NO_TAGS;
  useOnStale(apiKey('contacts.list'), () => void reload(true));

  const currentList = listId === null ? null : lists.find((l) => l.id === listId) ?? null;

  const removeContact = async (c: ContactRow) => {
    const ok = await confirm({
      title: t('contacts.delete.title', { name: c.name ?? c.phoneDisplay }),
      body: t('contacts.delete.body'),
      confirmLabel: t('contacts.delete.confirm'),
      danger: true,
    });
    if (!ok) return;
    try {
      await api.contacts.delete({ id: c.id });
      notify('success', t('contacts.delete.done'), { subject: `contact.${c.id}` });
    } catch (err) {
      reportError(err, { subject: `contact.${c.id}` });
    }
  };

  const exportOne = async (c: ContactRow) => {
    try {
      const data = await api.contacts.exportOne({ id: c.id });
      downloadText(JSON.stringify({ exportedAt: data.exportedAt, contact: data.contact }, null, 2), data.fileName, 'application/json;charset=utf-8');
      notify('success', t('contacts.exportOne.done'));
    } catch (err) {
      reportError(err);
    }
  };

  const exportAll = async (format: 'csv' | 'xlsx' | null) => {
    if (!format) return setExporting(null);
    setExporting('running');
    notify('info', t('contacts.export.running'), { subject: 'contacts.export' });
    try {
      const r = await api.contacts.export({ filter, format });
      if (r.status === 'download') {
        startDownload(r.url, r.fileName);
        notify('success', t('contacts.export.downloaded', { count: r.rows.toLocaleString(language), file: r.fileName }), { subject: 'contacts.export' });
      } else if (r.status === 'saved') {
        notify('success', t('contacts.export.saved', { count: r.rows.toLocaleString(language), file: r.file }), { subject: 'contacts.export' });
      } else {
        dismissSubject('contacts.export');
      }
    } catch (err) {
      reportError(err, { subject: 'contacts.export' });
    } finally {
      setExporting(null);
    }
  };

  const closeListDialog = async (work: () => Promise<void>) => {
    setListDialog(null);
    try {
      await work();
    } catch (err) {
      reportError(err, { subject: 'lists' });
    }
  };

  const importButton = (
    <a className="button button--primary contacts-import-link" href={IMPORT_HASH}>
      <Upload size={16} aria-hidden="true" /> {t('contacts.import')}
    </a>
  );

  const showEmpty = !filtered && pages.total === 0 && lists.length === 0;

  return (
    <>
      <PageHeader
        title={t('contacts.title')}
        subtitle={t('contacts.subtitle')}
        actions={
          <>
            <button type="button" className="button button--secondary" disabled={!pages.total || exporting !== null} onClick={() => setExporting('dialog')}>
              <Download size={16} aria-hidden="true" /> {exporting === 'running' ? t('contacts.export.runningShort') : t('contacts.export')}
            </button>
            {importButton}
          </>
        }
      />
      {showEmpty ? (
        <EmptyState icon={Users} testId="contacts-empty" title={t('contacts.empty.title')} body={t('contacts.empty.body')} actions={importButton} />
      ) : (
        <div className="contacts-layout">
          <nav className="contacts-lists" aria-label={t('contacts.lists.title')}>
            <div className="contacts-lists__head">
              <h2 className="contacts-lists__title">{t('contacts.lists.title')}</h2>
              <button type="button" className="icon-button" aria-label={t('contacts.lists.new')} title={t('contacts.lists.new')} onClick={() => setListDialog({ kind: 'new' })}>
                <Plus size={16} aria-hidden="true" />
              </button>
            </div>
            <ul className="contacts-lists__items">
              <li>
                <a className={`contacts-lists__link${listId === null ? ' is-active' : ''}`} href={listHash(null)} aria-current={listId === null ? 'page' : undefined}>
                  <Users size={15} aria-hidden="true" />
                  <span className="contacts-lists__name">{t('contacts.lists.all')}</span>
                </a>
              </li>
              {lists.map((l) => (
                <li key={l.id} className="contacts-lists__item">
                  <a className={`contacts-lists__link${listId === l.id ? ' is-active' : ''}`} href={listHash(l.id)} aria-current={listId === l.id ? 'page' : undefined}>
                    <List size={15} aria-hidden="true" />
                    <span className="contacts-lists__name">{l.name}</span>
                    <span className="contacts-lists__count" aria-label={t('contacts.lists.countLabel', { count: l.total })}>
                      {l.total.toLocaleString(language)}
                    </span>
                  </a>
                  <span className="contacts-lists__actions">
                    <button type="button" className="icon-button" aria-label={t('contacts.lists.check', { name: l.name })} title={t('contacts.lists.check', { name: l.name })} onClick={() => setListDialog({ kind: 'check', list: l })}>
                      <SearchCheck size={13} aria-hidden="true" />
                    </button>
                    <button type="button" className="icon-button" aria-label={t('contacts.lists.rename', { name: l.name })} onClick={() => setListDialog({ kind: 'rename', list: l })}>
                      <Pencil size={13} aria-hidden="true" />
                    </button>
                    <button type="button" className="icon-button icon-button--danger" aria-label={t('contacts.lists.delete', { name: l.name })} onClick={() => setListDialog({ kind: 'delete', list: l })}>
                      <Trash2 size={13} aria-hidden="true" />
                    </button>
                  </span>
                </li>
              ))}
            </ul>
            <a className="contacts-lists__link contacts-lists__optouts" href={OPT_OUTS_HASH}>
              <UserX size={15} aria-hidden="true" />
              <span className="contacts-lists__name">{t('optOuts.title')}</span>
            </a>
          </nav>

          <section className="contacts-main" aria-label={currentList?.name ?? t('contacts.lists.all')}>
            <div className="contacts-toolbar" role="search">
              <div className="contacts-search">
                <Search size={16} aria-hidden="true" />
                <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder={t('contacts.search.placeholder')} aria-label={t('contacts.search.label')} />
              </div>
              <select aria-label={t('contacts.filter.status')} value={status} onChange={(e) => setStatus(e.target.value as ContactStatus | '')}>
                <option value="">{t('contacts.filter.allStatuses')}</option>
                <option value="active">{t('contacts.filter.active')}</option>
                <option value="opted_out">{t('contacts.filter.opted_out')}</option>
                <option value="invalid">{t('contacts.filter.invalid')}</option>
              </select>
              {tags.length > 0 ? (
                <select aria-label={t('contacts.filter.tag')} value={tag === '' ? '' : String(tag)} onChange={(e) => setTag(e.target.value ? Number(e.target.value) : '')}>
                  <option value="">{t('contacts.filter.allTags')}</option>
                  {tags.map((tg) => (
                    <option key={tg.id} value={String(tg.id)}>
                      {tg.name} ({tg.count.toLocaleString(language)})
                    </option>
                  ))}
                </select>
              ) : null}
              <p className="contacts-count" aria-live="polite" data-testid="contacts-count">
                {searchTooShort
                  ? t('contacts.search.tooShort')
                  : pages.total === null
                    ? t('common.loading')
                    : pages.capped
                      ? t('contacts.count.capped', { count: pages.total.toLocaleString(language) })
                      : pages.total === 1
                        ? t('contacts.count.one')
                        : t('contacts.count', { count: pages.total.toLocaleString(language) })}
              </p>
            </div>
            {pages.total === 0 ? (
              <p className="contacts-none" data-testid="contacts-none">
                {filtered ? t('contacts.noResults') : t('contacts.listEmpty')}
              </p>
            ) : pages.rowCount !== null ? (
              <ContactsTable
                total={pages.rowCount}
                version={pages.version}
                rowAt={pages.rowAt}
                onRange={pages.setRange}
                onEdit={(c) => setEditing(c.id)}
                onDelete={(c) => void removeContact(c)}
                onExport={(c) => void exportOne(c)}
              />
            ) : (
              <p className="loading">{t('common.loading')}</p>
            )}
          </section>
        </div>
      )}

      {editing !== null ? (
        <EditContactDialog
          contactId={editing}
          onClose={(saved) => {
            setEditing(null);
            if (saved) notify('success', t('contacts.edit.saved'));
          }}
        />
      ) : null}
      {listDialog?.kind === 'new' ? (
        <ListNameDialog
          title={t('contacts.lists.newTitle')}
          confirmLabel={t('contacts.lists.create')}
          onClose={(name) =>
            void closeListDialog(async () => {
              if (!name) return;
              const l = await api.lists.create({ name });
              location.hash = listHash(l.id);
            })
          }
        />
      ) : null}
      {listDialog?.kind === 'rename' ? (
        <ListNameDialog
          title={t('contacts.lists.renameTitle')}
          initial={listDialog.list.name}
          confirmLabel={t('contacts.lists.save')}
          onClose={(name) =>
            void closeListDialog(async () => {
              if (name) await api.lists.rename({ id: listDialog.list.id, name });
            })
          }
        />
      ) : null}
      {listDialog?.kind === 'delete' ? (
        <DeleteListDialog
          name={listDialog.list.name}
          count={listDialog.list.total}
          onClose={(r) =>
            void closeListDialog(async () => {
              if (!r) return;
              const out = await api.lists.delete({ id: listDialog.list.id, deleteContacts: r.deleteContacts });
              if (listId === listDialog.list.id) location.hash = listHash(null);
              notify('success', r.deleteContacts ? t('contacts.lists.deletedWithContacts', { count: out.deletedContacts.toLocaleString(language) }) : t('contacts.lists.deleted'), { subject: 'lists' });
            })
          }
        />
      ) : null}
      {listDialog?.kind === 'check' ? <CheckListDialog list={listDialog.list} onClose={() => setListDialog(null)} /> : null}
      {exporting === 'dialog' ? <ExportDialog count={pages.capped ? null : pages.total} onClose={(f) => void exportAll(f)} /> : null}
      {confirmDialog}
    </>
  );
}
