import { useCallback, useEffect, useRef, useState } from 'react';
import { fetchReports, isPending, type Report } from './api';

const POLL_MS = 1000;

/** The reports in the user's scope; while one is queued or generating, the list is read again every second. */
export function useReports(lang: string) {
  const [items, setItems] = useState<Report[] | undefined>(undefined);
  const [error, setError] = useState<Error | null>(null);
  const seq = useRef(0);
  const load = useCallback(async () => {
    const n = ++seq.current;
    try {
      const r = await fetchReports();
      if (n !== seq.current) return;
      setItems(r.items);
      setError(null);
    } catch (e) {
      if (n === seq.current) setError(e as Error);
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load, lang]);
  const pending = items?.some(isPending) ?? false;
  useEffect(() => {
    if (!pending) return;
    const timer = setTimeout(() => void load(), POLL_MS);
    return () => clearTimeout(timer);
  }, [items, pending, load]);
  return { items, error, loading: items === undefined && !error, reload: load };
}
