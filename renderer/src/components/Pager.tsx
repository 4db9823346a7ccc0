import { useT } from '../i18n';

/** "Anterior · Página 2 de 7 · Próxima" under a paged table. `page` counts from 0. */
export function Pager(props: { page: number; pages: number; onPage(page: number): void }) {
  const t = useT();
  const { page, pages } = props;
  return (
    <div className="pager">
      <button type="button" className="button button--secondary" disabled={page === 0} onClick={() => props.onPage(page - 1)}>
        {t('pager.prev')}
      </button>
      <span aria-live="polite">{t('pager.page', { page: page + 1, pages })}</span>
      <button type="button" className="button button--secondary" disabled={page + 1 >= pages} onClick={() => props.onPage(page + 1)}>
        {t('pager.next')}
      </button>
    </div>
  );
}
