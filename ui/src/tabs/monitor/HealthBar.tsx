import type { ReactNode } from 'react';
import { HEALTH_TEXT, type Health } from './monitor-report';

/** One part of the deployment as a coloured bar (green up, amber attention, red down), as in GMS's Monitor. */
export function HealthBar({
  title,
  status,
  children,
}: {
  title: string;
  status: Health;
  children?: ReactNode;
}) {
  return (
    <li className={`health-bar ${status}`} aria-label={`${title}: ${HEALTH_TEXT[status]}`}>
      <div className="health-head">
        <span className={`status-dot ${status}`} aria-hidden="true" />
        <strong>{title}</strong>
        <span className="health-state">{HEALTH_TEXT[status]}</span>
      </div>
      {children ? <div className="health-detail">{children}</div> : null}
    </li>
  );
}
