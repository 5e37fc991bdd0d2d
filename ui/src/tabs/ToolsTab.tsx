import { SubTabs, useHashSubTab } from '../components/SubTabs';
import { DfmPanel } from './tools/DfmPanel';
import { PatternsPanel } from './tools/PatternsPanel';
import { ResourcesPanel } from './tools/ResourcesPanel';
import { SecurityPanel } from './tools/SecurityPanel';
import { TemplatesPanel } from './tools/TemplatesPanel';
import './services-tools.css';

const SUBTABS = [
  { id: 'patterns', title: 'Patterns', Panel: PatternsPanel },
  { id: 'resources', title: 'Resources', Panel: ResourcesPanel },
  { id: 'templates', title: 'Service Templates', Panel: TemplatesPanel },
  { id: 'dfm', title: 'Download DFM', Panel: DfmPanel },
  { id: 'security', title: 'Security', Panel: SecurityPanel },
] as const;
const IDS = SUBTABS.map((t) => t.id);

/** The seed's Tools (Patterns, Resources, Service Templates, Download DFM) and Security, as an ARIA tab set. */
export default function ToolsTab() {
  const [selected, select] = useHashSubTab('tools', IDS);
  const { Panel } = SUBTABS.find((t) => t.id === selected)!;
  return (
    <div className="tools-tab">
      <SubTabs label="Tools" tabs={SUBTABS} selected={selected} onSelect={select} panelFocusable>
        <Panel />
      </SubTabs>
    </div>
  );
}
