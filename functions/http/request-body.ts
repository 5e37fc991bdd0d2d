import type Busboy from 'busboy';
import { dataRecord } from '../domain/data-record.js';
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

/**
 * Limits of a parsed body. The total is `MAX_BODY_BYTES`; these bound what a body of that size
 * can make the parser build. Each one exceeded is a 413 (or 400) naming it.
 */
export const BODY_LIMITS = {
  /** Multipart parts, and urlencoded fields. */
  parts: 1000,
  fields: 1000,
  /**
   * Top-level members of a JSON body: the management API takes a resource group of tens of
   * thousands of numbers as one object (`PUT admin/resources/{name}`), so far more than a form's.
   */
  jsonMembers: 100_000,
  files: 20,
  /** Bytes of one uploaded file (the whole body is capped anyway; a file cannot exceed it). */
  fileSize: MAX_BODY_BYTES,
  /** Bytes of one field value. */
  fieldSize: 1024 * 1024,
  /** Bytes of one field or file name. Storage keys are at most 256 characters; this leaves room. */
  fieldNameSize: 4096,
  /** Header lines of one multipart part. */
  headerPairs: 32,
  /** Nesting of a JSON body: GMS bodies are flat, the management API's a few levels deep. */
  jsonDepth: 64,
} as const;

const limitError = (limit: keyof typeof BODY_LIMITS, what: string) =>
  new PayloadTooLargeError(
    `Request body exceeds the ${limit} limit: ${what} (at most ${BODY_LIMITS[limit]}).`,
  );

export async function parseBody(raw: Buffer, contentType: string | undefined): Promise<ParsedBody> {
  if (raw.length > MAX_BODY_BYTES) {
    throw new PayloadTooLargeError(`Request body exceeds the total limit of ${MAX_BODY_BYTES} bytes (6 MB).`);
  }
  const kind = bodyKindOf(contentType);
  if (raw.length === 0) return { kind: 'none', fields: dataRecord(), files: dataRecord() };
  switch (kind) {
    case 'none':
    case 'json':
      return parseJson(raw);
    case 'form':
      return parseForm(raw);
    case 'multipart':
      return parseMultipart(raw, contentType!);
    default:
      throw new UnsupportedMediaTypeError(
        `Content-Type '${contentType}' is not supported; use application/json, application/x-www-form-urlencoded or multipart/form-data.`,
      );
  }
}

/** Fields a urlencoded body has at least: its `&`s plus one (counted without building anything). */
function formFieldCount(raw: Buffer): number {
  let count = 1;
  for (let i = raw.indexOf(0x26); i >= 0; i = raw.indexOf(0x26, i + 1)) count++;
  return count;
}

function parseForm(raw: Buffer): ParsedBody {
  // URLSearchParams builds every pair before we could count them: 6 MB of `a&a&...` is 3 million
  // pairs (about 160 MB of heap). Counting the separators first refuses that body for the cost of a scan.
  if (formFieldCount(raw) > BODY_LIMITS.fields + 1) throw limitError('fields', 'too many form fields');
  const fields = dataRecord<string>();
  let count = 0;
  for (const [k, v] of new URLSearchParams(raw.toString('utf8'))) {
    if (++count > BODY_LIMITS.fields) throw limitError('fields', 'too many form fields');
    fields[k] = v;
  }
  return { kind: 'form', fields, files: dataRecord() };
}

/**
 * Deepest nesting of arrays and objects in JSON text, stopping once past `max`. Checked before
 * parsing: a value nested thousands deep parses, but then overflows the stack of whatever walks it
 * (validation, the DynamoDB marshaller, `JSON.stringify`).
 */
