import { readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';

/** Each bundle file's source map, read and parsed the first time one of its frames is formatted. */
const maps = new Map<string, SourceMap | undefined>();

function sourceMapOf(file: string): SourceMap | undefined {
  if (!maps.has(file)) {
    let map: SourceMap | undefined;
    try {
      map = new SourceMap(JSON.parse(readFileSync(`${file}.map`, 'utf8')) as never);
    } catch {
      map = undefined; // No map next to it (or unreadable): the frame stays as it is.
    }
    maps.set(file, map);
  }
  return maps.get(file);
}

/** `file:line:column` (1-based) in the sources, or undefined when the file has no map or no entry there. */
export function originalPosition(fileName: string, line: number, column: number): string | undefined {
  const file = fileName.startsWith('file://') ? fileURLToPath(fileName) : fileName;
  const entry = sourceMapOf(file)?.findEntry(line - 1, column - 1) as
    { originalSource?: string; originalLine?: number; originalColumn?: number } | undefined;
  if (!entry?.originalSource || entry.originalLine === undefined || entry.originalColumn === undefined) {
    return undefined;
  }
  // esbuild writes the sources relative to the bundle (`../../functions/...`): the project path reads better.
  const source = entry.originalSource.replace(/^(\.\.\/)+/, '');
  return `${source}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
}

/**
 * Stack traces that point at the TypeScript sources, without `--enable-source-maps` (which parses
 * every map at start: measured in `npm run bench -- bundles`). V8 formats a stack only when it is
 * first read, so this costs nothing until an error's stack is read (logged); the map of a bundle
 * file is read then, once. Frames of files without a map next to them are left as V8 writes them.
 */
export function installSourceMappedStacks(): void {
  Error.prepareStackTrace = (error: Error, frames: NodeJS.CallSite[]) => {
    let header: string;
    try {
      header = Error.prototype.toString.call(error);
    } catch {
      header = 'Error';
    }
    const lines = frames.map((frame) => {
      const text = String(frame);
      const file = frame.getFileName();
      const line = frame.getLineNumber();
      const column = frame.getColumnNumber();
      if (!file || !line || !column) return text;
      const original = originalPosition(file, line, column);
      return original ? text.replace(`${file}:${line}:${column}`, original) : text;
    });
    return header + lines.map((l) => `\n    at ${l}`).join('');
  };
}
