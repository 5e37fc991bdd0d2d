import * as z from './zod.js';
import { lazyValue } from './lazy-value.js';
import { InvalidParameterError } from './errors.js';

/**
 * A service template: the option list the Service Management UI shows for one kind of service
 * (`_service` value), with defaults, categories and, for callback, scenario presets. Built-in
 * templates live in `templates/`; uploaded ones are validated with `serviceTemplateSchema`.
 */

/** The seed's parameter characteristics: lock icon, removable, hidden-when-advanced, `i` icon. */
export const OPTION_CATEGORIES = ['mandatory', 'optional', 'advanced', 'request-parameter'] as const;

/**
 * How an option's string value is read. `time` is an ISO-8601 date-time (as `_desired_time`),
 * `timezone` an IANA/Java zone id (as `_timezone`), `secret` a write-only value stored hashed.
 */
export const OPTION_TYPES = [
  'string',
  'integer',
  'boolean',
  'enum',
  'json',
  'time',
  'timezone',
  'url',
  'secret',
] as const;

/**
 * The template schemas, built on first use: a template is validated at an upload or when the
 * built-in ones are first read, and every function that imports this module would otherwise build
 * these 76 schema objects at start (issue 11).
 */
const schemas = lazyValue(() => {
  /** Option names as they appear in a `service.{name}` section. */
  const optionName = z
    .string()
    .check(
      z.minLength(1),
      z.maxLength(256),
      z.regex(/^[A-Za-z0-9_.-]+$/, 'use letters, digits, "_", "-" and "." only'),
    );

  const option = z.object({
    name: optionName,
    default: z.optional(z.string().check(z.maxLength(65536))),
    description: z._default(z.string().check(z.maxLength(4096)), ''),
    category: z.enum(OPTION_CATEGORIES),
    type: z._default(z.enum(OPTION_TYPES), 'string'),
    /** Allowed values of an `enum` option. */
    values: z.optional(
      z.array(z.string().check(z.minLength(1), z.maxLength(256))).check(z.minLength(1), z.maxLength(100)),
    ),
    /** Bounds of an `integer` option. */
    min: z.optional(z.number().check(z.int())),
    max: z.optional(z.number().check(z.int())),
    /** The seed's grouping of options, e.g. "URS Queuing" or "Voice-User Originated". */
    section: z.optional(z.string().check(z.minLength(1), z.maxLength(128))),
  });

  const preset = z.object({
    name: z.string().check(z.minLength(1), z.maxLength(128)),
    description: z._default(z.string().check(z.maxLength(4096)), ''),
    options: z.record(optionName, z.string().check(z.maxLength(65536))),
  });

  /** The fields of a template document, without the cross-field rules (used for route docs). */
  const fields = z.object({
    name: z
      .string()
      .check(
        z.minLength(1),
        z.maxLength(128),
        z.regex(/^[A-Za-z0-9_.-]+$/, 'use letters, digits, "_", "-" and "." only'),
      ),
    /** The `_service` value services made from this template carry. */
    service: z.string().check(z.minLength(1), z.maxLength(1024)),
    description: z._default(z.string().check(z.maxLength(4096)), ''),
    options: z.array(option).check(z.minLength(1), z.maxLength(1000)),
    presets: z.optional(z.array(preset).check(z.maxLength(50))),
  });
  return { option, preset, fields };
});

/** The fields of a template document, without the cross-field rules (route docs and bodies). */
export const templateDocumentFields = () => schemas().fields;

type Schemas = ReturnType<typeof schemas>;

export type TemplateOption = z.infer<Schemas['option']>;
export type TemplatePreset = z.infer<Schemas['preset']>;
export type ServiceTemplate = z.infer<Schemas['fields']>;

/** What a built-in template file declares: defaults of `description`/`type` may be left out. */
export type ServiceTemplateInput = z.input<Schemas['fields']>;

/** The option kinds every template must declare as mandatory. */
const REQUIRED_OPTIONS = ['_type', '_service'] as const;

/** `$token$` values are replaced by the request parameter `token` at call time (D-CB), so their type is unknown here. */
const TOKEN = /^\$[^$\s]+\$$/;

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/**
 * Why `value` is not acceptable for `option`, or undefined when it is. An empty value means
 * "not specified" (the UI's garbage-can action) and is accepted for every non-mandatory option.
 */
