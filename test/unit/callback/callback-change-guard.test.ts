import { readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { CALLBACK_STATES } from '../../../functions/domain/callback/callback-record.js';

/**
 * `transition` (functions/domain/callback/callback-transition.ts) is the only way a callback
 * state change is built. This reads every source file with the type checker and reports, outside
 * that module:
 * - an object typed `CallbackChange` that names a `state`;
 * - an assignment to the `state` of a `CallbackChange` or a `CallbackRecord`;
 * - a `CallbackRecord` copied with another `state` (`{ ...record, state: 'ROUTING' }`);
 * - an object built to become a change later: a callback state with a change's own keys
 *   (`{ state: 'COMPLETED', reason }` returned by a helper).
 * Agents and chats have states of their own: only these two types count.
 */
const ROOT = resolve(import.meta.dirname, '../../..');
const FUNCTIONS = join(ROOT, 'functions');
const TRANSITION_MODULE = join(FUNCTIONS, 'domain/callback/callback-transition.ts');
const WATCHED = new Set(['CallbackChange', 'CallbackRecord']);
/** Keys only a `CallbackChange` has (a record has `reason` too, but never beside these states by hand). */
const CHANGE_KEYS = new Set(['reason', 'release', 'take', 'clearAgent', 'set']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [path] : [];
  });
}

function program(files: string[]): ts.Program {
  const config = ts.readConfigFile(join(ROOT, 'tsconfig.json'), ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT);
  return ts.createProgram(files, { ...parsed.options, noEmit: true });
}

/** The watched type `type` is, or one of its union members / the type it is a partial of is. */
function watchedName(type: ts.Type | undefined): string | undefined {
  if (!type) return undefined;
  if (type.isUnion()) {
    for (const t of type.types) {
      const name = watchedName(t);
      if (name) return name;
    }
    return undefined;
  }
  const name = (type.aliasSymbol ?? type.getSymbol())?.getName();
  return name && WATCHED.has(name) ? name : undefined;
}

function rawChanges(source: ts.SourceFile, checker: ts.TypeChecker): string[] {
  const found: string[] = [];
  const where = (node: ts.Node) => {
    const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
    return `${relative(ROOT, source.fileName)}:${line + 1}: ${node.getText(source).slice(0, 80)}`;
  };
  const visit = (node: ts.Node) => {
    if (ts.isObjectLiteralExpression(node)) {
      const state = node.properties.find(
        (p) =>
          (ts.isPropertyAssignment(p) || ts.isShorthandPropertyAssignment(p)) &&
          p.name.getText(source) === 'state',
      );
      if (state) {
        const contextual = watchedName(checker.getContextualType(node));
        const copied = node.properties.some(
          (p) =>
            ts.isSpreadAssignment(p) &&
            watchedName(checker.getTypeAtLocation(p.expression)) === 'CallbackRecord',
        );
        const value = ts.isPropertyAssignment(state)
          ? checker.getTypeAtLocation(state.initializer)
          : undefined;
        const isCallbackState =
          value?.isStringLiteral() === true && (CALLBACK_STATES as readonly string[]).includes(value.value);
        const changeShaped =
          isCallbackState &&
          node.properties.some((p) => p.name !== undefined && CHANGE_KEYS.has(p.name.getText(source)));
        if (contextual === 'CallbackChange' || copied || changeShaped) found.push(where(node));
      }
    }
    if (
      ts.isBinaryExpression(node) &&
      node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      ts.isPropertyAccessExpression(node.left) &&
      node.left.name.text === 'state' &&
      watchedName(checker.getTypeAtLocation(node.left.expression))
    ) {
      found.push(where(node));
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('callback state changes', () => {
  it('are built only by transition()', { timeout: 60_000 }, () => {
    const files = sourceFiles(FUNCTIONS);
    const p = program(files);
    const checker = p.getTypeChecker();
    const raw = files
      .filter((f) => f !== TRANSITION_MODULE)
      .flatMap((f) => rawChanges(p.getSourceFile(f)!, checker));
    expect(raw).toEqual([]);
  });

  it('are found when built by hand (the check sees what it must)', () => {
    const file = join(FUNCTIONS, '__probe__.ts');
    const text = `
      import type { CallbackRecord } from './domain/callback/callback-record.js';
      import type { CallbackChange, CallbackStore } from './ports/callbacks.js';
      import type { AgentRecord } from './domain/routing/agent.js';
      export async function probe(store: CallbackStore, record: CallbackRecord, agent: AgentRecord) {
        await store.update(record.id, record.version, { state: 'QUEUED' }, 0);
        const change: CallbackChange = { set: {} };
        change.state = 'SCHEDULED';
        const moved = { ...record, state: 'ROUTING' as const };
        const idle = { ...agent, state: 'READY' as const };
        return [moved, idle];
      }
      export const done = () => ({ state: 'COMPLETED' as const, reason: 'CANCELLED' as const });
      export const chat = () => ({ state: 'DISCONNECTED' as const, reason: 'left' });`;
    const host = ts.createCompilerHost({});
    const config = ts.readConfigFile(join(ROOT, 'tsconfig.json'), ts.sys.readFile);
    const options = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT).options;
    const read = host.getSourceFile.bind(host);
    host.getSourceFile = (name, version, ...rest) =>
      resolve(name) === file ? ts.createSourceFile(name, text, version, true) : read(name, version, ...rest);
    const p = ts.createProgram([file], { ...options, noEmit: true }, host);
    const found = rawChanges(p.getSourceFile(file)!, p.getTypeChecker());
    expect(found.map((f) => f.replace(/^.*?: /, ''))).toEqual([
      "{ state: 'QUEUED' }",
      "change.state = 'SCHEDULED'",
      "{ ...record, state: 'ROUTING' as const }",
      "{ state: 'COMPLETED' as const, reason: 'CANCELLED' as const }",
    ]);
  });
});
