import { useState } from 'react';
import { ErrorNotice } from '../../components/Notice';
import { NamePicker } from './NamePicker';
import { RangeControls } from './RangeControls';
import { rangeQuery, type ReportRange } from './report-range';
import { ReportView } from './ReportView';
import { useResourceGroups } from './use-report-choices';

interface Props {
  range: ReportRange;
  onRange: (next: ReportRange) => void;
}

const METRICS = [
  { id: 'availability', label: 'DNIS availability by pool (live)', path: 'operational/availability' },
  { id: 'aht', label: 'Average Handle Time by pool', path: 'operational/aht' },
  { id: 'service-exits', label: 'Service Exiting', path: 'operational/service-exits' },
] as const;
type Metric = (typeof METRICS)[number]['id'];

/** Operational metrics of the DNIS pools: live availability, average handle time, how sessions ended. */
export function OperationalReport({ range, onRange }: Props) {
  const [metric, setMetric] = useState<Metric>('availability');
  const groups = useResourceGroups();
  const [chosen, setChosen] = useState<string[]>([]);
  const m = METRICS.find((x) => x.id === metric)!;
  const live = metric === 'availability';
  const q = rangeQuery(range);
  return (
    <div className="stack">
      <div className="row">
        <label>
          Metric
          <select value={metric} onChange={(e) => setMetric(e.target.value as Metric)}>
            {METRICS.map((x) => (
              <option key={x.id} value={x.id}>
                {x.label}
              </option>
            ))}
          </select>
        </label>
      </div>
      {live ? (
        <>
          <p className="muted rp-hint">
            What each pool holds, uses and has free right now; Refresh to update.
          </p>
          <ReportView path={m.path} query={{}} fileStem={metric} />
        </>
      ) : (
        <>
          <NamePicker legend="Resource pools" names={groups.value} chosen={chosen} onChange={setChosen} />
          <ErrorNotice error={groups.error} />
          {metric === 'aht' ? (
            <p className="muted rp-hint">
              From number allocation to match, in seconds; timeouts do not count.
            </p>
          ) : (
            <p className="muted rp-hint">Sessions ended by a match or by timing out, per pool.</p>
          )}
          <RangeControls value={range} onChange={onRange} />
          <ReportView
            path={m.path}
            query={'problem' in q ? q : { ...q, group: chosen.length > 0 ? chosen : undefined }}
            fileStem={metric}
          />
        </>
      )}
    </div>
  );
}
