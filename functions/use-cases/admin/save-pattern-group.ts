import { InvalidParameterError } from '../../domain/errors.js';
import { MAX_PATTERNS_PER_GROUP, type Patterns } from '../../domain/pattern-group.js';
import { checkPattern, loadPatternEngine } from '../../domain/pattern-matcher.js';
import type { ConfigEntry } from '../../domain/config-entry.js';
import type { Ports } from '../../ports/index.js';

export type SavePatternGroupPorts = Pick<Ports, 'config'>;

/** Checks every pattern compiles (and is safe to run) before the group is stored whole. */
export async function savePatternGroup(
  ports: SavePatternGroupPorts,
  group: string,
  patterns: Patterns,
): Promise<ConfigEntry> {
  const names = Object.keys(patterns);
  if (names.length > MAX_PATTERNS_PER_GROUP) {
    throw new InvalidParameterError(
      'body',
      `Pattern group '${group}' has ${names.length} patterns; the limit is ${MAX_PATTERNS_PER_GROUP}.`,
    );
  }
  await loadPatternEngine();
  for (const name of names) checkPattern(name, patterns[name]!);
  return ports.config.put('pattern-group', group, patterns);
}
