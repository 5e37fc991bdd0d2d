import { useCallback, useEffect, useRef, useState } from 'react';

/**
 * Loads now, again every `periodMs` and on `refresh()`. Keeps the last good value while a later
 * try fails (the error is shown beside it), and says when the value was last loaded.
 */
export function useAutoRefresh<T>(load: () => Promise<T>, periodMs: number) {
  const [value, setValue] = useState<T>();
  const [error, setError] = useState<unknown>();
  const [loading, setLoading] = useState(false);
  const [refreshedAt, setRefreshedAt] = useState<Date>();
  const loadRef = useRef(load);
  useEffect(() => {
    loadRef.current = load;
  });
  const running = useRef(false);

  const refresh = useCallback(async () => {
    // A timer firing during a manual refresh must not start a second, overlapping one.
    if (running.current) return;
    running.current = true;
    setLoading(true);
    try {
      setValue(await loadRef.current());
      setError(undefined);
      setRefreshedAt(new Date());
    } catch (e) {
      setError(e);
    } finally {
      running.current = false;
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    void refresh();
    const timer = setInterval(() => void refresh(), periodMs);
    return () => clearInterval(timer);
  }, [refresh, periodMs]);

  return { value, error, loading, refreshedAt, refresh };
}