export function optionValueProblem(option: TemplateOption, value: string): string | undefined {
  const v = value.trim();
  if (v === '') return option.category === 'mandatory' ? 'must not be empty' : undefined;
  if (TOKEN.test(v)) return undefined;
  switch (option.type) {
    case 'integer': {
      if (!/^-?\d+$/.test(v)) return 'must be an integer';
      const n = Number(v);
      if (option.min !== undefined && n < option.min) return `must be an integer of at least ${option.min}`;
      if (option.max !== undefined && n > option.max) return `must be an integer of at most ${option.max}`;
      return undefined;
    }
    case 'boolean':
      return /^(true|false|1|0|yes|no)$/i.test(v) ? undefined : 'must be a boolean (true or false)';
    case 'enum':
      return option.values?.includes(v) ? undefined : `must be one of ${(option.values ?? []).join(', ')}`;
    case 'json':
      try {
        JSON.parse(v);
        return undefined;
      } catch {
        return 'must be valid JSON';
      }
    case 'time':
      return ISO_DATE_TIME.test(v) && !Number.isNaN(Date.parse(v))
        ? undefined
        : 'must be an ISO-8601 date-time such as 2024-05-28T15:30:00.000Z';
    case 'timezone':
      return isTimeZone(v) ? undefined : 'must be a time zone id such as Europe/Paris';
    case 'url':
      try {
        const url = new URL(v);
        return url.protocol === 'http:' || url.protocol === 'https:' ? undefined : 'must be an http(s) URL';
      } catch {
        return 'must be an http(s) URL';
      }
    default:
      return undefined;
  }
}

/** The type/range/values rules of an option, plus its default and every preset value fitting them. */
function checkTemplate(t: ServiceTemplate, ctx: z.core.$RefinementCtx): void {
  const byName = new Map<string, TemplateOption>();
  t.options.forEach((o, i) => {
    if (byName.has(o.name)) {
      ctx.addIssue({
        code: 'custom',
        path: ['options', i, 'name'],
        message: `option '${o.name}' is declared twice`,
      });
    }
    byName.set(o.name, o);
    if (o.type === 'enum' && !o.values) {
      ctx.addIssue({
        code: 'custom',
        path: ['options', i, 'values'],
        message: 'an enum option needs its values',
      });
    }
    if (o.type !== 'enum' && o.values) {
      ctx.addIssue({
        code: 'custom',
        path: ['options', i, 'values'],
        message: 'values are only for enum options',
      });
    }
    if (o.min !== undefined && o.max !== undefined && o.min > o.max) {
      ctx.addIssue({ code: 'custom', path: ['options', i, 'min'], message: 'min is greater than max' });
    }
    if (o.default !== undefined) {
      const problem = optionValueProblem(o, o.default);
      if (problem)
        ctx.addIssue({ code: 'custom', path: ['options', i, 'default'], message: `default ${problem}` });
    }
  });
  for (const required of REQUIRED_OPTIONS) {
    const o = byName.get(required);
    if (!o || o.category !== 'mandatory') {
      ctx.addIssue({
        code: 'custom',
        path: ['options'],
        message: `the template must declare '${required}' as a mandatory option`,
      });
    }
  }
  const typeOption = byName.get('_type');
  if (typeOption?.values?.some((v) => v !== 'builtin' && v !== 'ors')) {
    ctx.addIssue({ code: 'custom', path: ['options'], message: "'_type' values can only be builtin or ors" });
  }
  const serviceDefault = byName.get('_service')?.default;
  if (serviceDefault !== undefined && serviceDefault !== t.service) {
    ctx.addIssue({
      code: 'custom',
      path: ['options'],
      message: `'_service' defaults to '${serviceDefault}' but the template is for service '${t.service}'`,
    });
  }
  const presetNames = new Set<string>();
  t.presets?.forEach((p, i) => {
    if (presetNames.has(p.name)) {
      ctx.addIssue({
        code: 'custom',
        path: ['presets', i, 'name'],
        message: `preset '${p.name}' is declared twice`,
      });
    }
    presetNames.add(p.name);
    for (const [name, value] of Object.entries(p.options)) {
      const o = byName.get(name);
      const problem = o && optionValueProblem(o, value);
      if (problem) {
        ctx.addIssue({
          code: 'custom',
          path: ['presets', i, 'options', name],
          message: `'${name}' ${problem}`,
        });
      }
    }
  });
}

/** A whole template document, as uploaded or declared in code. */
export const serviceTemplateSchema = lazyValue(() =>
  templateDocumentFields().check(z.superRefine(checkTemplate)),
);

/** Validates a template document, naming the offending field (e.g. `options.3.type`) on failure. */
export function parseServiceTemplate(input: unknown): ServiceTemplate {
  const out = serviceTemplateSchema().safeParse(input);
  if (out.success) return out.data;
  const issue = out.error.issues[0]!;
  const parameter = issue.path.length > 0 ? issue.path.map(String).join('.') : 'template';
  throw new InvalidParameterError(parameter, `Invalid service template: '${parameter}' ${issue.message}.`);
}

/** The options a new service starts with: the template defaults, then the preset's values. */
export function defaultServiceOptions(
  template: ServiceTemplate,
  presetName?: string,
): Record<string, string> {
  const options: Record<string, string> = {};
  for (const o of template.options) {
    if (o.default !== undefined && o.category !== 'request-parameter') options[o.name] = o.default;
  }
  if (presetName === undefined) return options;
  const preset = template.presets?.find((p) => p.name === presetName);
  if (!preset)
    throw new InvalidParameterError('preset', `Template '${template.name}' has no preset '${presetName}'.`);
  return { ...options, ...preset.options };
}

export interface StoredTemplate {
  name: string;
  /** The template document as validated by `domain/service-template.ts`. */
  document: unknown;
  updatedAt: number;
}
