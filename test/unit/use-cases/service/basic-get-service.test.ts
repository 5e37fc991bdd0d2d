import { describe, expect, it } from 'vitest';
import { ConfiguredStatusError, InvalidParameterError } from '../../../../functions/domain/errors.js';
import { basicGetService } from '../../../../functions/use-cases/service/basic-get-service.js';
import { getService, type GetServicePorts } from '../../../../functions/use-cases/service/get-service.js';

const service = (type: 'get' | 'basic_get', options: Record<string, string>) => ({
  name: 'svc',
  type,
  options: { _type: 'builtin', _service: type, ...options },
});
const node = (status: string) => ({ node: { get: async () => status } }) as unknown as GetServicePorts;

describe('query-style services', () => {
  it('basic_get answers its result with the options without a leading "_"', () => {
    expect(basicGetService(service('basic_get', { result: '200', error_code: '200 OK' }))).toEqual({
      status: 200,
      body: { result: '200', error_code: '200 OK' },
    });
    expect(basicGetService(service('basic_get', { result: '204' }))).toEqual({ status: 204 });
    expect(() => basicGetService(service('basic_get', { result: '404', error_code: 'gone' }))).toThrow(
      new ConfiguredStatusError(404, 'gone'),
    );
    expect(() => basicGetService(service('basic_get', {}))).toThrow(InvalidParameterError);
  });

  it('get answers _online_code while ONLINE and _offline_code otherwise', async () => {
    await expect(getService(node('ONLINE'), service('get', { _online_code: '201' }))).resolves.toEqual({
      status: 201,
      body: {},
    });
    await expect(getService(node('OFFLINE'), service('get', {}))).rejects.toThrow(
      "Service 'svc': node is OFFLINE.",
    );
    await expect(getService(node('ONLINE'), service('get', { _online_code: '150' }))).rejects.toThrow(
      "Service 'svc' is misconfigured: option '_online_code' must be an HTTP status code from 200 to 599, not '150'.",
    );
  });
});
