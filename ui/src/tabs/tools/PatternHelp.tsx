/** The seed's "? Help": how a pattern is written. Static text: it describes the server's engine. */
export function PatternHelp({ id }: { id: string }) {
  const examples: [string, string][] = [
    ['555.*', 'values starting with 555: 555, 5551234'],
    ['\\d{3}', 'exactly three digits: 123 (not 1234: the whole value must match)'],
    ['\\+?1?\\d{10}', 'a 10-digit number, optionally with +1 or 1 in front'],
    ['(800|888|877)\\d{7}', 'toll-free numbers with these prefixes'],
    ['[0-9]{4,6}', 'four to six digits'],
    ['.*@example\\.com', 'e-mail addresses of one domain (\\. is a literal dot)'],
    ['(?i)anonymous|unknown', 'either word, in any letter case'],
  ];
  const syntax: [string, string][] = [
    ['.', 'any character'],
    ['* + ?', 'repeat: 0 or more, 1 or more, 0 or 1 times'],
    ['{n} {n,m} {n,}', 'repeat exactly n, n to m, at least n times'],
    ['[abc] [a-z] [^0-9]', 'one character from a set, a range, or not in it'],
    ['\\d \\D \\s \\w', 'digit, non-digit, white space, word character'],
    ['\\p{Alpha} \\p{Digit}', 'Java POSIX classes (ASCII), also [[:alpha:]]'],
    ['a|b  (…)  (?:…)', 'alternatives, group, group without capture'],
    ['^ $', 'start and end: optional, a pattern always matches the whole value'],
    ['\\Q…\\E', 'everything between is literal'],
  ];
  return (
    <aside id={id} className="card help-panel" aria-label="Pattern syntax help">
      <h3>Pattern syntax</h3>
      <p>
        A pattern is a regular expression in the RE2 syntax (close to Java&apos;s, which GMS used). A value
        matches when the pattern matches the <strong>whole</strong> value, as Java&apos;s{' '}
        <code>matches()</code>: <code>555.*</code> matches <code>5551234</code>, <code>555</code> alone does
        not. The anchors <code>^</code> and <code>$</code> are therefore optional.
      </p>
      <p>
        RE2 runs in linear time, so no pattern can hang the server. What it cannot run that way is refused
        when the pattern is saved: backreferences (<code>\1</code>), lookahead and lookbehind (
        <code>(?=…)</code>, <code>(?!…)</code>, <code>(?&lt;=…)</code>), possessive quantifiers (
        <code>a*+</code>) and atomic groups.
      </p>
      <CodeTable label="Expression syntax" headings={['Syntax', 'Meaning']} rows={syntax} />
      <CodeTable label="Pattern examples" headings={['Example', 'Matches']} rows={examples} />
      <p className="muted">
        When several patterns of a group match, the server reports the first in name order (plain character
        order: <code>P10</code> before <code>P2</code> before <code>p1</code>).
      </p>
    </aside>
  );
}

/** Two columns: an expression (as code) and what it means. */
function CodeTable({
  label,
  headings,
  rows,
}: {
  label: string;
  headings: [string, string];
  rows: readonly (readonly [string, string])[];
}) {
  return (
    <div className="table-scroll">
      <table aria-label={label}>
        <thead>
          <tr>
            <th scope="col">{headings[0]}</th>
            <th scope="col">{headings[1]}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([s, m]) => (
            <tr key={s}>
              <td>
                <code>{s}</code>
              </td>
              <td>{m}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
