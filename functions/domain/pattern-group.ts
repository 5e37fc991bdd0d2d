import type { ConfigEntry } from './config-entry.js';
import type { ConfigStore } from '../ports/config.js';
import { InvalidParameterError, NotFoundError } from './errors.js';
import { checkValue, matchesWhole } from './pattern-matcher.js';
import { dataFromEntries } from './data-record.js';

/**
 * A pattern group is a flat map pattern name -> regular expression, like a GMS `patterns.{group}`
 * configuration section (e.g. `Callback_exceptions`: `exception1=555.*`). It is kept in the config
 * store under kind 'pattern-group'.
 */
export type Patterns = Record<string, string>;

export interface PatternGroupView {
  name: string;
  patterns: Patterns;
}

type Ports = { config: ConfigStore };

/** Bounds the cost of one match request: parameters x patterns x value length. */
export const MAX_PATTERNS_PER_GROUP = 200;
export const MAX_PARAMETERS = 100;

/** Code-unit order, so the "first" pattern or group never depends on the server's locale. */
const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export async function getPatternGroup(ports: Ports, group: string): Promise<ConfigEntry> {
  const entry = await ports.config.get('pattern-group', group);
  if (!entry) throw new NotFoundError(`Pattern group '${group}' does not exist.`);
  return entry;
}

export async function listPatternGroups(ports: Ports): Promise<PatternGroupView[]> {
  const entries = await ports.config.list('pattern-group');
  return entries.map((e) => ({ name: e.name, patterns: e.options })).sort((a, b) => byName(a.name, b.name));
}

/** Bounds one match request: at most `MAX_PARAMETERS` parameters, each value within limits. */
export function checkParams(params: Record<string, string>): void {
  const names = Object.keys(params);
  if (names.length > MAX_PARAMETERS) {
    throw new InvalidParameterError(
      'body',
      `${names.length} parameters posted; the limit is ${MAX_PARAMETERS}.`,
    );
  }
  for (const name of names) checkValue(name, params[name]!);
}

/**
 * Which pattern each parameter matches: `{param: patternName}`. A pattern must match the whole
 * value (Java `matches()`). When several patterns match, the first in pattern-name order (plain
 * code-unit order, so `P10` < `P2` < `p1`) wins, so the answer is deterministic. Parameters that
 * match nothing are absent.
 */
export function matchParameters(
  patternsByName: Patterns,
  params: Record<string, string>,
): Record<string, string> {
  checkParams(params);
  const names = Object.keys(patternsByName).sort(byName);
  const out = new Map<string, string>();
  for (const [param, value] of Object.entries(params)) {
    const hit = names.find((name) => matchesWhole(name, patternsByName[name]!, value));
    if (hit !== undefined) out.set(param, hit);
  }
  // fromEntries defines own properties, so a parameter named `__proto__` is reported like any other.
  return dataFromEntries(out);
}
