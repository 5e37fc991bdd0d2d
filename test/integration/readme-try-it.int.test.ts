import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNpmStart, type StartedProcess } from '../support/npm-start-process.js';

/**
 * Issue 10, item 6: every command in README's "Try it" runs verbatim against `npm start`
 * (main.ts with its demo configuration, fresh tables) and answers what the README shows.
 *
 * Convention, as the README states it: in each `sh` block of the section, a command (with its
 * `\` continuation lines) is followed by a comment line holding its JSON answer. In that answer a
 * string containing `…` matches any string where `…` stands for one or more characters (an id);
 * everything else must be equal, with no member missing or extra. Other comment lines are prose.
 * The only change made to a command is the server: `http://127.0.0.1:8080` becomes this run's.
 */

interface Step {
  command: string;
  answer: string;
}

/** The commands and answers of the README's "Try it" section, in order. */
export function tryItSteps(readme: string): Step[] {
  const start = readme.indexOf('\n## Try it\n');
  if (start < 0) throw new Error('README has no "## Try it" section.');
  const rest = readme.slice(start + 1);
  const end = rest.indexOf('\n## ', 1);
  const section = end < 0 ? rest : rest.slice(0, end);
  const steps: Step[] = [];
  for (const block of section.matchAll(/```sh\n([\s\S]*?)```/g)) {
    const lines = block[1]!.split('\n');
    let pending: string | undefined;
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!;
      if (line.startsWith('#')) {
        const text = line.replace(/^#\s?/, '');
        if (pending !== undefined && /^[[{]/.test(text)) {
          steps.push({ command: pending, answer: text });
          pending = undefined;
        }
        continue;
      }
      if (line.trim() === '') continue;
      if (pending !== undefined) throw new Error(`README command without an answer: ${pending}`);
      let command = line;
      while (command.endsWith('\\')) command = `${command}\n${lines[++i] ?? ''}`;
      pending = command;
    }
    if (pending !== undefined) throw new Error(`README command without an answer: ${pending}`);
  }
  return steps;
}

/** Whether `actual` is what the README shows (`…` in a string stands for any characters). */
function expectLike(actual: unknown, shown: unknown, where: string): void {
  if (typeof shown === 'string' && shown.includes('…')) {
    const pattern = new RegExp(`^${shown.split('…').map(escapeRegExp).join('.+')}$`);
    expect(actual, where).toMatch(pattern);
    return;
  }
  if (shown !== null && typeof shown === 'object') {
    expect(typeof actual, where).toBe('object');
    expect(actual, where).not.toBeNull();
    expect(Array.isArray(actual), where).toBe(Array.isArray(shown));
    const a = actual as Record<string, unknown>;
    const s = shown as Record<string, unknown>;
    expect(Object.keys(a).sort(), where).toEqual(Object.keys(s).sort());
    for (const key of Object.keys(s)) expectLike(a[key], s[key], `${where}.${key}`);
    return;
  }
  expect(actual, where).toEqual(shown);
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const run = promisify(execFile);

describe('README "Try it"', () => {
  const steps = tryItSteps(readFileSync('README.md', 'utf8'));
  let server: StartedProcess & { origin: string };

  beforeAll(async () => {
    server = await startNpmStart();
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
  });

  it('has commands, each with the answer it shows', () => {
    expect(steps.length).toBeGreaterThanOrEqual(5);
    for (const step of steps) expect(step.command).toMatch(/^curl /);
  });

  it('every command answers what the README shows, in order, on a fresh start', async () => {
    for (const step of steps) {
      const command = step.command.replaceAll('http://127.0.0.1:8080', server.origin);
      const { stdout } = await run('sh', ['-c', command]);
      let actual: unknown;
      try {
        actual = JSON.parse(stdout);
      } catch {
        throw new Error(`Not JSON from: ${step.command}\n${stdout}`);
      }
      expectLike(actual, JSON.parse(step.answer), step.command);
    }
  });
});

describe('the README "Try it" parser', () => {
  it('reads commands with continuation lines and their answers; refuses a command without one', () => {
    const readme = [
      '# x',
      '## Try it',
      '```sh',
      '# prose',
      'curl -s a \\',
      '  -d b=1',
      '# {"id":"…"}',
      '```',
      '## Next',
      '```sh',
      'curl -s ignored',
      '```',
    ].join('\n');
    expect(tryItSteps(readme)).toEqual([{ command: 'curl -s a \\\n  -d b=1', answer: '{"id":"…"}' }]);
    expect(() => tryItSteps('\n## Try it\n```sh\ncurl -s a\n# prose\n```\n')).toThrow(/without an answer/);
  });

  it('matches placeholders, and only them', () => {
    expectLike({ id: 'abc', n: 1 }, { id: '…', n: 1 }, 'ok');
    expectLike('/genesys/1/service/abc/ixn/chat', '/genesys/1/service/…/ixn/chat', 'ok');
    expect(() => expectLike({ id: 'abc', extra: 1 }, { id: '…' }, 'extra')).toThrow();
    expect(() => expectLike({ n: 2 }, { n: 1 }, 'value')).toThrow();
    expect(() => expectLike('/x/ixn/chat', '/genesys/1/service/…/ixn/chat', 'path')).toThrow();
  });
});
