import { useEffect, useState } from 'react';
import { CALLBACK_STATES, type CallbackState, type CallbackView } from './callback-model';

/** An extra table column: one or more callback properties shown together under a header (the alias). */
export interface ExtraColumn {
  alias: string;
  /** Property names; several are shown in the one cell, separated by " / ". */
  fields: string[];
}

export interface AdvancedOptions {
  columns: ExtraColumn[];
  /** Only these states; empty means every state. */
  states: CallbackState[];
  /** One service; empty means every callback service. */
  service: string;
  maxPerService: number;
  includeServiceId: boolean;
}

export const DEFAULT_MAX_PER_SERVICE = 500;
export const MAX_PER_SERVICE_LIMIT = 5000;

export const DEFAULT_OPTIONS: AdvancedOptions = {
  columns: [],
  states: [],
  service: '',
  maxPerService: DEFAULT_MAX_PER_SERVICE,
  includeServiceId: false,
};

const KEY = 'gms.callback.options';

/** Whatever was remembered, checked field by field: a stale or hand-edited entry never breaks the tab. */
function recall(): AdvancedOptions {
  try {
    const saved = JSON.parse(localStorage.getItem(KEY) ?? '{}') as Partial<AdvancedOptions>;
    const max = Number(saved.maxPerService);
    return {
      columns: Array.isArray(saved.columns)
        ? saved.columns
            .filter((c) => c && typeof c.alias === 'string' && Array.isArray(c.fields))
            .map((c) => ({
              alias: c.alias,
              fields: c.fields.filter((f) => typeof f === 'string' && f !== ''),
            }))
            .filter((c) => c.fields.length > 0)
        : [],
      states: Array.isArray(saved.states)
        ? saved.states.filter((s): s is CallbackState => (CALLBACK_STATES as readonly string[]).includes(s))
        : [],
      service: typeof saved.service === 'string' ? saved.service : '',
      maxPerService:
        Number.isInteger(max) && max >= 1 && max <= MAX_PER_SERVICE_LIMIT ? max : DEFAULT_MAX_PER_SERVICE,
      includeServiceId: saved.includeServiceId === true,
    };
  } catch {
    return DEFAULT_OPTIONS;
  }
}

/** The Advanced Options, remembered in this browser across visits. */
export function useAdvancedOptions() {
  const [options, setOptions] = useState<AdvancedOptions>(recall);
  useEffect(() => {
    localStorage.setItem(KEY, JSON.stringify(options));
  }, [options]);
  return [options, setOptions] as const;
}

/** A header for a column with no alias: its fields' names. */
export const columnHeader = (c: ExtraColumn) => c.alias.trim() || c.fields.join(' / ');

export const columnText = (c: ExtraColumn, cb: CallbackView) =>
  c.fields
    .map((f) => cb[f])
    .filter((v): v is string => v !== undefined && v !== '')
    .join(' / ');
