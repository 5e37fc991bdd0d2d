import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonBody, startTestServer, type TestServer } from '../support/test-server.js';

// Friday 2026-10-30, 11:00 in New York (EDT), 16:00 in Paris (CET since 10-25).
const NOW = Date.parse('2026-10-30T15:00:00Z');

let s: TestServer;

async function configure(name: string, options: Record<string, string>): Promise<void> {
  const res = await s.admin(`/admin/services/${name}`, jsonBody(options, 'PUT'));
  expect(res.status, await res.clone().text()).toBe(200);
}

/**
 * Stores options without the management API's template checks, as a hand-edited configuration
 * could: the services must still answer a clear error for them.
 */
async function configureUnchecked(name: string, options: Record<string, string>): Promise<void> {
  await s.deps.config.put('service', name, options);
}

async function setNode(status: 'ONLINE' | 'OFFLINE'): Promise<void> {
  const res = await s.admin(`/admin/node/changestatus/${status}`, { method: 'POST' });
  expect(res.status).toBe(200);
}

async function getJson(
  path: string,
): Promise<{ status: number; body: Record<string, unknown>; type: string | null }> {
  const res = await s.fetch(path);
  return {
    status: res.status,
    body: (await res.json()) as Record<string, unknown>,
    type: res.headers.get('content-type'),
  };
}

const officeHours = (timezone: string) => ({
  _type: 'builtin',
  _service: 'office-hours',
  _timezone: timezone,
  _ttl: '30',
  _bh_regular1: 'Mon-Fri 08:00-20:00',
});

beforeAll(async () => {
  s = await startTestServer({ clock: { now: () => NOW } });
  await configure('lb-check', {
    _type: 'builtin',
    _service: 'get',
    _online_code: '200',
    _offline_code: '503',
    custom_parameter_1: 'value1',
    custom_parameter_2: 'value2',
  });
  await configure('lb-check-404', {
    _type: 'builtin',
    _service: 'get',
    _online_code: '200',
    _offline_code: '404',
    note: 'out',
  });
  await configureUnchecked('lb-bad-code', { _type: 'builtin', _service: 'get', _online_code: 'fine' });
  await configure('basicget', {
    _service: 'basic_get',
    _type: 'builtin',
    error_code: '200 OK',
    result: '200',
  });
  await configure('basicget-404', {
    _service: 'basic_get',
    _type: 'builtin',
    error_code: '404 Not Found',
    result: '404',
  });
  await configureUnchecked('basicget-none', {
    _service: 'basic_get',
    _type: 'builtin',
    error_code: '200 OK',
  });
  await configure('hours-paris', officeHours('Europe/Paris'));
  await configure('hours-ny', {
    ...officeHours('America/New_York'),
    _holiday1: '2026-11-03',
    _bh_add1: '11-03 10:00-12:00',
  });
  await configureUnchecked('hours-bad-zone', officeHours('Europe/Atlantis'));
});

afterAll(async () => {
  await s?.stop();
});

describe('get service (load-balancer health check)', () => {
  it('answers 200 with only the options without a leading underscore while ONLINE', async () => {
    const r = await getJson('/service/lb-check');
    expect(r.status).toBe(200);
    expect(r.type).toMatch(/^application\/json/);
    expect(r.body).toEqual({ custom_parameter_1: 'value1', custom_parameter_2: 'value2' });
  });

  it('answers _offline_code with a GMS error body while OFFLINE, and 200 again once ONLINE', async () => {
    await setNode('OFFLINE');
    try {
      const r = await getJson('/service/lb-check');
      expect(r.status).toBe(503);
      expect(r.body).toMatchObject({
        code: 503,
        phrase: 'Service Unavailable',
        exception: expect.any(String),
      });
      expect(r.body.message).toMatch(/OFFLINE/);
      expect(r.body).not.toHaveProperty('custom_parameter_1');

      const custom = await getJson('/service/lb-check-404');
      expect(custom.status).toBe(404);
      expect(custom.body).toMatchObject({ code: 404, phrase: 'Not Found' });
    } finally {
      await setNode('ONLINE');
    }
    expect((await getJson('/service/lb-check')).status).toBe(200);
    expect((await getJson('/service/lb-check-404')).body).toEqual({ note: 'out' });
  });

  it('names a misconfigured status code option', async () => {
    const r = await getJson('/service/lb-bad-code');
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ parameter: '_online_code', code: 400 });
    expect(r.body.message).toMatch(/lb-bad-code.*200 to 599/);
  });

  it('refuses POST: a get service is queried, not created', async () => {
    const res = await s.fetch('/service/lb-check', jsonBody({ a: 'b' }));
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ parameter: 'method' });
  });
});

describe('basic_get service', () => {
  it('answers result=200 with the options without a leading underscore (seed example)', async () => {
    const r = await getJson('/service/basicget');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ result: '200', error_code: '200 OK' });
  });

  it('answers result=404 as a 404 GMS error whose message is error_code', async () => {
    const r = await getJson('/service/basicget-404');
    expect(r.status).toBe(404);
    expect(r.body).toMatchObject({ code: 404, phrase: 'Not Found', message: '404 Not Found' });
  });

  it('names the missing mandatory result option', async () => {
    const r = await getJson('/service/basicget-none');
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ parameter: 'result' });
  });
});

