import type { OptionCategory, TemplateOption, TemplateView } from './service-types';

/** An option as the editor holds it; `kind` is fixed when the row is made, so renaming keeps it. */
export interface OptionRow {
  id: number;
  name: string;
  value: string;
  kind: OptionCategory | 'custom';
  option?: TemplateOption;
}

let nextId = 1;
export const rowId = () => nextId++;

const RANK: Record<OptionRow['kind'], number> = {
  mandatory: 0,
  optional: 1,
  advanced: 1,
  'request-parameter': 1,
  custom: 2,
};

/**
 * The rows of a service: its stored options, plus every mandatory option (so a missing one is
 * shown, locked, for the server to name) and every request parameter (shown as "not
 * specified", the seed's state after the garbage can). Template order, mandatory ones first,
 * options the template does not know last.
 */
export function buildRows(template: TemplateView | undefined, options: Record<string, string>): OptionRow[] {
  const declared = template?.options ?? [];
  const index = new Map(declared.map((o, i) => [o.name, i]));
  const rows: OptionRow[] = Object.entries(options).map(([name, value]) => {
    const option = declared.find((o) => o.name === name);
    return { id: rowId(), name, value, kind: option?.category ?? 'custom', option };
  });
  for (const o of declared) {
    if (Object.hasOwn(options, o.name)) continue;
    if (o.category === 'mandatory' || o.category === 'request-parameter') {
      rows.push({ id: rowId(), name: o.name, value: '', kind: o.category, option: o });
    }
  }
  const order = (r: OptionRow) => [RANK[r.kind], index.get(r.name) ?? Number.MAX_SAFE_INTEGER] as const;
  return rows
    .map((r, i) => ({ r, i }))
    .sort((a, b) => {
      const [ka, ia] = order(a.r);
      const [kb, ib] = order(b.r);
      return ka - kb || ia - ib || a.i - b.i;
    })
    .map(({ r }) => r);
}

/** A row whose option the template declares: its value may not be emptied. */
export const isLocked = (r: OptionRow) => r.kind === 'mandatory';

/**
 * `_service` selects the template (the server checks the template's `_service` default equals
 * its service), so changing it would turn the service into another kind: make one from that
 * template instead. Every other mandatory value is the operator's to set.
 */
export const isValueFixed = (r: OptionRow, template: TemplateView | undefined) =>
  r.kind === 'mandatory' && r.name === '_service' && template !== undefined;

/**
 * The options map a PUT sends. An empty value means "not specified" and is left out, except
 * for a mandatory option: it is sent so the server refuses it and names it.
 */
export function collectOptions(rows: OptionRow[]): Record<string, string> {
  const seen = new Set<string>();
  const entries: [string, string][] = [];
  for (const r of rows) {
    const name = r.name.trim();
    if (!name) throw new Error('Every option needs a name: name the new row or remove it.');
    if (seen.has(name)) throw new Error(`Option '${name}' is listed twice: rename or remove one of them.`);
    seen.add(name);
    if (r.value.trim() === '' && r.kind !== 'mandatory') continue;
    entries.push([name, r.value]);
  }
  // fromEntries defines own properties, so an option named `__proto__` stays an option.
  return Object.fromEntries(entries);
}

/** What the value must look like, from the template's type, bounds and values. */
export function typeHint(o: TemplateOption | undefined): string | undefined {
  if (!o) return undefined;
  switch (o.type) {
    case 'integer':
      if (o.min !== undefined && o.max !== undefined) return `integer ${o.min}–${o.max}`;
      if (o.min !== undefined) return `integer ≥ ${o.min}`;
      if (o.max !== undefined) return `integer ≤ ${o.max}`;
      return 'integer';
    case 'boolean':
      return 'true or false';
    case 'enum':
      return `one of ${(o.values ?? []).join(', ')}`;
    case 'json':
      return 'JSON';
    case 'time':
      return 'ISO-8601 date-time';
    case 'timezone':
      return 'time zone id, e.g. Europe/Paris';
    case 'url':
      return 'http(s) URL';
    case 'secret':
      return 'write-only: stored hashed, shown as ******** (leave it to keep the stored one)';
    default:
      return undefined;
  }
}

/** Values offered in the value field's suggestion list (free text stays possible, e.g. `$token$`). */
export function suggestions(o: TemplateOption | undefined): string[] {
  if (!o) return [];
  if (o.type === 'enum') return o.values ?? [];
  if (o.type === 'boolean') return ['true', 'false'];
  return [];
}

/** Options the server stores hashed and returns masked (GMS `password`, the `api_key`). */
const SECRET_NAMES = new Set(['password', 'api_key']);

/** A write-only value: typed in a password field, never shown. */
export const isSecret = (r: OptionRow) => r.option?.type === 'secret' || SECRET_NAMES.has(r.name.trim());
