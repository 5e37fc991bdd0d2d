import { matchParameters } from '../pattern-group.js';
import { CallbackNumberError } from './callback-errors.js';
import type { CallbackRuleContext, CallbackRules } from './callback-options.js';

/**
 * The phone rules of a callback service (`_disallow_impossible_phone_numbers`,
 * `_disallow_premium_phone_numbers`, `_default_country`, `_exceptions`): which customer numbers
 * are refused, and the one form of a number that checks and counter keys use.
 */

const SEPARATORS = /[\s.\-()]/g;

/** GMS's form of a customer number for checks and keys: separators dropped, `+` prefixed. */
export function normalizeCustomerNumber(raw: string): string {
  const compact = raw.trim().replace(SEPARATORS, '');
  return compact.startsWith('+') ? compact : `+${compact}`;
}

/** North American Numbering Plan countries whose national numbers are 10 digits after `1`. */
const NANP = new Set(['US', 'CA']);

/** The number in international form, reading a national number with the default country. */
function internationalForm(raw: string, defaultCountry: string): string {
  const compact = raw.trim().replace(SEPARATORS, '');
  if (compact.startsWith('+')) return compact;
  if (compact.startsWith('00')) return `+${compact.slice(2)}`;
  if (NANP.has(defaultCountry)) {
    if (compact.length === 10) return `+1${compact}`;
    if (compact.length === 11 && compact.startsWith('1')) return `+${compact}`;
  }
  return `+${compact}`;
}

export const isImpossibleNumber = (raw: string) => !/^\+?\d{1,15}$/.test(raw.trim().replace(SEPARATORS, ''));

export const isPremiumNumber = (raw: string, defaultCountry = 'US') =>
  /^\+1900\d{7}$/.test(internationalForm(raw, defaultCountry));

/** Throws `CallbackNumberError` when the service refuses callbacks to `raw`. */
export function checkCustomerNumber(ctx: CallbackRuleContext, rules: CallbackRules, raw: string): void {
  if (rules.disallowImpossible && isImpossibleNumber(raw)) {
    throw new CallbackNumberError(
      `Customer number '${raw}' is not a possible phone number (digits, separators and a leading + only, at most 15 digits).`,
    );
  }
  if (rules.disallowPremium && isPremiumNumber(raw, rules.defaultCountry)) {
    throw new CallbackNumberError(
      `Customer number '${raw}' is a premium-rate number; callbacks to it are not allowed.`,
    );
  }
  if (ctx.exceptionPatterns) {
    const normalized = normalizeCustomerNumber(raw);
    const hits = matchParameters(ctx.exceptionPatterns, { plus: normalized, digits: normalized.slice(1) });
    if (Object.keys(hits).length > 0) {
      throw new CallbackNumberError(
        `Customer number '${raw}' is on the exception list of service '${ctx.serviceName}'; callbacks to it are not accepted.`,
      );
    }
  }
}
