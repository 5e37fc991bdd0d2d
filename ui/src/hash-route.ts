import { useEffect, useState } from 'react';

/** The location after `#`: `/callback?range=week` -> tab `callback`. Hash routing needs no server fallback. */
export function useHashRoute(): { tab: string; go(tab: string): void } {
  const read = () => window.location.hash.replace(/^#\/?/, '').split(/[/?]/)[0] ?? '';
  const [tab, setTab] = useState(read);
  useEffect(() => {
    const on = () => setTab(read());
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return {
    tab,
    go: (t) => {
      window.location.hash = t ? `/${t}` : '/';
    },
  };
}
