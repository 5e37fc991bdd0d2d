import type { ColumnDef } from '@tanstack/react-table';
import type { ReactNode } from 'react';
import { DataTable } from '../../components/DataTable';
import { ErrorNotice } from '../../components/Notice';
import { RefreshBar } from '../monitor/RefreshBar';
import { duration } from '../monitor/monitor-report';
import { useAutoRefresh } from '../monitor/use-auto-refresh';
import { loadStatistics, type Agent, type Part, type ReportTable, type Statistics } from './statistics-data';

const PERIOD_MS = 30_000;
const AGENT_STATES: Agent['state'][] = ['READY', 'RESERVED', 'BUSY', 'NOT_READY', 'LOGGED_OUT'];

const agentColumns: ColumnDef<Agent, unknown>[] = [
  { accessorKey: 'id', header: 'Agent' },
  { accessorKey: 'name', header: 'Name' },
  { accessorKey: 'state', header: 'State' },
  {
    accessorKey: 'since',
    header: 'Since',
    cell: (c) => new Date(c.getValue() as string).toLocaleTimeString(),
  },
  { accessorFn: (a) => a.groups.join(', '), id: 'groups', header: 'Groups' },
  { accessorKey: 'handled', header: 'Handled' },
];

function StatCard<T>({
  title,
  part,
  children,
}: {
  title: string;
  part: Part<T> | undefined;
  children: (value: T) => ReactNode;
}) {
  const id = `stat-${title.replace(/\W+/g, '-').toLowerCase()}`;
  return (
    <section className="card stat-card" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {!part ? (
        <p className="muted">Loading…</p>
      ) : part.error ? (
        <ErrorNotice error={part.error} />
      ) : (
        children(part.value as T)
      )}
    </section>
  );
}

function Figure({ label, value }: { label: string; value: ReactNode }) {
  return (
    <div className="figure">
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}

const num = (v: unknown) => (typeof v === 'number' ? v : Number(v ?? 0) || 0);

function Availability({ report }: { report: ReportTable }) {
  if (report.rows.length === 0) return <p className="muted">No resource group is configured.</p>;
  return (
    <div className="table-scroll">
      <table aria-label="DNIS availability by pool">
        <thead>
          <tr>
            <th scope="col">Pool</th>
            <th scope="col">Available</th>
            <th scope="col">In use</th>
            <th scope="col">Total</th>
          </tr>
        </thead>
        <tbody>
          {report.rows.map((r) => {
            const total = num(r.total);
            const available = num(r.available);
            return (
              <tr key={String(r.pool)}>
                <th scope="row">{String(r.pool)}</th>
                <td>
                  {available}
                  <meter
                    min={0}
                    max={Math.max(1, total)}
                    low={Math.max(1, total) * 0.2}
                    optimum={Math.max(1, total)}
                    value={available}
                    aria-label={`${String(r.pool)}: ${available} of ${total} free`}
                  />
                </td>
                <td>{num(r.inUse)}</td>
                <td>{total}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p className="muted small">{report.subtitle}</p>
    </div>
  );
}

function Accesses({ report }: { report: ReportTable }) {
  const row = report.rows[0] ?? {};
  const services = report.columns.filter((c) => c.key !== 'period' && c.key !== 'total');
  if (services.length === 0) return <p className="muted">No service is configured.</p>;
  return (
    <div className="table-scroll">
      <table aria-label="Service accesses today">
        <thead>
          <tr>
            <th scope="col">Service</th>
            <th scope="col">Accesses</th>
          </tr>
        </thead>
        <tbody>
          {services.map((c) => (
            <tr key={c.key}>
              <th scope="row">{c.label}</th>
              <td>{num(row[c.key])}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">Total</th>
            <td>{num(row.total)}</td>
          </tr>
        </tfoot>
      </table>
      <p className="muted small">{report.subtitle}</p>
    </div>
  );
}

function Cards({ stats }: { stats?: Statistics }) {
  return (
    <div className="stat-grid">
      <StatCard title="System" part={stats?.monitor}>
        {(m) => (
          <dl className="figures-grid">
            <Figure label="Node" value={m.node} />
            <Figure
              label="Tables up"
              value={`${m.tables.filter((t) => t.status === 'up').length} of ${m.tables.length}`}
            />
            <Figure label="Queue waiting" value={m.queue.depth ?? '–'} />
            <Figure label="In flight" value={m.queue.inFlight ?? '–'} />
            <Figure label="Delayed" value={m.queue.delayed ?? '–'} />
            <Figure label="Dead letters" value={m.queue.deadLetters ?? '–'} />
            <Figure
              label="Since last tick"
              value={m.scheduler.lagSeconds === null ? 'never' : duration(m.scheduler.lagSeconds)}
            />
            <Figure
              label="WebSocket connections"
              value={`${m.websocket.connections ?? '–'}${m.websocket.capped ? '+' : ''}`}
            />
          </dl>
        )}
      </StatCard>
      <StatCard title="Active callbacks" part={stats?.watermarks}>
        {(w) =>
          Object.keys(w.services).length === 0 ? (
            <p className="muted">No callback service is configured.</p>
          ) : (
            <div className="table-scroll">
              <table aria-label="Active callbacks per service">
                <thead>
                  <tr>
                    <th scope="col">Service</th>
                    <th scope="col">Active</th>
                  </tr>
                </thead>
                <tbody>
                  {Object.entries(w.services).map(([name, n]) => (
                    <tr key={name}>
                      <th scope="row">{name}</th>
                      <td>{n}</td>
                    </tr>
                  ))}
                </tbody>
                <tfoot>
                  <tr>
                    <th scope="row">Total</th>
                    <td>{w.total}</td>
                  </tr>
                </tfoot>
              </table>
            </div>
          )
        }
      </StatCard>
      <StatCard title="DNIS availability" part={stats?.availability}>
        {(r) => <Availability report={r} />}
      </StatCard>
      <StatCard title="Accesses today" part={stats?.accesses}>
        {(r) => <Accesses report={r} />}
      </StatCard>
      <div className="stat-wide">
        <StatCard title="Agents" part={stats?.agents}>
          {(agents) => (
            <>
              <dl className="figures-grid">
                {AGENT_STATES.map((s) => (
                  <Figure key={s} label={s} value={agents.filter((a) => a.state === s).length} />
                ))}
              </dl>
              <DataTable
                label="Agents"
                data={agents}
                columns={agentColumns}
                storageKey="gms.lab.agents"
                emptyText="No agent has logged in."
              />
            </>
          )}
        </StatCard>
      </div>
    </div>
  );
}

/** Live figures of the system (GMS's Lab shows Stat Server metrics; here, the deployment's own). */
export default function StatisticsLab() {
  const stats = useAutoRefresh(loadStatistics, PERIOD_MS);
  return (
    <>
      <RefreshBar
        refreshedAt={stats.refreshedAt}
        loading={stats.loading}
        error={stats.error}
        onRefresh={() => void stats.refresh()}
        every="every 30 seconds"
      />
      <Cards stats={stats.value} />
    </>
  );
}
