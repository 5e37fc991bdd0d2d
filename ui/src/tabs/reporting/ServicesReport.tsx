import { useState } from 'react';
import { ErrorNotice } from '../../components/Notice';
import { NamePicker } from './NamePicker';
import { RangeControls } from './RangeControls';
import { rangeQuery, type ReportRange } from './report-range';
import { ReportView } from './ReportView';
import { useReportedServices } from './use-report-choices';

interface Props {
  range: ReportRange;
  onRange: (next: ReportRange) => void;
}

/** Services: how often each chosen service was accessed per period. */
export function ServicesReport({ range, onRange }: Props) {
  const services = useReportedServices();
  const [chosen, setChosen] = useState<string[]>([]);
  const q = rangeQuery(range);
  return (
    <div className="stack">
      <NamePicker legend="Services" names={services.value} chosen={chosen} onChange={setChosen} />
      <ErrorNotice error={services.error} />
      <RangeControls value={range} onChange={onRange} />
      <ReportView
        path="services"
        query={'problem' in q ? q : { ...q, service: chosen.length > 0 ? chosen : undefined }}
        fileStem="services"
      />
    </div>
  );
}
