import { useState } from 'react';
import { ErrorNotice } from '../../components/Notice';
import { RangeControls } from './RangeControls';
import { rangeQuery, type ReportRange } from './report-range';
import { ReportView } from './ReportView';
import { useResourceGroups } from './use-report-choices';

interface Props {
  range: ReportRange;
  onRange: (next: ReportRange) => void;
}

/** Resources: the usage history of one resource group (the pools defined on the Tools tab). */
export function ResourcesReport({ range, onRange }: Props) {
  const groups = useResourceGroups();
  const [picked, setPicked] = useState('');
  const group = picked || groups.value?.[0] || '';
  const q = rangeQuery(range);
  return (
    <div className="stack">
      <div className="row">
        <label>
          Resource group
          <select value={group} onChange={(e) => setPicked(e.target.value)} disabled={!groups.value?.length}>
            {(groups.value ?? []).map((g) => (
              <option key={g} value={g}>
                {g}
              </option>
            ))}
          </select>
        </label>
      </div>
      <RangeControls value={range} onChange={onRange} />
      <ErrorNotice error={groups.error} />
      {groups.value && groups.value.length === 0 ? (
        <p className="muted">No resource group is configured yet: add one on the Tools tab.</p>
      ) : group ? (
        <ReportView
          path="resources"
          query={'problem' in q ? q : { ...q, group }}
          fileStem={`resources-${group}`}
        />
      ) : null}
    </div>
  );
}
