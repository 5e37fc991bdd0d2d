import Busboy from 'busboy';
import { InvalidParameterError, PayloadTooLargeError, UnsupportedMediaTypeError } from '../domain/errors.js';

export interface UploadedFile {
  filename: string;
  contentType: string;
  data: Buffer;
}

export interface ParsedBody {
  kind: 'none' | 'json' | 'form' | 'multipart';
  /** Text fields. For JSON bodies: the top-level scalar members, as strings. */
  fields: Record<string, string>;
  files: Record<string, UploadedFile>;
  /** The decoded JSON value, for routes that take structured bodies. */
  json?: unknown;
}

/** Lambda's synchronous payload limit is 6 MB; reject above it the same way in both runtimes. */
export const MAX_BODY_BYTES = 6 * 1024 * 1024;

export function bodyKindOf(contentType: string | undefined): ParsedBody['kind'] | 'other' {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === '') return 'none';
  if (type === 'application/json' || type.endsWith('+json')) return 'json';
  if (type === 'application/x-www-form-urlencoded') return 'form';
  if (type === 'multipart/form-data') return 'multipart';
  return 'other';
}

export async function parseBody(raw: Buffer, contentType: string | undefined): Promise<ParsedBody> {
  if (raw.length > MAX_BODY_BYTES) {
    throw new PayloadTooLargeError(`Request body exceeds ${MAX_BODY_BYTES} bytes.`);
  }
  const kind = bodyKindOf(contentType);
  if (raw.length === 0) return { kind: 'none', fields: {}, files: {} };
  switch (kind) {
    case 'none':
    case 'json':
      return parseJson(raw);
    case 'form':
      return {
        kind: 'form',
        fields: Object.fromEntries(new URLSearchParams(raw.toString('utf8'))),
        files: {},
      };
    case 'multipart':
      return parseMultipart(raw, contentType!);
    default:
      throw new UnsupportedMediaTypeError(
        `Content-Type '${contentType}' is not supported; use application/json, application/x-www-form-urlencoded or multipart/form-data.`,
      );
  }
}

function parseJson(raw: Buffer): ParsedBody {
  let json: unknown;
  try {
    json = JSON.parse(raw.toString('utf8'));
  } catch (e) {
    throw new InvalidParameterError('body', `Request body is not valid JSON: ${(e as Error).message}`);
  }
  const fields: Record<string, string> = Object.create(null);
  if (json !== null && typeof json === 'object' && !Array.isArray(json)) {
    for (const [k, v] of Object.entries(json)) {
      if (typeof v === 'string') fields[k] = v;
      else if (typeof v === 'number' || typeof v === 'boolean') fields[k] = String(v);
    }
  }
  return { kind: 'json', fields, files: {}, json };
}

function parseMultipart(raw: Buffer, contentType: string): Promise<ParsedBody> {
  return new Promise((resolve, reject) => {
    // Null-prototype maps: a field named `__proto__` is data like any other.
    const fields: Record<string, string> = Object.create(null);
    const files: Record<string, UploadedFile> = Object.create(null);
    let parser: Busboy.Busboy;
    try {
      parser = Busboy({ headers: { 'content-type': contentType }, limits: { fieldSize: MAX_BODY_BYTES } });
    } catch (e) {
      reject(
        new InvalidParameterError('Content-Type', `Malformed multipart request: ${(e as Error).message}`),
      );
      return;
    }
    // busboy reports a part with an empty name as `undefined`: keep it as '' so the operation
    // refuses it by name rather than storing a key "undefined".
    parser.on('field', (name, value) => {
      fields[name || ''] = value;
    });
    parser.on('file', (name, stream, info) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        files[name || ''] = {
          filename: info.filename ?? name,
          contentType: info.mimeType || 'application/octet-stream',
          data: Buffer.concat(chunks),
        };
      });
    });
    parser.on('error', (e: Error) =>
      reject(new InvalidParameterError('body', `Malformed multipart body: ${e.message}`)),
    );
    parser.on('close', () => resolve({ kind: 'multipart', fields, files }));
    parser.end(raw);
  });
}
