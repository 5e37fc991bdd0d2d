import { dataFromEntries } from '../../domain/data-record.js';
import {
  checkParams,
  getPatternGroup,
  listPatternGroups,
  matchParameters,
} from '../../domain/pattern-group.js';
import { loadPatternEngine } from '../../domain/pattern-matcher.js';
import type { Ports } from '../../ports/index.js';

export type MatchPatternsPorts = Pick<Ports, 'config'>;

/** Matches the parameters against one stored group; unknown group -> NotFoundError. */
export async function matchGroup(
  ports: MatchPatternsPorts,
  group: string,
  params: Record<string, string>,
): Promise<Record<string, string>> {
  const [stored] = await Promise.all([getPatternGroup(ports, group), loadPatternEngine()]);
  return matchParameters(stored.options, params);
}

/**
 * The "general list": every group, in group-name order. Each parameter takes its pattern from
 * the first group (in that order) with a matching pattern, and within it the first matching
 * pattern in name order.
 */
export async function matchAllGroups(
  ports: MatchPatternsPorts,
  params: Record<string, string>,
): Promise<Record<string, string>> {
  checkParams(params);
  const [groups] = await Promise.all([listPatternGroups(ports), loadPatternEngine()]);
  const out = new Map<string, string>();
  for (const group of groups) {
    const pending = dataFromEntries(Object.entries(params).filter(([param]) => !out.has(param)));
    if (Object.keys(pending).length === 0) break;
    for (const [param, pattern] of Object.entries(matchParameters(group.patterns, pending)))
      out.set(param, pattern);
  }
  return dataFromEntries(out);
}
