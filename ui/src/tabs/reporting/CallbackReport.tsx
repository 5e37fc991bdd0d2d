import { useState } from 'react';
import { ErrorNotice } from '../../components/Notice';
import { RangeControls } from './RangeControls';
import { rangeQuery, type ReportRange } from './report-range';
import { ReportView } from './ReportView';
import { useCallbackServiceNames } from './use-report-choices';

interface Props {
  range: ReportRange;
  onRange: (next: ReportRange) => void;
}

type Metric = 'holdtime' | 'watermark';

/**
 * Callback: callbacks entering each state (and completed per reason) for one service or all; with
 * "Display Advanced Metrics", the hold time of a media type or the QUEUED watermarks instead.
 */
export function CallbackReport({ range, onRange }: Props) {
  const services = useCallbackServiceNames();
  const [service, setService] = useState('');
  const [advanced, setAdvanced] = useState(false);
  const [metric, setMetric] = useState<Metric>('holdtime');
  const [media, setMedia] = useState<'voice' | 'chat'>('voice');
  const q = rangeQuery(range);
  // Hold time is measured per media type, not per service.
  const perService = !advanced || metric === 'watermark';
  const path = !advanced ? 'callbacks' : metric === 'holdtime' ? 'callbacks/holdtime' : 'callbacks/watermark';
  const extra = advanced && metric === 'holdtime' ? { media } : { service: service || undefined };

  return (
    <div className="stack">
      <div className="row">
        {perService ? (
          <label>
            Callback service
            <select value={service} onChange={(e) => setService(e.target.value)}>
              <option value="">All callback services</option>
              {(services.value ?? []).map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        <label className="inline">
          <input type="checkbox" checked={advanced} onChange={(e) => setAdvanced(e.target.checked)} />
          Display Advanced Metrics
        </label>
        {advanced ? (
          <label>
            Metric type
            <select value={metric} onChange={(e) => setMetric(e.target.value as Metric)}>
              <option value="holdtime">Holdtime</option>
              <option value="watermark">Watermark</option>
            </select>
          </label>
        ) : null}
        {advanced && metric === 'holdtime' ? (
          <label>
            Media type
            <select value={media} onChange={(e) => setMedia(e.target.value as 'voice' | 'chat')}>
              <option value="voice">voice</option>
              <option value="chat">chat</option>
            </select>
          </label>
        ) : null}
      </div>
      {advanced && metric === 'watermark' ? (
        <p className="muted rp-hint">
          QUEUED callbacks are sampled every minute; each period shows the lowest, highest and average sample.
        </p>
      ) : null}
      <ErrorNotice error={services.error} />
      <RangeControls value={range} onChange={onRange} />
      <ReportView
        path={path}
        query={'problem' in q ? q : { ...q, ...extra }}
        fileStem={path.replace('/', '-')}
      />
    </div>
  );
}
