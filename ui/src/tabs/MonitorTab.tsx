import { NodeStatusCard } from './monitor/NodeStatusCard';
import { RefreshBar } from './monitor/RefreshBar';
import { RegionHealth } from './monitor/RegionHealth';
import { loadMonitor } from './monitor/monitor-report';
import { useAutoRefresh } from './monitor/use-auto-refresh';
import './monitor/monitor.css';

/** GMS's Monitor screen refreshes every three minutes. */
const PERIOD_MS = 3 * 60_000;

export default function MonitorTab() {
  const monitor = useAutoRefresh(loadMonitor, PERIOD_MS);
  return (
    <div className="monitor">
      <RefreshBar
        refreshedAt={monitor.refreshedAt}
        loading={monitor.loading}
        error={monitor.error}
        onRefresh={() => void monitor.refresh()}
        every="every 3 minutes"
      />
      <div className="monitor-layout">
        {monitor.value ? (
          // One region per deployment: a multi-region setup would list one section per region here.
          <RegionHealth report={monitor.value} />
        ) : monitor.loading ? (
          <p role="status">Checking the deployment…</p>
        ) : null}
        <NodeStatusCard onChanged={() => void monitor.refresh()} />
      </div>
    </div>
  );
}
