import { describe, expect, it } from 'vitest';
import { estimateWait, readyThreshold } from '../../../../functions/domain/routing/wait-estimate.js';

describe('estimated wait time', () => {
  it('is position x average handle time / serving agents, rounded up', () => {
    expect(estimateWait(3, [60, 120], 2)).toBe(135);
    expect(estimateWait(1, [100], 3)).toBe(34);
    expect(estimateWait(2, [30, 30, 30], 1)).toBe(60);
  });

  it('is n/a without history or without an agent for the target', () => {
    expect(estimateWait(1, [], 3)).toBe('n/a');
    expect(estimateWait(1, [60], 0)).toBe('n/a');
  });
});

describe('_agent_ready_threshold_passed', () => {
  it('passes when eta and position are within the thresholds', () => {
    expect(readyThreshold(2, 30, 35)).toEqual({ passed: true, reason: 'eta <= 35 and position <= 5' });
  });

  it('fails naming what is too far', () => {
    expect(readyThreshold(2, 36, 35)).toEqual({ passed: false, reason: 'eta > 35' });
    expect(readyThreshold(6, 10, 35)).toEqual({ passed: false, reason: 'position > 5' });
  });

  it('passes with eta n/a (as GMS answers) and when an agent is already reserved', () => {
    expect(readyThreshold(9, 'n/a', 35)).toEqual({ passed: true, reason: 'eta n/a' });
    expect(readyThreshold(0, 0, 35, true)).toEqual({ passed: true, reason: 'agent reserved' });
  });
});
