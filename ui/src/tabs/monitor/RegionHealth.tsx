import { HealthBar } from './HealthBar';
import { duration, HEALTH_TEXT, timeOf, type Health, type MonitorReport } from './monitor-report';

const count = (n: number | undefined) => (n === undefined ? '–' : n.toLocaleString());

/** Every part of one region's deployment, worst first in the summary, each as a bar. */
export function RegionHealth({ report }: { report: MonitorReport }) {
  const { queue, scheduler, websocket } = report;
  const parts: Health[] = [
    report.api.status,
    queue.status,
    scheduler.status,
    websocket.status,
    ...report.tables.map((t) => t.status),
  ];
  const down = parts.filter((p) => p === 'down').length;
  const warn = parts.filter((p) => p === 'warn').length;
  const overall: Health = down > 0 ? 'down' : warn > 0 ? 'warn' : 'up';
  const regionId = `region-${report.region}`;
  return (
    <section className="card region" aria-labelledby={regionId}>
      <h2 id={regionId}>
        <span className={`status-dot ${overall}`} aria-hidden="true" />
        Region {report.region}
        <span className="muted region-mode">
          {report.mode === 'local' ? ' local runtime (DynamoDB Local, in-process queue)' : ' AWS'}
        </span>
      </h2>
      <p className="region-summary">
        {overall === 'up'
          ? `All ${parts.length} parts are up.`
          : `${HEALTH_TEXT[overall]}: ${down} down, ${warn} needing attention, of ${parts.length} parts.`}{' '}
        <span className="muted">Checked by the server at {timeOf(report.checkedAt)}.</span>
      </p>

      <h3>Services</h3>
      <ul className="health-list">
        <HealthBar title="API" status={report.api.status}>
          Answering requests.
        </HealthBar>
        <HealthBar title="Work queue" status={queue.status}>
          {queue.error ? (
            <span>Not readable: {queue.error}</span>
          ) : (
            <dl className="figures">
              <div>
                <dt>Waiting</dt>
                <dd>{count(queue.depth)}</dd>
              </div>
              <div>
                <dt>In flight</dt>
                <dd>{count(queue.inFlight)}</dd>
              </div>
              <div>
                <dt>Delayed</dt>
                <dd>{count(queue.delayed)}</dd>
              </div>
              <div>
                <dt>Dead letters</dt>
                <dd>{count(queue.deadLetters)}</dd>
              </div>
            </dl>
          )}
        </HealthBar>
        <HealthBar title="Scheduler (one-minute tick)" status={scheduler.status}>
          {scheduler.error ? (
            <span>Not readable: {scheduler.error}</span>
          ) : scheduler.lastTickAt === null ? (
            <span>No tick has run yet.</span>
          ) : (
            <span>
              Last tick at {timeOf(scheduler.lastTickAt)}, {duration(scheduler.lagSeconds ?? 0)} ago
              {scheduler.failedJobs > 0 ? `; ${scheduler.failedJobs} job(s) failed in it` : ''}.
            </span>
          )}
        </HealthBar>
        <HealthBar title="WebSocket" status={websocket.status}>
          {websocket.error ? (
            <span>Not readable: {websocket.error}</span>
          ) : (
            <span>
              {count(websocket.connections)}
              {websocket.capped ? '+' : ''} live connection{websocket.connections === 1 ? '' : 's'}
            </span>
          )}
        </HealthBar>
      </ul>

      <h3>DynamoDB tables</h3>
      <ul className="health-list tables">
        {report.tables.map((t) => (
          <HealthBar key={t.id} title={t.id} status={t.status}>
            <span className="table-name">{t.name}</span>
            <span>{t.error ? `Not readable: ${t.error}` : `read in ${t.latencyMs} ms`}</span>
          </HealthBar>
        ))}
      </ul>
    </section>
  );
}