describe('office-hours service', () => {
  it('answers for the spring-forward weekend in Paris with exact UTC periods', async () => {
    const r = await getJson('/service/hours-paris?start=2026-03-27T12:00:00Z&end=2026-03-30T12:00:00Z');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      error: null,
      timezone: 'Europe/Paris',
      start: '2026-03-27T12:00:00.000Z',
      end: '2026-03-30T12:00:00.000Z',
      open: true,
      periods: [
        { start: '2026-03-27T07:00:00.000Z', end: '2026-03-27T19:00:00.000Z' },
        { start: '2026-03-30T06:00:00.000Z', end: '2026-03-30T18:00:00.000Z' },
      ],
      days: [
        {
          date: '2026-03-27',
          periods: [{ start: '2026-03-27T07:00:00.000Z', end: '2026-03-27T19:00:00.000Z' }],
        },
        { date: '2026-03-28', periods: [] },
        { date: '2026-03-29', periods: [] },
        {
          date: '2026-03-30',
          periods: [{ start: '2026-03-30T06:00:00.000Z', end: '2026-03-30T18:00:00.000Z' }],
        },
      ],
    });
  });

  it('counts number-of-days in local dates across the Paris fall-back change', async () => {
    const r = await getJson('/service/hours-paris?start=2026-10-23T12:00:00Z&number-of-days=4');
    expect(r.status).toBe(200);
    // The fourth local date is Monday 10-26; its end is local midnight, 23:00Z in CET.
    expect(r.body.end).toBe('2026-10-26T23:00:00.000Z');
    expect(r.body.days).toEqual([
      {
        date: '2026-10-23',
        periods: [{ start: '2026-10-23T06:00:00.000Z', end: '2026-10-23T18:00:00.000Z' }],
      },
      { date: '2026-10-24', periods: [] },
      { date: '2026-10-25', periods: [] },
      {
        date: '2026-10-26',
        periods: [{ start: '2026-10-26T07:00:00.000Z', end: '2026-10-26T19:00:00.000Z' }],
      },
    ]);
  });

  it('defaults start to now (injected clock) across the New York fall-back week, with holiday and addition', async () => {
    const r = await getJson('/service/hours-ny?number-of-days=5');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      error: null,
      timezone: 'America/New_York',
      start: '2026-10-30T15:00:00.000Z',
      open: true,
    });
    expect(r.body.days).toEqual([
      {
        date: '2026-10-30',
        periods: [{ start: '2026-10-30T12:00:00.000Z', end: '2026-10-31T00:00:00.000Z' }],
      },
      { date: '2026-10-31', periods: [] },
      { date: '2026-11-01', periods: [] },
      {
        date: '2026-11-02',
        periods: [{ start: '2026-11-02T13:00:00.000Z', end: '2026-11-03T01:00:00.000Z' }],
      },
      // Holiday, but its _bh_add hours still open (additions win): 10:00-12:00 EST.
      {
        date: '2026-11-03',
        periods: [{ start: '2026-11-03T15:00:00.000Z', end: '2026-11-03T17:00:00.000Z' }],
      },
    ]);
  });

  it('answers the New York spring-forward week from an explicit start', async () => {
    const r = await getJson('/service/hours-ny?start=2026-03-06T15:00:00Z&end=2026-03-09T15:00:00Z');
    expect(r.status).toBe(200);
    expect(r.body.periods).toEqual([
      { start: '2026-03-06T13:00:00.000Z', end: '2026-03-07T01:00:00.000Z' },
      { start: '2026-03-09T12:00:00.000Z', end: '2026-03-10T00:00:00.000Z' },
    ]);
  });

  it('answers whether it is open for a zero-length range (no parameters: now)', async () => {
    const now = await getJson('/service/hours-ny');
    expect(now.status).toBe(200);
    expect(now.body).toMatchObject({
      start: '2026-10-30T15:00:00.000Z',
      end: '2026-10-30T15:00:00.000Z',
      open: true,
    });
    expect(now.body.days).toEqual([
      {
        date: '2026-10-30',
        periods: [{ start: '2026-10-30T12:00:00.000Z', end: '2026-10-31T00:00:00.000Z' }],
      },
    ]);

    const saturday = await getJson('/service/hours-ny?start=2026-10-31T15:00:00Z');
    expect(saturday.body).toMatchObject({
      open: false,
      periods: [],
      days: [{ date: '2026-10-31', periods: [] }],
    });
  });

  it('reads an offset whose "+" arrived unencoded', async () => {
    const r = await getJson('/service/hours-paris?start=2026-03-27T13:00:00+01:00');
    expect(r.status).toBe(200);
    expect(r.body.start).toBe('2026-03-27T12:00:00.000Z');
  });

  it.each([
    ['start=yesterday', 'start'],
    ['start=2026-13-01T00:00:00Z', 'start'],
    ['start=2026-03-27T12:00:00Z&end=soon', 'end'],
    ['start=2026-03-27T12:00:00Z&end=2026-03-26T12:00:00Z', 'end'],
    ['start=2026-01-01T00:00:00Z&end=2027-06-01T00:00:00Z', 'end'],
    ['number-of-days=0', 'number-of-days'],
    ['number-of-days=many', 'number-of-days'],
    ['end=2026-11-01T00:00:00Z&number-of-days=2', 'number-of-days'],
  ])('rejects %s naming %s', async (query, parameter) => {
    const r = await getJson(`/service/hours-paris?${query}`);
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ parameter, code: 400 });
  });

  it('names a misconfigured _timezone', async () => {
    const r = await getJson('/service/hours-bad-zone');
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ parameter: '_timezone' });
  });
});

it('answers 404 for a service that is not configured', async () => {
  const r = await getJson('/service/no-such-service');
  expect(r.status).toBe(404);
  expect(r.body).toMatchObject({ code: 404 });
});
