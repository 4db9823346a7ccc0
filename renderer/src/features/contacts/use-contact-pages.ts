import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../../api';
import type { ContactFilterInput, ContactRow } from '../../../../shared/api/methods/leads';

export const PAGE_SIZE = 100;
/** Pages kept in memory (about 4,000 rows); the farthest from the view go first. */
const MAX_PAGES = 40;
/** Wait for scrolling to settle a little before asking for pages. */
const FETCH_DELAY_MS = 60;

/**
 * Contacts for a virtualized table: the total, then pages fetched on demand as rows come into
 * view. A page right after a cached one is read by keyset (afterId), others by offset (a jump:
 * the core walks a narrow index to get there).
 * A search counts up to 10,000 (`capped`): the table then grows a page at a time as the user
 * scrolls past what is known, until a short page tells the real end.
 */
export function useContactPages(filter: ContactFilterInput, onError: (err: unknown) => void) {
  const [total, setTotal] = useState<number | null>(null);
  const [capped, setCapped] = useState(false);
  /** With a capped total: how many rows are known to exist (loaded rows plus a full page after them). */
  const [grown, setGrown] = useState(0);
  const [version, setVersion] = useState(0);
  const [loading, setLoading] = useState(true);
  const cache = useRef(new Map<number, ContactRow[]>());
  const inflight = useRef(new Set<number>());
  const generation = useRef(0);
  const range = useRef({ first: 0, last: 0 });
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const filterKey = JSON.stringify(filter);
  const filterRef = useRef(filter);
  filterRef.current = filter;
  const onErrorRef = useRef(onError);
  onErrorRef.current = onError;

  const evict = useCallback(() => {
    if (cache.current.size <= MAX_PAGES) return;
    const mid = Math.floor((range.current.first + range.current.last) / 2 / PAGE_SIZE);
    const far = [...cache.current.keys()].sort((a, b) => Math.abs(b - mid) - Math.abs(a - mid));
    for (const p of far.slice(0, cache.current.size - MAX_PAGES)) cache.current.delete(p);
  }, []);

  const fetchPage = useCallback(
    async (page: number, withTotal: boolean) => {
      const gen = generation.current;
      inflight.current.add(page);
      try {
        const before = cache.current.get(page - 1);
        const afterId = before && before.length === PAGE_SIZE ? before[before.length - 1].id : undefined;
        const r = await api.contacts.list({
          ...filterRef.current,
          limit: PAGE_SIZE,
          ...(afterId !== undefined ? { afterId } : { offset: page * PAGE_SIZE }),
          withTotal,
        });
        if (gen !== generation.current) return;
        cache.current.set(page, r.rows);
        if (r.total !== null) {
          setTotal(r.total);
          setCapped(r.totalCapped);
        }
        if (r.rows.length < PAGE_SIZE) {
          // The end of the matches: past a capped count, this is the real total.
          const end = page * PAGE_SIZE + r.rows.length;
          if (r.rows.length > 0 || page > 0) setGrown((g) => (g > end ? end : g));
        } else {
          const next = (page + 2) * PAGE_SIZE;
          setGrown((g) => Math.max(g, next));
        }
        evict();
        setVersion((v) => v + 1);
      } catch (err) {
        if (gen === generation.current) onErrorRef.current(err);
      } finally {
        if (gen === generation.current) inflight.current.delete(page);
      }
    },
    [evict],
  );

  const fetchVisible = useCallback(() => {
    const { first, last } = range.current;
    for (let p = Math.floor(first / PAGE_SIZE); p <= Math.floor(last / PAGE_SIZE); p++) {
      if (!cache.current.has(p) && !inflight.current.has(p)) void fetchPage(p, false);
    }
  }, [fetchPage]);

  /** Starts over (filter changed, or contacts changed elsewhere). `keepRows` avoids a flash on refresh. */
  const reload = useCallback(
    async (keepRows: boolean) => {
      generation.current++;
      const gen = generation.current;
      inflight.current.clear();
      if (!keepRows) {
        cache.current.clear();
        setTotal(null);
        setCapped(false);
        setGrown(0);
      }
      setLoading(true);
      const firstPage = Math.floor(range.current.first / PAGE_SIZE);
      try {
        const r = await api.contacts.list({ ...filterRef.current, limit: PAGE_SIZE, offset: keepRows ? firstPage * PAGE_SIZE : 0, withTotal: true });
        if (gen !== generation.current) return;
        cache.current.clear();
        cache.current.set(keepRows ? firstPage : 0, r.rows);
        setTotal(r.total ?? 0);
        setCapped(r.totalCapped);
        setGrown(r.totalCapped ? Math.max(r.total ?? 0, ((keepRows ? firstPage : 0) + 2) * PAGE_SIZE) : 0);
        setVersion((v) => v + 1);
        fetchVisible();
      } catch (err) {
        if (gen === generation.current) onErrorRef.current(err);
      } finally {
        if (gen === generation.current) setLoading(false);
      }
    },
    [fetchVisible],
  );

  useEffect(() => {
    range.current = { first: 0, last: 0 };
    void reload(false);
    // filterKey stands for the filter object (a new object on every render).
  }, [filterKey, reload]);

  useEffect(() => () => {
    if (timer.current) clearTimeout(timer.current);
  }, []);

  /** The table reports which rows it shows; missing pages are fetched shortly after. */
  const setRange = useCallback(
    (first: number, last: number) => {
      if (range.current.first === first && range.current.last === last) return;
      range.current = { first, last };
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(fetchVisible, FETCH_DELAY_MS);
    },
    [fetchVisible],
  );

  const rowAt = useCallback((index: number): ContactRow | undefined => cache.current.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE], []);

  /** Rows the table shows: the total, or with a capped count as many as are known to exist. */
  const rowCount = total === null ? null : capped ? Math.max(total, grown) : total;
  return { total, capped, rowCount, loading, version, rowAt, setRange, reload };
}
