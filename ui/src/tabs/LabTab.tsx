import { lazy, Suspense } from 'react';
import { SubTabs, useHashSubTab } from '../components/SubTabs';
import './lab/lab.css';

/** The Lab's sub-tabs, as in GMS's UI; each loads on first use (the Sample is the largest). */
const SUBTABS = [
  { id: 'statistics', title: 'Statistics', component: lazy(() => import('./lab/StatisticsLab')) },
  { id: 'api', title: 'API', component: lazy(() => import('./lab/ApiLab')) },
  { id: 'config', title: 'Config', component: lazy(() => import('./lab/ConfigLab')) },
  { id: 'sample', title: 'Sample', component: lazy(() => import('./lab/SampleLab')) },
] as const;
const IDS = SUBTABS.map((t) => t.id);

export default function LabTab() {
  const [selected, select] = useHashSubTab('lab', IDS);
  const current = SUBTABS.find((t) => t.id === selected)!;
  const Panel = current.component;
  return (
    <div className="lab">
      <p className="notice lab-warning">
        The Lab is for testing: it is provided &quot;as is&quot;, without warranty of any kind. Requests sent
        from here act on this deployment.
      </p>
      <SubTabs label="Lab" tabs={SUBTABS} selected={selected} onSelect={select} panelClassName="lab-panel">
        <Suspense fallback={<p role="status">Loading {current.title}…</p>}>
          <Panel />
        </Suspense>
      </SubTabs>
    </div>
  );
}
