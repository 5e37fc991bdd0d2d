import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';

export interface SubTab<Id extends string> {
  id: Id;
  /** The tab's visible name (and the panel's accessible name). */
  title: ReactNode;
}

/**
 * The ARIA tab pattern over `.subtabs`: only the selected tab is in the Tab order, arrows move
 * (and wrap) between tabs, Home/End jump to the ends, and selection follows focus. Only the
 * selected panel is rendered (`children`), so only the selected tab points at a panel.
 */
export function SubTabs<Id extends string>({
  label,
  tabs,
  selected,
  onSelect,
  panelClassName,
  panelFocusable = false,
  children,
}: {
  /** The tablist's accessible name. */
  label: string;
  tabs: readonly SubTab<Id>[];
  selected: Id;
  onSelect(id: Id): void;
  panelClassName?: string;
  /** Put the panel itself in the Tab order, for panels that may start with no focusable control. */
  panelFocusable?: boolean;
  children: ReactNode;
}) {
  const base = useId();
  const refs = useRef<(HTMLButtonElement | null)[]>([]);

  const onKeyDown = (e: KeyboardEvent, index: number) => {
    const last = tabs.length - 1;
    const to =
      e.key === 'ArrowRight'
        ? index === last
          ? 0
          : index + 1
        : e.key === 'ArrowLeft'
          ? index === 0
            ? last
            : index - 1
          : e.key === 'Home'
            ? 0
            : e.key === 'End'
              ? last
              : undefined;
    if (to === undefined) return;
    e.preventDefault();
    onSelect(tabs[to]!.id);
    refs.current[to]?.focus();
  };

  return (
    <>
      <div className="subtabs" role="tablist" aria-label={label}>
        {tabs.map((t, i) => (
          <button
            key={t.id}
            ref={(el) => {
              refs.current[i] = el;
            }}
            type="button"
            role="tab"
            id={`${base}-tab-${t.id}`}
            aria-selected={t.id === selected}
            aria-controls={t.id === selected ? `${base}-panel-${t.id}` : undefined}
            tabIndex={t.id === selected ? 0 : -1}
            onClick={() => onSelect(t.id)}
            onKeyDown={(e) => onKeyDown(e, i)}
          >
            {t.title}
          </button>
        ))}
      </div>
      <div
        role="tabpanel"
        id={`${base}-panel-${selected}`}
        aria-labelledby={`${base}-tab-${selected}`}
        className={panelClassName}
        tabIndex={panelFocusable ? 0 : undefined}
      >
        {children}
      </div>
    </>
  );
}

/** `#/lab/api` -> `api`; anything unknown gives the first id. */
function subTabFromHash<Id extends string>(ids: readonly Id[]): Id {
  const part = window.location.hash.replace(/^#\/?/, '').split(/[/?]/)[1];
  return ids.find((id) => id === part) ?? ids[0]!;
}

/**
 * The selected sub-tab of tab `tab`, kept in the hash as `#/<tab>/<id>`: a sub-tab can be linked
 * to and survives a reload. Selecting uses replaceState, which fires no hashchange (the shell keeps
 * the tab mounted) and leaves the Back button's history alone; a hash changed from outside (a link,
 * Back) is followed.
 */
export function useHashSubTab<Id extends string>(tab: string, ids: readonly Id[]): [Id, (id: Id) => void] {
  const [selected, setSelected] = useState<Id>(() => subTabFromHash(ids));
  const latest = useRef(ids);
  useEffect(() => {
    latest.current = ids;
  }, [ids]);

  useEffect(() => {
    const on = () => setSelected(subTabFromHash(latest.current));
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);

  const select = (id: Id) => {
    setSelected(id);
    window.history.replaceState(null, '', `#/${tab}/${id}`);
  };
  return [selected, select];
}
