import { useCallback, useEffect, useState } from 'react';

/** Loads on mount and on `reload()`: the latest value, the error of the last try, and whether one runs. */
export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[] = []) {
  const [value, setValue] = useState<T>();
  const [error, setError] = useState<unknown>();
  const [loading, setLoading] = useState(true);
  const run = useCallback(load, deps);
  const reload = useCallback(async () => {
    setLoading(true);
    try {
      setValue(await run());
      setError(undefined);
    } catch (e) {
      setError(e);
    } finally {
      setLoading(false);
    }
  }, [run]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { value, error, loading, reload, setValue };
}
