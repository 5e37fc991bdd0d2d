import { InvalidParameterError } from './errors.js';
import { dataFromEntries } from './data-record.js';

/** GMS option values are strings; these read them as typed values, naming the option when malformed. */
export function readBoolean(name: string, value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  const v = value.trim().toLowerCase();
  if (v === 'true' || v === '1' || v === 'yes') return true;
  if (v === 'false' || v === '0' || v === 'no') return false;
  throw new InvalidParameterError(name, `Parameter '${name}' must be true or false, not '${value}'.`);
}

export function readInteger(
  name: string,
  value: string | undefined,
  fallback: number,
  range: { min: number; max: number },
): number {
  if (value === undefined || value.trim() === '') return fallback;
  const v = value.trim();
  if (!/^-?\d+$/.test(v)) {
    throw new InvalidParameterError(name, `Parameter '${name}' must be an integer, not '${value}'.`);
  }
  const n = Number(v);
  if (n < range.min || n > range.max) {
    throw new InvalidParameterError(
      name,
      `Parameter '${name}' must be between ${range.min} and ${range.max}, not ${n}.`,
    );
  }
  return n;
}

/**
 * Application data: the parameters without a leading underscore (GMS stores them, `_` ones drive
 * the service). A parameter without a name (`=x`) is refused (400): it could not be stored.
 */
export function applicationData(fields: Record<string, string>): Record<string, string> {
  if (Object.hasOwn(fields, '')) {
    throw new InvalidParameterError(
      '',
      'Parameter names must not be empty (a value was sent without a name).',
    );
  }
  return dataFromEntries(Object.entries(fields).filter(([k]) => !k.startsWith('_')));
}
