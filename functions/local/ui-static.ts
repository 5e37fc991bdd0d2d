import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { UI_SECURITY_HEADERS } from './ui-security-headers.js';

/** The built Service Management UI (`npm run build:ui`, run by `npm start` and `npm test`). */
export const UI_DIST = fileURLToPath(new URL('../../ui/dist/', import.meta.url));

const TYPES: Record<string, string> = {
  '.html': 'text/html;charset=UTF-8',
  '.js': 'text/javascript;charset=UTF-8',
  '.css': 'text/css;charset=UTF-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json;charset=UTF-8',
  '.map': 'application/json;charset=UTF-8',
  '.woff2': 'font/woff2',
};

/**
 * Serves the UI at `/genesys/` the way CloudFront does in AWS: files from the build, `index.html`
 * for the folder itself. Returns false for paths that are not the UI's.
 */
export async function serveUi(req: IncomingMessage, res: ServerResponse, dist = UI_DIST): Promise<boolean> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  const { pathname } = new URL(req.url ?? '/', 'http://localhost');
  if (pathname === '/' || pathname === '/genesys') {
    res.writeHead(302, { location: '/genesys/' });
    res.end();
    return true;
  }
  if (!pathname.startsWith('/genesys/') || pathname.startsWith('/genesys/1/')) return false;
  let relative: string;
  try {
    relative = decodeURIComponent(pathname.slice('/genesys/'.length)) || 'index.html';
  } catch {
    return false;
  }
  const file = path.resolve(dist, relative);
  if (!file.startsWith(path.resolve(dist) + path.sep)) return false;
  const found = await stat(file).catch(() => undefined);
  if (!found?.isFile()) {
    if (relative !== 'index.html') return false;
    res.writeHead(503, { 'content-type': 'text/plain;charset=UTF-8' });
    res.end('The UI is not built: run `npm run build:ui` (npm start does it for you).\n');
    return true;
  }
  const type = TYPES[path.extname(file)] ?? 'application/octet-stream';
  res.writeHead(200, {
    'content-type': type,
    'content-length': String(found.size),
    // Hashed asset names never change content; index.html must be re-read to see a new build.
    'cache-control': relative.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
    ...UI_SECURITY_HEADERS,
  });
  if (req.method === 'HEAD') res.end();
  else createReadStream(file).pipe(res);
  return true;
}
