/**
 * What an `UpdateExpression` does to top-level attributes, as far as the heat meter needs it: the
 * value an index key attribute gets (`SET a = :v`), that it is removed (`REMOVE a`), or that it
 * changes to something only DynamoDB knows (`SET a = a + :n`, `ADD a :n`).
 */
export type Assignment = { kind: 'set'; value: unknown } | { kind: 'removed' } | { kind: 'unknown' };

const CLAUSE = /\b(SET|REMOVE|ADD|DELETE)\b/gi;

/** Splits at commas outside parentheses. */
function topLevelParts(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

/** A path's top-level attribute name (`#a.b[1]` -> the name `#a` stands for). */
function attributeOf(path: string, names: Record<string, string>): string {
  const head = path.trim().split(/[.[]/)[0]!;
  return head.startsWith('#') ? (names[head] ?? head) : head;
}

export function updateAssignments(
  expression: string,
  names: Record<string, string> = {},
  values: Record<string, unknown> = {},
): Map<string, Assignment> {
  const out = new Map<string, Assignment>();
  const clauses: { keyword: string; start: number; end: number }[] = [];
  let depth = 0;
  for (const match of expression.matchAll(CLAUSE)) {
    // A keyword inside a function call's parentheses is an attribute name, not a clause.
    depth = [...expression.slice(0, match.index)].reduce(
      (d, c) => d + (c === '(' ? 1 : c === ')' ? -1 : 0),
      0,
    );
    if (depth !== 0) continue;
    if (clauses.length > 0) clauses[clauses.length - 1]!.end = match.index;
    clauses.push({
      keyword: match[1]!.toUpperCase(),
      start: match.index + match[0].length,
      end: expression.length,
    });
  }
  for (const { keyword, start, end } of clauses) {
    for (const part of topLevelParts(expression.slice(start, end))) {
      if (keyword === 'SET') {
        const eq = part.indexOf('=');
        if (eq < 0) continue;
        const attribute = attributeOf(part.slice(0, eq), names);
        const rhs = part.slice(eq + 1).trim();
        const whole = !part.slice(0, eq).trim().match(/[.[]/);
        out.set(
          attribute,
          whole && /^:[A-Za-z0-9_]+$/.test(rhs) ? { kind: 'set', value: values[rhs] } : { kind: 'unknown' },
        );
      } else if (keyword === 'REMOVE') {
        const path = part.trim();
        out.set(attributeOf(path, names), /[.[]/.test(path) ? { kind: 'unknown' } : { kind: 'removed' });
      } else {
        out.set(attributeOf(part.split(/\s+/)[0]!, names), { kind: 'unknown' });
      }
    }
  }
  return out;
}
