import { describe, expect, it } from 'vitest';
import { updateAssignments } from '../../../bench/update-assignments.js';

describe('what an update expression does to top-level attributes (the heat meter)', () => {
  it('reads SET values, REMOVEs and arithmetic as unknown', () => {
    const out = updateAssignments(
      'SET #s = :state, dueShard = :due, #v = #v + :one, #p.x = :px REMOVE expiryShard, agentId ADD #c :one',
      { '#s': 'state', '#v': 'version', '#p': 'properties', '#c': 'count' },
      { ':state': 'QUEUED', ':due': 'queued#3', ':one': 1, ':px': 'y' },
    );
    expect(Object.fromEntries(out)).toEqual({
      state: { kind: 'set', value: 'QUEUED' },
      dueShard: { kind: 'set', value: 'queued#3' },
      version: { kind: 'unknown' },
      properties: { kind: 'unknown' },
      expiryShard: { kind: 'removed' },
      agentId: { kind: 'removed' },
      count: { kind: 'unknown' },
    });
  });

  it('keeps commas and keywords inside function calls out of the split', () => {
    const out = updateAssignments(
      'SET a = if_not_exists(a, :zero), b = list_append(b, :items) remove c',
      {},
      { ':zero': 0, ':items': [] },
    );
    expect(Object.fromEntries(out)).toEqual({
      a: { kind: 'unknown' },
      b: { kind: 'unknown' },
      c: { kind: 'removed' },
    });
  });
});
