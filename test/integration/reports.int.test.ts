import { PutCommand } from '@aws-sdk/lib-dynamodb';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { PDFParse } from 'pdf-parse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultServiceOptions } from '../../functions/domain/service-template.js';
import { builtinTemplate } from '../../functions/domain/templates/index.js';
import { ManualClock } from '../support/manual-clock.js';
import { basic, formBody, jsonBody, startTestServer, type TestServer } from '../support/test-server.js';

/**
 * Reports computed from events driven through the real API: the clock is injected and the
 * one-minute tick is run by hand, so every sample lands in a known minute.
 */
describe('reports: figures recorded as things happen, rolled up on read', () => {
  let s: TestServer;
  const clock = new ManualClock(Date.parse('2026-12-01T10:00:10Z'));
  let n = 0;
  const nextNumber = () => `5553${String(++n).padStart(6, '0')}`;

  async function until<T>(read: () => Promise<T>, check: (value: T) => boolean): Promise<T> {
    let value = await read();
    for (let i = 0; i < 200 && !check(value); i++) {
      await new Promise((r) => setTimeout(r, 50));
      value = await read();
    }
    expect(check(value), JSON.stringify(value)).toBe(true);
    return value;
  }
  const put = async (path: string, body: unknown) => {
    const res = await s.admin(path, jsonBody(body, 'PUT'));
    expect(res.status, await res.clone().text()).toBe(200);
  };
  const report = async (path: string) => {
    const res = await s.admin(`/admin/reports/${path}`);
    expect(res.status, await res.clone().text()).toBe(200);
    return res.json();
  };
  const waitingOf = async (service: string) => (await s.deps.routing.waitingByService()).get(service) ?? 0;
  const createCallback = async (service: string) => {
    const res = await s.fetch(`/service/callback/${service}`, jsonBody({ _customer_number: nextNumber() }));
    expect(res.status, await res.clone().text()).toBe(200);
    return (await res.json())._id as string;
  };
  const agentPost = async (id: string, action: string, body: unknown = {}) => {
    const res = await s.admin(`/agents/${id}/${action}`, jsonBody(body));
    expect(res.status, await res.clone().text()).toBe(200);
    return res.json();
  };
  const agentIn = (id: string, state: string) =>
    until(
      async () => (await s.admin(`/agents/${id}`)).json(),
      (a) => a.state === state,
    );

  beforeAll(async () => {
    // Ticks only when a test runs one, so samples land exactly where the test puts the clock.
    s = await startTestServer({ clock, tickIntervalMs: 3_600_000 });
    const template = builtinTemplate('callback')!;
    await put('/admin/services/wm', {
      ...defaultServiceOptions(template, 'User-Terminated-Immediate'),
      _target: 'Nobody@StatServer.GA',
    });
    await put('/admin/services/ht', {
      ...defaultServiceOptions(template, 'Chat-Immediate'),
      _target: 'Holders@StatServer.GA',
    });
    await put('/admin/resources/P1', {
      _allocation_strategy: 'sequential',
      _booking_expiration_timeout: '30',
      a: '6504100001',
      b: '6504100002',
      c: '6504100003',
    });
    await put('/admin/resources/P2', { _booking_expiration_timeout: '30', a: '6504200001' });
    await put('/admin/services/ri', {
      _type: 'builtin',
      _service: 'request-interaction',
      _resource_group: 'P1',
    });
    await put('/admin/services/ri2', {
      _type: 'builtin',
      _service: 'request-interaction',
      _resource_group: 'P2',
    });
    await put('/admin/services/hello', {
      _type: 'builtin',
      _service: 'get',
      _online_code: '200',
      _offline_code: '503',
      greeting: 'hi',
    });
    await put('/admin/users/super', { password: 'super-password', roles: ['Supervisor'] });
    await put('/admin/users/reader', { password: 'reader-password', roles: ['CallbackReadOnly'] });
  });
  afterAll(async () => {
    await s?.stop();
  });

  it("watermark: 20 QUEUED in one minute, none for the other 14 -> Min 0, Max 20, Avg 1 (the seed's example)", async () => {
    clock.set('2026-12-01T10:00:10Z');
    const ids = await Promise.all(Array.from({ length: 20 }, () => createCallback('wm')));
    await until(
      () => waitingOf('wm'),
      (count) => count === 20,
    );
    await s.tick();
    for (const id of ids) {
      expect((await s.fetch(`/service/callback/wm/${id}`, { method: 'DELETE' })).status).toBe(200);
    }
    for (let minute = 1; minute < 15; minute++) {
      clock.set(`2026-12-01T10:${String(minute).padStart(2, '0')}:10Z`);
      await s.tick();
    }
    const quarter = await report(
      'callbacks/watermark?service=wm&range=custom&start=2026-12-01T10:00:00Z&end=2026-12-01T10:30:00Z&interval=15m',
    );
    expect(quarter.columns.map((c: { key: string }) => c.key)).toEqual([
      'period',
      'min',
      'max',
      'avg',
      'samples',
    ]);
    expect(quarter.rows).toEqual([
      { period: '2026-12-01 10:00', min: 0, max: 20, avg: 1, samples: 15 },
      { period: '2026-12-01 10:15', min: null, max: null, avg: null, samples: 0 },
    ]);
    expect(quarter.periods[0]).toEqual({
      start: '2026-12-01T10:00:00.000Z',
      end: '2026-12-01T10:15:00.000Z',
    });
    // The same minutes per hour, and on a Paris wall clock (11:00 there).
    const hour = await report(
      'callbacks/watermark?range=custom&start=2026-12-01T11:00&end=2026-12-01T12:00&interval=1h&timezone=Europe/Paris',
    );
    expect(hour.rows).toEqual([{ period: '2026-12-01 11:00', min: 0, max: 20, avg: 1, samples: 15 }]);

    const states = await report('callbacks?service=wm&range=custom&start=2026-12-01T10:00:00Z&interval=all');
    expect(states.rows[0]).toMatchObject({
      QUEUED: 20,
      COMPLETED: 20,
      'reason:CANCELLED': 20,
      PROCESSING: 0,
    });
    expect(states.columns.map((c: { label: string }) => c.label)).toContain('COMPLETED (CANCELLED)');
  });

  it('holdtime: waits from QUEUED to agent connected, and agent handle times, by media type', async () => {
    clock.set('2026-12-01T12:00:00Z');
    const first = await createCallback('ht');
    clock.advance(30);
    await agentPost('holder', 'login', { groups: ['Holders'], ready: true });
    await agentIn('holder', 'RESERVED');
    await agentPost('holder', 'accept');
    clock.advance(20);
    await agentPost('holder', 'complete');
    const second = await createCallback('ht');
    await agentIn('holder', 'RESERVED');
    clock.advance(90);
    await agentPost('holder', 'accept');
    clock.advance(10);
    await agentPost('holder', 'complete');
    expect(first).not.toBe(second);

    const chat = await report(
      'callbacks/holdtime?media=chat&range=custom&start=2026-12-01T12:00:00Z&interval=1h',
    );
    expect(chat.rows[0]).toEqual({
      period: '2026-12-01 12:00',
      holds: 2,
      avgHold: 60,
      maxHold: 90,
      handled: 2,
      avgHandle: 15,
    });
    const voice = await report('callbacks/holdtime?range=custom&start=2026-12-01T12:00:00Z&interval=1h');
    expect(voice.rows[0]).toMatchObject({ holds: 0, avgHold: null, maxHold: null });
  });

  it('resources, AHT and service exits: allocations, exhaustion, matches and timeouts by pool', async () => {
    clock.set('2026-12-01T13:00:05Z');
    const numbers: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await s.fetch('/service/ri', formBody({ _phone_number: `650999000${i}` }));
      expect(res.status, await res.clone().text()).toBe(200);
      numbers.push((await res.json())._access_number);
    }
    const exhausted = await s.fetch('/service/ri', formBody({ _phone_number: '6509990009' }));
    expect(exhausted.status).toBe(503);
    await s.tick();
    const match = async (i: number) => {
      const res = await s.fetch(
        '/service/match-interaction',
        formBody({ _access_number: numbers[i]!, _phone_number: `650999000${i}` }),
      );
      expect(res.status, await res.clone().text()).toBe(200);
    };
    clock.advance(10);
    await match(0);
    clock.advance(10);
    await match(1);
    // The third is never called: its 30 s booking runs out, and the next tick frees it.
    clock.set('2026-12-01T13:02:00Z');
    await s.tick();

    // P2: its only number times out and is taken again by the next allocation, not by the tick.
    const once = await s.fetch('/service/ri2', formBody({ _phone_number: '6509990010' }));
    expect(once.status, await once.clone().text()).toBe(200);
    clock.advance(40);
    const again = await s.fetch('/service/ri2', formBody({ _phone_number: '6509990011' }));
    expect(again.status, await again.clone().text()).toBe(200);
    await s.tick();

    const range = 'range=custom&start=2026-12-01T13:00:00Z&end=2026-12-01T14:00:00Z&interval=1h';
    const p1 = await report(`resources?group=P1&${range}`);
    expect(p1.rows).toEqual([
      {
        period: '2026-12-01 13:00',
        allocated: 3,
        exhausted: 1,
        matched: 2,
        timeouts: 1,
        inUse: 3,
        available: 0,
        total: 3,
      },
    ]);
    const aht = await report(`operational/aht?group=P1&group=P2&${range}`);
    expect(aht.columns.map((c: { label: string }) => c.label)).toEqual([
      'Period',
      'P1 AHT',
      'P1 matched',
      'P2 AHT',
      'P2 matched',
    ]);
    expect(aht.rows[0]).toEqual({
      period: '2026-12-01 13:00',
      aht0: 15,
      matched0: 2,
      aht1: null,
      matched1: 0,
    });
    const exits = await report(`operational/service-exits?${range}`);
    const labels = exits.columns.map((c: { label: string }) => c.label);
    const row = exits.rows[0];
    const cell = (label: string) => row[exits.columns[labels.indexOf(label)].key];
    expect([cell('P1 match'), cell('P1 timeout'), cell('P2 match'), cell('P2 timeout')]).toEqual([
      2, 1, 0, 1,
    ]);

    const live = await report('operational/availability');
    expect(live.rows).toEqual(
      expect.arrayContaining([
        { pool: 'P1', total: 3, inUse: 0, available: 3 },
        { pool: 'P2', total: 1, inUse: 1, available: 0 },
      ]),
    );
    const services = await report(`services?service=ri&service=match-interaction&${range}`);
    expect(services.rows[0]).toEqual({ period: '2026-12-01 13:00', s0: 4, s1: 2, total: 6 });
  });

  it('counts 200 concurrent accesses exactly', async () => {
    clock.set('2026-12-01T15:00:30Z');
    const results = await Promise.all(Array.from({ length: 200 }, () => s.fetch('/service/hello')));
    expect(results.every((r) => r.status === 200)).toBe(true);
    const got = await report('services?service=hello&range=custom&start=2026-12-01T15:00:00Z&interval=15m');
    expect(got.rows[0]).toMatchObject({ period: '2026-12-01 15:00', s0: 200, total: 200 });
    expect(got.rows).toHaveLength(4 * 24);
  });

  it('counts every callback create as a service access: an admitted one in the same write as its created count', async () => {
    clock.set('2026-12-01T18:05:10Z');
    const metricWrites: string[] = [];
    s.deps.doc.middlewareStack.add(
      (next, context) => async (args) => {
        const input = args.input as { TableName?: string; Key?: { pk?: string } };
        if (input.TableName === s.deps.runtime.tables.metrics && context.commandName?.startsWith('Update')) {
          metricWrites.push(String(input.Key?.pk));
        }
        return next(args);
      },
      { step: 'initialize', name: 'recordMetricWrites' },
    );
    try {
      await createCallback('wm');
    } finally {
      s.deps.doc.middlewareStack.remove('recordMetricWrites');
    }
    // The access and the created count: one update of the callback series, none of the service's.
    expect(metricWrites.filter((pk) => pk.startsWith('callback#wm#') || pk.startsWith('service#wm'))).toEqual(
      [expect.stringMatching(/^callback#wm#/)],
    );
    await createCallback('wm');
    const refused = await s.fetch(
      '/service/callback/wm',
      jsonBody({ _customer_number: nextNumber(), _desired_time: 'soon' }),
    );
    expect(refused.status).toBe(400);
    const range = 'range=custom&start=2026-12-01T18:00:00Z&end=2026-12-01T19:00:00Z&interval=1h';
    const got = await report(`services?service=wm&${range}`);
    expect(got.rows[0]).toMatchObject({ period: '2026-12-01 18:00', s0: 3, total: 3 });
  });

  it('figures stored in the old hourly shape still count, beside new ones of the same hour', async () => {
    const hour = Date.parse('2026-12-01T16:00:00Z');
    const legacy = async (pk: string, figures: Record<string, number>) =>
      s.deps.doc.send(
        new PutCommand({
          TableName: s.deps.runtime.tables.metrics,
          Item: { pk, sk: hour, ttl: Math.ceil(hour / 1000) + 86_400, ...figures },
        }),
      );
    // As the store wrote them before the upgrade: one item per series and hour, `<figure>@<minute>`.
    await legacy('media#chat', {
      'holds@02': 2,
      'holdSeconds@02': 100,
      'holdMax@02': 70,
      'handled@02': 1,
      'handleSeconds@02': 30,
    });
    await legacy('service#hello', { 'accesses@02': 5 });
    await legacy('callback#wm', { 'entered.QUEUED@02': 4, 'queued@02': 9 });
    clock.set('2026-12-01T16:02:10Z');
    expect((await s.fetch('/service/hello')).status).toBe(200);
    await createCallback('wm');
    const range = 'range=custom&start=2026-12-01T16:00:00Z&end=2026-12-01T17:00:00Z&interval=1h';

    const chat = await report(`callbacks/holdtime?media=chat&${range}`);
    expect(chat.rows[0]).toEqual({
      period: '2026-12-01 16:00',
      holds: 2,
      avgHold: 50,
      maxHold: 70,
      handled: 1,
      avgHandle: 30,
    });
    const services = await report(`services?service=hello&${range}`);
    expect(services.rows[0]).toMatchObject({ s0: 6, total: 6 });
    const states = await report(`callbacks?service=wm&${range}`);
    expect(states.rows[0]).toMatchObject({ QUEUED: 5 });
    const watermark = await report(`callbacks/watermark?service=wm&${range}`);
    expect(watermark.rows[0]).toMatchObject({ min: 9, max: 9, samples: 1 });
  });

  it('exports the same table as CSV, XLSX and PDF (with the chart)', async () => {
    const path =
      'callbacks/watermark?service=wm&range=custom&start=2026-12-01T10:00:00Z&end=2026-12-01T11:00:00Z&interval=15m';
    const csv = await s.admin(`/admin/reports/${path}&format=csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.headers.get('content-disposition')).toMatch(/^attachment; filename="watermark-.*\.csv"$/);
    const rows = parse(await csv.text()) as string[][];
    expect(rows[0]).toEqual(['Period', 'MIN', 'MAX', 'AVG', 'Minutes sampled']);
    expect(rows[1]).toEqual(['2026-12-01 10:00', '0', '20', '1', '15']);
    expect(rows).toHaveLength(5);

    const xlsx = await s.admin(`/admin/reports/${path}&format=xlsx`);
    expect(xlsx.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as never);
    const values: unknown[][] = [];
    book.worksheets[0]!.eachRow((r) => values.push((r.values as unknown[]).slice(1)));
    expect(values).toContainEqual(['2026-12-01 10:00', 0, 20, 1, 15]);

    const pdf = await s.admin(`/admin/reports/${path}&format=pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const buffer = Buffer.from(await pdf.arrayBuffer());
    expect(buffer.subarray(0, 5).toString()).toBe('%PDF-');
    const parser = new PDFParse({ data: buffer });
    const { text } = await parser.getText();
    await parser.destroy();
    expect(text).toContain('Callback watermark (QUEUED): wm');
    expect(text).toContain('2026-12-01 10:00');
  });

  it('refuses bad input with a 400 naming the parameter, unknown names with 404, and checks roles', async () => {
    const bad = async (query: string, parameter: string) => {
      const res = await s.admin(`/admin/reports/callbacks/watermark?${query}`);
      const body = await res.json();
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(body.parameter).toBe(parameter);
      expect(body.message).toEqual(expect.any(String));
    };
    await bad('range=fortnight', 'range');
    await bad('interval=2h', 'interval');
    await bad('timezone=Mars/Olympus', 'timezone');
    await bad('range=custom', 'start');
    await bad('start=yesterday-ish', 'start');
    await bad('start=2026-12-02&end=2026-12-01', 'end');
    await bad('start=2026-01-01&end=2026-12-01&interval=1d', 'end');
    await bad('start=2026-09-01&end=2026-11-30&interval=15m', 'interval');
    await bad('format=docx', 'format');
    expect((await s.admin('/admin/reports/resources')).status).toBe(400);
    expect((await s.admin('/admin/reports/resources?group=NOPE')).status).toBe(404);
    expect((await s.admin('/admin/reports/callbacks?service=hello')).status).toBe(404);

    expect((await s.fetch('/admin/reports/operational/availability')).status).toBe(401);
    const reader = await s.fetch('/admin/reports/operational/availability', {
      headers: { authorization: basic('reader', 'reader-password') },
    });
    expect(reader.status).toBe(403);
    const supervisor = await s.fetch('/admin/reports/operational/availability', {
      headers: { authorization: basic('super', 'super-password') },
    });
    expect(supervisor.status).toBe(200);
  });
});