function jsonDepthExceeds(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

function parseJson(raw: Buffer): ParsedBody {
  const text = raw.toString('utf8');
  if (jsonDepthExceeds(text, BODY_LIMITS.jsonDepth)) {
    throw new InvalidParameterError(
      'body',
      `Request body exceeds the jsonDepth limit: JSON nested deeper than ${BODY_LIMITS.jsonDepth} levels.`,
    );
  }
  let json: unknown;
  try {
    // JSON.parse defines `__proto__` as an own property (it never sets the prototype), so the
    // parsed value is safe; a number JSON can write but DynamoDB cannot store (1e400 is Infinity,
    // 2^64 loses digits) is refused by name here rather than failing later as a 500.
    json = JSON.parse(text, (key, value: unknown) => {
      if (
        typeof value === 'number' &&
        (!Number.isFinite(value) || (Number.isInteger(value) && !Number.isSafeInteger(value)))
      ) {
        throw new InvalidParameterError(
          key || 'body',
          `JSON number${key ? ` '${key}'` : ''} is out of range; send large or precise numbers as strings.`,
        );
      }
      return value;
    });
  } catch (e) {
    if (e instanceof InvalidParameterError) throw e;
    throw new InvalidParameterError('body', `Request body is not valid JSON: ${(e as Error).message}`);
  }
  const fields = dataRecord<string>();
  if (json !== null && typeof json === 'object' && !Array.isArray(json)) {
    const members = Object.entries(json);
    if (members.length > BODY_LIMITS.jsonMembers) throw limitError('jsonMembers', 'too many JSON members');
    for (const [k, v] of members) {
      if (typeof v === 'string') fields[k] = v;
      else if (typeof v === 'number' || typeof v === 'boolean') fields[k] = String(v);
    }
  }
  return { kind: 'json', fields, files: dataRecord(), json };
}

/**
 * Multipart through busboy (loaded on first use). Every stream it hands out gets an `error` listener: busboy destroys an
 * unfinished file stream with its parse error ("Unexpected end of form"), and an `error` event
 * nobody listens to is thrown from the event loop, which ends the process. The promise settles
 * exactly once, whichever of parse error, limit or end comes first.
 */
async function parseMultipart(raw: Buffer, contentType: string): Promise<ParsedBody> {
  // Loaded on the first multipart request only: its own chunk of the bundle.
  const { default: createBusboy } = await import('busboy');
  return new Promise((resolve, reject) => {
    const fields = dataRecord<string>();
    const files = dataRecord<UploadedFile>();
    let settled = false;
    const fail = (e: Error) => {
      if (settled) return;
      settled = true;
      reject(e);
    };
    const malformed = (e: unknown) =>
      new InvalidParameterError('body', `Malformed multipart body: ${(e as Error)?.message ?? String(e)}`);
    let parser: Busboy.Busboy;
    try {
      parser = createBusboy({
        headers: { 'content-type': contentType },
        limits: {
          parts: BODY_LIMITS.parts,
          fields: BODY_LIMITS.fields,
          files: BODY_LIMITS.files,
          fileSize: BODY_LIMITS.fileSize,
          fieldSize: BODY_LIMITS.fieldSize,
          fieldNameSize: BODY_LIMITS.fieldNameSize,
          headerPairs: BODY_LIMITS.headerPairs,
        },
      });
    } catch (e) {
      reject(
        new InvalidParameterError('Content-Type', `Malformed multipart request: ${(e as Error).message}`),
      );
      return;
    }
    // busboy's multipart parser bounds a part's headers (16 KB) but not the name in them.
    const nameTooLong = (name: string | undefined) =>
      Buffer.byteLength(name ?? '') > BODY_LIMITS.fieldNameSize;
    parser.on('field', (name, value, info) => {
      if (info.nameTruncated || nameTooLong(name)) {
        return fail(limitError('fieldNameSize', 'a field name is too long'));
      }
      if (info.valueTruncated) {
        return fail(limitError('fieldSize', `field '${(name ?? '').slice(0, 64)}' is too long`));
      }
      // busboy reports a part with an empty name as `undefined`: keep it as '' so the operation
      // refuses it by name rather than storing a key "undefined".
      fields[name || ''] = value;
    });
    parser.on('file', (name, stream, info) => {
      const chunks: Buffer[] = [];
      stream.on('error', (e: Error) => fail(malformed(e)));
      if (nameTooLong(name)) {
        fail(limitError('fieldNameSize', 'a file part name is too long'));
        stream.resume();
        return;
      }
      stream.on('limit', () =>
        fail(limitError('fileSize', `file '${(name ?? '').slice(0, 64)}' is too large`)),
      );
      stream.on('data', (c: Buffer) => {
        if (!settled) chunks.push(c);
      });
      stream.on('end', () => {
        files[name || ''] = {
          filename: info.filename ?? name,
          contentType: info.mimeType || 'application/octet-stream',
          data: Buffer.concat(chunks),
        };
      });
    });
    parser.on('partsLimit', () => fail(limitError('parts', 'too many parts')));
    parser.on('fieldsLimit', () => fail(limitError('fields', 'too many fields')));
    parser.on('filesLimit', () => fail(limitError('files', 'too many files')));
    parser.on('error', (e: unknown) => fail(malformed(e)));
    parser.on('close', () => {
      if (settled) return;
      settled = true;
      resolve({ kind: 'multipart', fields, files });
    });
    try {
      parser.end(raw);
    } catch (e) {
      fail(malformed(e));
    }
  });
}
