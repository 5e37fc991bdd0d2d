import { describe, expect, it } from 'vitest';
import { parseOfficeHours } from '../../../../functions/domain/office-hours.js';
import { slotCandidates } from '../../../../functions/domain/callback/slot-candidates.js';
import { ruleContext as ctx } from '../../../support/callback-rule-context.js';

const t = (iso: string) => Date.parse(iso);

describe('slot candidates', () => {
  it('clips buckets to office hours: a bucket the office opens in starts at the opening', () => {
    const hours = parseOfficeHours({ _timezone: 'Europe/Paris', _bh_regular: 'Mon-Fri 09:10-10:00' });
    const c = ctx({ officeHours: hours, options: { _request_time_bucket: '30' } });
    const slots = slotCandidates(c, t('2026-11-23T00:00:00Z'), t('2026-11-24T00:00:00Z'), 10);
    expect(slots).toEqual([
      { start: t('2026-11-23T08:10:00Z'), key: 'bucket#cb1#2026-11-23T08:00:00.000Z' },
      { start: t('2026-11-23T08:30:00Z'), key: 'bucket#cb1#2026-11-23T08:30:00.000Z' },
    ]);
  });
});
