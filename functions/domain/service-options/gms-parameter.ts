import * as z from '../zod.js';
import { InvalidParameterError } from '../errors.js';
import { readBoolean, readInteger } from '../option-values.js';
import type { ServiceTemplateInput } from '../service-template.js';

/** A GMS parameter as it arrives: text, or absent. */
const sent = z.optional(z.string());

/**
 * Reads `value` with one of the `option-values` readers; a malformed value becomes an issue
 * carrying the reader's message, so one parse reports the first bad parameter as before.
 */
function read<T>(name: string, reader: (value: string | undefined) => T) {
  return z.pipe(
    sent,
    z.transform((value, ctx): T => {
      try {
        return reader(value);
      } catch (error) {
        if (!(error instanceof InvalidParameterError)) throw error;
        ctx.issues.push({
          code: 'custom',
          message: error.message,
          input: value,
          params: { parameter: name },
        });
        return z.NEVER;
      }
    }),
  );
}

/** The default `template` declares for `option`, if any: the one place a kind's default is written. */
export function templateDefault(template: ServiceTemplateInput, option: string): string | undefined {
  return template.options.find((o) => o.name === option)?.default;
}

/** The default `template` must declare for `option` (a template without it is a programming error). */
export function requiredDefault(template: ServiceTemplateInput, option: string): string {
  const value = templateDefault(template, option);
  if (value === undefined)
    throw new Error(`Template '${template.name}' declares no default for '${option}'.`);
  return value;
}

/** true/false (1/0, yes/no); blank or absent means `fallback` (GMS: unset flags are false). */
export function gmsBoolean(name: string, fallback = 'false') {
  const otherwise = readBoolean(name, fallback, false);
  return read(name, (value) => readBoolean(name, value, otherwise));
}

/** A whole number within `range`; blank or absent means `fallback`. */
export function gmsInteger(name: string, range: { min: number; max: number }, fallback: string | number) {
  const otherwise = typeof fallback === 'number' ? fallback : readInteger(name, fallback, 0, range);
  return read(name, (value) => readInteger(name, value, otherwise, range));
}

/** A whole number within `range` when sent (blank: `fallback`), undefined when absent. */
export function gmsOptionalInteger(name: string, range: { min: number; max: number }, fallback: number) {
  return read(name, (value) => (value === undefined ? undefined : readInteger(name, value, fallback, range)));
}

/** Trimmed text; blank or absent is undefined. */
export function gmsText() {
  return z.pipe(
    sent,
    z.transform((value) => value?.trim() || undefined),
  );
}

/** Trimmed text that must be there: blank or absent is refused with `message`. */
export function gmsRequiredText(name: string, message: string, maxLength?: { max: number; message: string }) {
  return read(name, (value) => {
    const text = value?.trim();
    if (!text) throw new InvalidParameterError(name, message);
    if (maxLength && text.length > maxLength.max) throw new InvalidParameterError(name, maxLength.message);
    return text;
  });
}

/** Text as sent (not trimmed), `fallback` when absent. */
export function gmsDefaulted(fallback: string) {
  return z.pipe(
    sent,
    z.transform((value) => value ?? fallback),
  );
}

/**
 * Parses GMS parameters with a kind's schema: coerced, defaulted values, or the first malformed
 * parameter (in the schema's order) as an `InvalidParameterError` naming it.
 */
export function parseGmsParameters<S extends z.ZodMiniType>(schema: S, parameters: unknown): z.output<S> {
  const parsed = schema.safeParse(parameters);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const parameter =
    issue.code === 'custom' && typeof issue.params?.parameter === 'string'
      ? issue.params.parameter
      : String(issue.path[0] ?? '');
  throw new InvalidParameterError(parameter, issue.message);
}
