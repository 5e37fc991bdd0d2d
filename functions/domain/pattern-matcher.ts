import type { RE2JS, RE2JSException } from 're2js';
import { InvalidParameterError } from './errors.js';

/**
 * Regular expressions written by administrators run against values posted by anyone, so they go
 * through RE2 (linear time, no backtracking): no pattern can make a request hang. RE2 accepts most
 * of the Java syntax GMS documents (Java's `\p{Alpha}`-style classes are rewritten); what it
 * cannot run in linear time (backreferences, lookaround, possessive quantifiers, atomic groups) is
 * refused when the pattern is saved.
 *
 * RE2 (re2js, ~150 KB) is loaded on demand: the use cases that match or check patterns await
 * `loadPatternEngine()` first (they read the patterns from the store just before), so a function
 * that never meets a pattern never loads it.
 */

let re2: typeof import('re2js') | undefined;

/** Loads the RE2 engine (once); the functions below need it loaded. */
export async function loadPatternEngine(): Promise<void> {
  re2 ??= await import('re2js');
}

function engine(): typeof import('re2js') {
  if (!re2) throw new Error('The pattern engine is not loaded: await loadPatternEngine() first.');
  return re2;
}

export const MAX_PATTERN_LENGTH = 1_000;
export const MAX_VALUE_LENGTH = 10_000;
const CACHE_SIZE = 500;

const UNSUPPORTED_HINT =
  'Backreferences, lookahead/lookbehind, possessive quantifiers and atomic groups are not supported, ' +
  'because patterns are matched by a linear-time engine.';

const compiled = new Map<string, RE2JS>();

/** Java's POSIX classes (`\p{Alpha}`, ASCII-only in Java too) and their RE2 spelling. */
const JAVA_POSIX: Record<string, string> = {
  Lower: 'lower',
  Upper: 'upper',
  ASCII: 'ascii',
  Alpha: 'alpha',
  Digit: 'digit',
  Alnum: 'alnum',
  Punct: 'punct',
  Graph: 'graph',
  Print: 'print',
  Blank: 'blank',
  Cntrl: 'cntrl',
  XDigit: 'xdigit',
  Space: 'space',
};

/**
 * Rewrites the Java-only spellings RE2 lacks but can express: `\p{Alpha}` becomes `[[:alpha:]]`
 * (or `[:alpha:]` inside a class), `\P{Alpha}` its negation. Everything else passes through.
 */
export function javaToRe2(expression: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < expression.length; i++) {
    const c = expression[i]!;
    if (c === '\\') {
      const next = expression[i + 1];
      if (next === 'Q') {
        const end = expression.indexOf('\\E', i + 2);
        const stop = end < 0 ? expression.length : end + 2;
        out += expression.slice(i, stop);
        i = stop - 1;
        continue;
      }
      const posix = (next === 'p' || next === 'P') && /^\{(\w+)\}/.exec(expression.slice(i + 2));
      const name = posix ? JAVA_POSIX[posix[1]!] : undefined;
      if (posix && name) {
        const cls = `[:${next === 'P' ? '^' : ''}${name}:]`;
        out += inClass ? cls : `[${cls}]`;
        i += 1 + posix[0].length;
        continue;
      }
      out += c + (next ?? '');
      i++;
      continue;
    }
    if (!inClass && c === '[') {
      inClass = true;
      out += c;
      // A `]` or `^]` right after the opening bracket is a literal, not the end of the class.
      if (expression[i + 1] === '^') out += expression[++i];
      if (expression[i + 1] === ']') out += expression[++i];
      continue;
    }
    if (inClass && c === ']') inClass = false;
    out += c;
  }
  return out;
}

function describe(e: RE2JSException): string {
  if (e instanceof engine().RE2JSSyntaxException) {
    return e.input ? `${e.error} at \`${e.input}\`` : e.error;
  }
  return e.message;
}

/**
 * The compiled form of `expression`, cached by expression. Insertion order makes the map a
 * bounded LRU: a hit is moved to the end, the oldest entry is evicted when full. Throws
 * InvalidParameterError naming the pattern when it is too long or RE2 cannot compile it.
 */
function compile(name: string, expression: string): RE2JS {
  const hit = compiled.get(expression);
  if (hit) {
    compiled.delete(expression);
    compiled.set(expression, hit);
    return hit;
  }
  if (expression.length > MAX_PATTERN_LENGTH) {
    throw new InvalidParameterError(
      name,
      `Pattern '${name}' is ${expression.length} characters long; the limit is ${MAX_PATTERN_LENGTH}.`,
    );
  }
  const { RE2JS, RE2JSException } = engine();
  let re: RE2JS;
  try {
    re = RE2JS.compile(javaToRe2(expression));
  } catch (e) {
    if (!(e instanceof RE2JSException)) throw e;
    throw new InvalidParameterError(
      name,
      `Pattern '${name}' is not a supported regular expression (${describe(e)}). ${UNSUPPORTED_HINT}`,
    );
  }
  compiled.set(expression, re);
  if (compiled.size > CACHE_SIZE) compiled.delete(compiled.keys().next().value!);
  return re;
}

/** Throws InvalidParameterError naming the pattern when it is too long or RE2 cannot compile it. */
export function checkPattern(name: string, expression: string): void {
  compile(name, expression);
}

/** Java `Matcher.matches()` semantics: the pattern must match the whole value, not a part of it. */
export function matchesWhole(name: string, expression: string, value: string): boolean {
  return compile(name, expression).matches(value);
}

/** Posted values are bounded so one request costs at most patterns x MAX_VALUE_LENGTH steps. */
export function checkValue(param: string, value: string): void {
  if (value.length > MAX_VALUE_LENGTH) {
    throw new InvalidParameterError(
      param,
      `Parameter '${param}' is ${value.length} characters long; the limit for pattern matching is ${MAX_VALUE_LENGTH}.`,
    );
  }
}
