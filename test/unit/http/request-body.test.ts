import { describe, expect, it } from 'vitest';
import {
  InvalidParameterError,
  PayloadTooLargeError,
  UnsupportedMediaTypeError,
} from '../../../functions/domain/errors.js';
import { BODY_LIMITS, MAX_BODY_BYTES, parseBody } from '../../../functions/http/request-body.js';

describe('parseBody', () => {
  it('reads urlencoded forms', async () => {
    const body = await parseBody(
      Buffer.from('_phone_number=%2B331&a=b+c'),
      'application/x-www-form-urlencoded; charset=UTF-8',
    );
    expect(body).toEqual({ kind: 'form', fields: { _phone_number: '+331', a: 'b c' }, files: {} });
  });

  it('reads JSON objects, keeping scalars as string fields and the whole value', async () => {
    const body = await parseBody(Buffer.from('{"a":"x","n":5,"b":true,"o":{"k":1}}'), 'application/json');
    expect(body.fields).toEqual({ a: 'x', n: '5', b: 'true' });
    expect(body.json).toEqual({ a: 'x', n: 5, b: true, o: { k: 1 } });
  });

  it('reads multipart fields and files', async () => {
    const form = new FormData();
    form.append('name', 'value');
    form.append('file', new Blob([Buffer.from('hello')], { type: 'text/x-test' }), 'h.txt');
    const req = new Request('http://x', { method: 'POST', body: form });
    const raw = Buffer.from(await req.arrayBuffer());
    const body = await parseBody(raw, req.headers.get('content-type')!);
    expect(body.fields).toEqual({ name: 'value' });
    expect(body.files.file).toMatchObject({ filename: 'h.txt', contentType: 'text/x-test' });
    expect(body.files.file!.data.toString()).toBe('hello');
  });

  it('names the problem for malformed input', async () => {
    await expect(parseBody(Buffer.from('{'), 'application/json')).rejects.toBeInstanceOf(
      InvalidParameterError,
    );
    await expect(parseBody(Buffer.from('x'), 'text/csv')).rejects.toBeInstanceOf(UnsupportedMediaTypeError);
    await expect(parseBody(Buffer.from('x'), 'multipart/form-data')).rejects.toBeInstanceOf(
      InvalidParameterError,
    );
    await expect(parseBody(Buffer.alloc(MAX_BODY_BYTES + 1), 'application/json')).rejects.toBeInstanceOf(
      PayloadTooLargeError,
    );
  });

  it('treats an empty body as no parameters whatever its type', async () => {
    expect(await parseBody(Buffer.alloc(0), 'application/json')).toEqual({
      kind: 'none',
      fields: {},
      files: {},
    });
  });

  const multipart = (parts: string, boundary = 'zz') =>
    parseBody(Buffer.from(parts), `multipart/form-data; boundary=${boundary}`);

  it('a file part that never closes is a 400, not an unhandled stream error', async () => {
    const unclosed = '--zz\r\nContent-Disposition: form-data; name="f"; filename="a.txt"\r\n\r\nhello';
    const error = await multipart(unclosed).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidParameterError);
    expect((error as Error).message).toBe('Malformed multipart body: Unexpected end of form');
    // Still no stray error once the event loop has run the stream's callbacks.
    await new Promise((r) => setTimeout(r, 20));
  });

  it('malformed multipart of every kind is refused with a 4xx error, never thrown past the promise', async () => {
    const bodies = [
      '--zz\r\nNot a header\r\n\r\nv\r\n--zz--\r\n',
      `--zz\r\nContent-Disposition: form-data; name="${'h'.repeat(20_000)}"\r\n\r\nv\r\n--zz--\r\n`,
      '--zz\r\nContent-Disposition: form-data; name="a"\r\n\r\nv',
      '--zz',
      'no boundary at all',
    ];
    for (const body of bodies) {
      await expect(multipart(body)).rejects.toSatisfy(
        (e) => e instanceof InvalidParameterError || e instanceof PayloadTooLargeError,
      );
    }
    await expect(parseBody(Buffer.from('x'), 'multipart/form-data; boundary=')).rejects.toBeInstanceOf(
      InvalidParameterError,
    );
  });

  it('each body limit exceeded is a 413 naming it', async () => {
    const part = (name: string, v = 'v', extra = '') =>
      `--zz\r\nContent-Disposition: form-data; name="${name}"${extra}\r\n\r\n${v}\r\n`;
    const cases: [string, Promise<unknown>][] = [
      [
        'parts',
        multipart(Array.from({ length: BODY_LIMITS.parts + 1 }, (_, i) => part(`p${i}`)).join('') + '--zz--'),
      ],
      [
        'files',
        multipart(
          Array.from({ length: BODY_LIMITS.files + 1 }, (_, i) =>
            part(`f${i}`, 'x', `; filename="f${i}"`),
          ).join('') + '--zz--',
        ),
      ],
      ['fieldNameSize', multipart(part('n'.repeat(BODY_LIMITS.fieldNameSize + 1)) + '--zz--')],
      ['fieldSize', multipart(part('big', 'v'.repeat(BODY_LIMITS.fieldSize + 1)) + '--zz--')],
      [
        'fields',
        parseBody(
          Buffer.from(Array.from({ length: BODY_LIMITS.fields + 1 }, (_, i) => `k${i}=v`).join('&')),
          'application/x-www-form-urlencoded',
        ),
      ],
      [
        'jsonMembers',
        parseBody(
          Buffer.from(
            JSON.stringify(
              Object.fromEntries(Array.from({ length: BODY_LIMITS.jsonMembers + 1 }, (_, i) => [`k${i}`, 1])),
            ),
          ),
          'application/json',
        ),
      ],
    ];
    for (const [limit, parsing] of cases) {
      const error = await parsing.catch((e: unknown) => e);
      expect(error, limit).toBeInstanceOf(PayloadTooLargeError);
      expect((error as Error).message, limit).toContain(`the ${limit} limit`);
    }
  });

  it('a JSON object as big as a 10,000-number resource group is within the limits', async () => {
    const pool = Object.fromEntries(
      Array.from({ length: 10_000 }, (_, i) => [`dnis${i}`, String(6_504_660_000 + i)]),
    );
    const parsed = await parseBody(
      Buffer.from(JSON.stringify({ _allocation_strategy: 'random', ...pool })),
      'application/json',
    );
    expect(Object.keys(parsed.fields)).toHaveLength(10_001);
    expect(parsed.fields.dnis9999).toBe('6504669999');
  });

  it('JSON nested past the depth limit, or with numbers DynamoDB cannot hold, is a 400', async () => {
    const deep = '['.repeat(BODY_LIMITS.jsonDepth + 1) + ']'.repeat(BODY_LIMITS.jsonDepth + 1);
    await expect(parseBody(Buffer.from(deep), 'application/json')).rejects.toThrow(/jsonDepth/);
    // Brackets inside strings are not nesting.
    const inString = JSON.stringify({ a: '['.repeat(1000) });
    expect((await parseBody(Buffer.from(inString), 'application/json')).fields.a).toHaveLength(1000);
    for (const text of ['{"n":1e400}', '{"n":123456789012345678901}', '[-1e999]']) {
      await expect(parseBody(Buffer.from(text), 'application/json')).rejects.toBeInstanceOf(
        InvalidParameterError,
      );
    }
    expect(
      (await parseBody(Buffer.from('{"n":1.5,"m":9007199254740991}'), 'application/json')).fields,
    ).toEqual({
      n: '1.5',
      m: '9007199254740991',
    });
  });

  it('__proto__, constructor and prototype are ordinary fields in every body kind', async () => {
    const expected = [
      ['__proto__', 'p'],
      ['constructor', 'c'],
      ['prototype', 't'],
    ];
    const form = await parseBody(
      Buffer.from('__proto__=p&constructor=c&prototype=t'),
      'application/x-www-form-urlencoded',
    );
    const json = await parseBody(
      Buffer.from('{"__proto__":"p","constructor":"c","prototype":"t"}'),
      'application/json',
    );
    const parts = await multipart(
      expected
        .map(([k, v]) => `--zz\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`)
        .join('') + '--zz--\r\n',
    );
    for (const body of [form, json, parts]) {
      expect(Object.entries(body.fields).sort()).toEqual(expected);
      expect(Object.getPrototypeOf(body.fields)).toBeNull();
      // An absent key is absent, not inherited.
      expect(body.fields.toString).toBeUndefined();
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    }
  });
});
