import { ApiError } from '../../api';
import { formatLocal } from './local-time';

/** The free slots (ISO UTC start -> free capacity) a refused schedule proposes, if the error has any. */
export function proposedSlots(error: unknown): [string, number][] {
  if (!(error instanceof ApiError) || !error.body || typeof error.body !== 'object') return [];
  const availability = (error.body as { availability?: unknown }).availability;
  if (!availability || typeof availability !== 'object') return [];
  return Object.entries(availability as Record<string, unknown>)
    .filter((e): e is [string, number] => typeof e[1] === 'number')
    .slice(0, 10);
}

/** When the server refuses a time (office hours, full bucket), its proposals, each one click away. */
export function AvailabilityHint({ error, onPick }: { error: unknown; onPick: (iso: string) => void }) {
  const slots = proposedSlots(error);
  if (slots.length === 0) return null;
  return (
    <div className="stack">
      <p className="muted">Free slots the server proposes:</p>
      <ul className="cb-slots">
        {slots.map(([iso, free]) => (
          <li key={iso}>
            <button type="button" className="secondary" onClick={() => onPick(iso)}>
              {formatLocal(iso)} ({free} free)
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
