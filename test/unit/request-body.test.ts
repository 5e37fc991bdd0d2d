import { describe, expect, it } from 'vitest';
import {
  InvalidParameterError,
  PayloadTooLargeError,
  UnsupportedMediaTypeError,
} from '../../functions/domain/errors.js';
import { MAX_BODY_BYTES, parseBody } from '../../functions/http/request-body.js';

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
});
