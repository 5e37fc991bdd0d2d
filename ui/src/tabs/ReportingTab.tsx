import { useState } from 'react';
import { SubTabs } from '../components/SubTabs';
import { CallbackReport } from './reporting/CallbackReport';
import { OperationalReport } from './reporting/OperationalReport';
import type { ReportRange } from './reporting/report-range';
import { ResourcesReport } from './reporting/ResourcesReport';
import { ServicesReport } from './reporting/ServicesReport';
import './reporting/reporting.css';

const REPORTS = [
  { id: 'resources', title: 'Resources', Component: ResourcesReport },
  { id: 'services', title: 'Services', Component: ServicesReport },
  { id: 'callback', title: 'Callback', Component: CallbackReport },
  { id: 'operational', title: 'Operational metrics', Component: OperationalReport },
] as const;
type ReportId = (typeof REPORTS)[number]['id'];

const KEY = 'gms.reporting.tab';

/**
 * The seed's Reporting dashboard: four report types, each a chart (zoomable) over a table, on one
 * time range shared between them, exportable as CSV, Excel or PDF.
 */
export default function ReportingTab() {
  const [current, setCurrent] = useState<ReportId>(() => {
    const saved = sessionStorage.getItem(KEY);
    return REPORTS.some((r) => r.id === saved) ? (saved as ReportId) : 'resources';
  });
  const [range, setRange] = useState<ReportRange>({ preset: 'today', start: '', end: '', interval: '1h' });

  const select = (id: ReportId) => {
    setCurrent(id);
    sessionStorage.setItem(KEY, id);
  };

  const report = REPORTS.find((r) => r.id === current)!;
  const Report = report.Component;
  return (
    <section className="card rp-tab">
      <SubTabs label="Report type" tabs={REPORTS} selected={current} onSelect={select}>
        <h2 className="rp-heading">{report.title}</h2>
        <Report key={report.id} range={range} onRange={setRange} />
      </SubTabs>
    </section>
  );
}
