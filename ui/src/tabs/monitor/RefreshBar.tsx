import { ErrorNotice } from '../../components/Notice';

interface RefreshBarProps {
  refreshedAt?: Date;
  loading: boolean;
  error: unknown;
  onRefresh(): void;
  /** e.g. "every 3 minutes". */
  every: string;
}

/** When the figures were last loaded, how often they reload, and a button to reload now. */
export function RefreshBar({ refreshedAt, loading, error, onRefresh, every }: RefreshBarProps) {
  return (
    <div className="refresh-bar">
      <p className="muted" role="status" aria-live="polite">
        {refreshedAt ? (
          <>
            Last refreshed at{' '}
            <time dateTime={refreshedAt.toISOString()}>{refreshedAt.toLocaleTimeString()}</time>
          </>
        ) : (
          'Not loaded yet'
        )}
        {loading ? ' · refreshing…' : ''} · refreshes {every}
      </p>
      <button type="button" className="secondary" onClick={onRefresh} disabled={loading} aria-busy={loading}>
        Refresh
      </button>
      <ErrorNotice error={error} />
    </div>
  );
}
