/// <reference lib="dom" />
import { readFile } from 'node:fs/promises';
import { DateTime } from 'luxon';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultServiceOptions } from '../../functions/domain/service-template.js';
import { builtinTemplate } from '../../functions/domain/templates/index.js';
import { launchBrowser, screenshot, signIn, type TestBrowser } from '../support/browser.js';
import { jsonBody, startTestServer, type TestServer } from '../support/test-server.js';

const ZONE = 'Europe/Paris';
const NUMBER = '6504661234';
/** `datetime-local` text for tomorrow at `hour:minute` on the viewer's (Paris) clock. */
const tomorrowAt = (hour: number, minute: number) =>
  DateTime.now().setZone(ZONE).plus({ days: 1 }).set({ hour, minute, second: 0, millisecond: 0 });
const inputText = (t: DateTime) => t.toFormat("yyyy-MM-dd'T'HH:mm");
const tableText = (t: DateTime) => t.toFormat('yyyy-MM-dd HH:mm:ss');
const utcIso = (t: DateTime) => t.toUTC().toISO()!;

describe('UI: Callback and Reporting tabs', () => {
  let s: TestServer;
  let b: TestBrowser;

  beforeAll(async () => {
    s = await startTestServer();
    const put = async (path: string, body: unknown) => {
      const res = await s.admin(path, jsonBody(body, 'PUT'));
      expect(res.status, await res.clone().text()).toBe(200);
    };
    await put('/admin/resources/DNIS', { dnis1: '6504000001' });
    await put('/admin/resources/BillingPool', { b1: '6504000011', b2: '6504000012' });
    await put('/admin/services/cb1', {
      ...defaultServiceOptions(builtinTemplate('callback')!, 'User-Terminated-Scheduled'),
      _target: 'Billing@StatServer.GA',
    });
    await put('/admin/users/reader', { password: 'reader-password', roles: ['CallbackReadOnly'] });
    b = await launchBrowser();
  });
  afterAll(async () => {
    await b?.close();
    await s?.stop();
  });

  /** A desktop page whose clock is Paris's, so local-to-UTC conversion is really exercised. */
  const parisPage = async () => {
    const context = await b.browser.newContext({ viewport: { width: 1280, height: 800 }, timezoneId: ZONE });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    return page;
  };
  const openTab = async (page: Page, title: string) => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: title }).click();
    await page.getByRole('heading', { name: title, level: 1 }).waitFor();
  };
  const byNumber = async (number: string) => {
    const res = await s.fetch(`/service/callback?_customer_number=${number}`);
    expect(res.status).toBe(200);
    return (await res.json()) as Record<string, string>[];
  };
  const byId = async (id: string) => {
    const res = await s.fetch(`/service/callback?_id=${encodeURIComponent(id)}`);
    expect(res.status).toBe(200);
    return ((await res.json()) as Record<string, string>[])[0]!;
  };
  const callbackRow = (page: Page, number: string) =>
    page.getByRole('table', { name: 'Callbacks' }).getByRole('row').filter({ hasText: number });

  it('creates a scheduled callback, reschedules it, then cancels it', async () => {
    const page = await parisPage();
    await signIn(page, s.url, 'default', 'password');
    await openTab(page, 'Callback');
    await page.getByRole('columnheader', { name: 'Desired Callback Time (GMT+1)' }).waitFor();
    await page.getByRole('combobox', { name: /^Range/ }).selectOption('next-week');

    await page.getByRole('button', { name: 'Create Callback' }).click();
    const create = page.getByRole('dialog', { name: 'Create Callback' });
    await expect.poll(() => create.getByLabel('Callback type (service)').inputValue()).toBe('cb1');
    const desired = tomorrowAt(10, 0);
    await create.getByLabel('Customer number').fill(NUMBER);
    await create.getByLabel(/Desired time/).fill(inputText(desired));
    await create.getByRole('button', { name: 'Add property' }).click();
    await create.getByLabel('Property 1 name').fill('order_id');
    await create.getByLabel('Property 1 value').fill('A-42');
    await screenshot(page, 'callback-create');
    await create.getByRole('button', { name: 'Create', exact: true }).click();
    await create.waitFor({ state: 'detached' });

    const row = callbackRow(page, NUMBER);
    await expect.poll(() => row.textContent()).toContain('SCHEDULED');
    expect(await row.textContent()).toContain(tableText(desired));
    expect(await row.textContent()).toContain('cb1');
    const [stored] = await byNumber(NUMBER);
    expect(stored).toMatchObject({
      _desired_time: utcIso(desired),
      order_id: 'A-42',
      _callback_state: 'SCHEDULED',
    });
    const id = stored!._id!;

    // Advanced Options: a property as a column under its alias, remembered across a reload.
    await page.getByRole('button', { name: 'Advanced Options' }).click();
    const advanced = page.getByRole('dialog', { name: 'Advanced Options' });
    await advanced.getByRole('button', { name: 'Add column field' }).click();
    await advanced.getByLabel('Column 1 fields').fill('order_id');
    await advanced.getByLabel('Column 1 alias').fill('Order');
    await advanced.getByRole('button', { name: 'Apply' }).click();
    await page.getByLabel('Include Service ID column').check();
    await page.getByRole('columnheader', { name: 'Order' }).waitFor();
    await page.reload();
    await page.getByRole('combobox', { name: /^Range/ }).selectOption('next-week');
    await page.getByRole('columnheader', { name: 'Order' }).waitFor();
    await expect.poll(() => row.textContent()).toContain('A-42');
    expect(await row.textContent()).toContain(id);
    await screenshot(page, 'callback-table');

    await row.getByRole('button', { name: /^Edit callback/ }).click();
    const edit = page.getByRole('dialog', { name: 'Edit Callback' });
    const later = tomorrowAt(11, 30);
    await edit.getByLabel(/New desired time/).fill(inputText(later));
    await screenshot(page, 'callback-edit');
    await edit.getByRole('button', { name: 'Reschedule' }).click();
    await edit.waitFor({ state: 'detached' });
    await expect.poll(() => row.textContent()).toContain(tableText(later));
    expect(await page.getByRole('status').filter({ hasText: 'rescheduled' }).count()).toBe(1);
    expect((await byId(id))._desired_time).toBe(utcIso(later));

    await row.getByRole('button', { name: /^Edit callback/ }).click();
    await edit.getByRole('button', { name: 'Cancel callback' }).click();
    await edit.getByRole('button', { name: 'Yes, cancel the callback' }).click();
    await edit.waitFor({ state: 'detached' });
    await expect.poll(() => row.textContent()).toContain('COMPLETED (CANCELLED)');
    expect(await row.getByRole('button').count()).toBe(0);
    expect(await byId(id)).toMatchObject({ _callback_state: 'COMPLETED', _callback_reason: 'CANCELLED' });
  });

  it("shows the server's refusal to cancel a PROCESSING callback; refuses a custom range over a month", async () => {
    const res = await s.fetch(
      '/service/callback/cb1',
      jsonBody({ _customer_number: '6504665555', _desired_time: utcIso(tomorrowAt(9, 0)) }),
    );
    expect(res.status).toBe(200);
    const { _id: id } = (await res.json()) as { _id: string };
    const record = (await s.deps.callbacks.get(id))!;
    expect((await s.deps.callbacks.update(id, record.version, { state: 'PROCESSING' }, Date.now())).ok).toBe(
      true,
    );

    const page = await parisPage();
    await signIn(page, s.url, 'default', 'password');
    await openTab(page, 'Callback');
    await page.getByRole('combobox', { name: /^Range/ }).selectOption('next-week');
    const row = callbackRow(page, '6504665555');
    await expect.poll(() => row.textContent()).toContain('PROCESSING');
    await row.getByRole('button', { name: /^Edit callback/ }).click();
    const edit = page.getByRole('dialog', { name: 'Edit Callback' });
    expect(await edit.getByText('Only a SCHEDULED callback can be rescheduled.').count()).toBe(1);
    await edit.getByRole('button', { name: 'Cancel callback' }).click();
    await edit.getByRole('button', { name: 'Yes, cancel the callback' }).click();
    await expect.poll(() => edit.getByRole('alert').textContent()).toMatch(/PROCESSING|cannot/i);
    expect((await byId(id))._callback_state).toBe('PROCESSING');
    await edit.getByRole('button', { name: 'Close' }).click();
    await edit.waitFor({ state: 'detached' });

    // Advanced Options' state filter goes to the server: only PROCESSING ones come back.
    await page.getByRole('button', { name: 'Advanced Options' }).click();
    const advanced = page.getByRole('dialog', { name: 'Advanced Options' });
    await advanced.getByLabel(/^PROCESSING/).check();
    const filtered = page.waitForRequest((r) => r.url().includes('states=PROCESSING'));
    await advanced.getByRole('button', { name: 'Apply' }).click();
    await filtered;
    await expect.poll(() => page.getByText('1 Callback(s) Found').count()).toBe(1);
    expect(await callbackRow(page, NUMBER).count()).toBe(0);
    await page.getByRole('button', { name: 'Advanced Options' }).click();
    await advanced.getByRole('button', { name: 'Reset to defaults' }).click();
    await expect.poll(() => callbackRow(page, NUMBER).count()).toBe(1);

    let asked = 0;
    page.on('request', (r) => {
      if (r.url().includes('/admin/callback/queues')) asked++;
    });
    await page.getByLabel('Custom date range').check();
    await page.getByLabel('Start time').fill('2026-01-01T00:00');
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('at most one month');
    asked = 0;
    await page.getByLabel('End time').fill('2026-02-15T00:00');
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('spans 45 days');
    await page.waitForTimeout(300);
    expect(asked).toBe(0);
    await page.getByLabel('End time').fill('2026-01-20T00:00');
    await expect.poll(() => asked).toBeGreaterThan(0);
    expect(await page.getByRole('alert').count()).toBe(0);
  });

  it('CallbackReadOnly sees the table but no create, edit or cancel', async () => {
    const page = await parisPage();
    await signIn(page, s.url, 'reader', 'reader-password');
    await openTab(page, 'Callback');
    await page.getByRole('combobox', { name: /^Range/ }).selectOption('next-week');
    await expect.poll(() => callbackRow(page, NUMBER).textContent()).toContain('COMPLETED (CANCELLED)');
    await expect.poll(() => callbackRow(page, '6504665555').textContent()).toContain('PROCESSING');
    expect(await page.getByRole('button', { name: 'Create Callback' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /^Edit callback/ }).count()).toBe(0);
    expect(await page.getByRole('columnheader', { name: 'Edit' }).count()).toBe(0);
    await screenshot(page, 'callback-readonly');
  });

  it('Reporting: callback watermark with chart, table and CSV export; each report type', async () => {
    // A callback QUEUED now, sampled by the one-minute tick: today's watermark has a MAX of 1.
    const res = await s.fetch('/service/callback/cb1', jsonBody({ _customer_number: '6504667777' }));
    expect(res.status).toBe(200);
    await s.tick();

    const page = await b.page();
    await signIn(page, s.url, 'default', 'password');
    await openTab(page, 'Reporting');
    const tab = (name: string) =>
      page.getByRole('tablist', { name: 'Report type' }).getByRole('tab', { name });
    const figures = (title: string) => page.getByRole('table', { name: `${title}: figures` });

    await tab('Callback').click();
    await page.getByLabel('Display Advanced Metrics').check();
    await page.getByLabel('Metric type').selectOption('watermark');
    const watermark = figures('Callback watermark (QUEUED): all callback services');
    await watermark.getByRole('columnheader', { name: 'MAX' }).waitFor();
    await page.locator('.chart svg').first().waitFor();
    expect(await page.getByLabel('Date range').inputValue()).toBe('today');
    await page.getByLabel('Per page').selectOption('96');
    await expect
      .poll(() =>
        watermark
          .getByRole('row')
          .filter({ hasText: /\d\d:00/ })
          .count(),
      )
      .toBe(24);
    await screenshot(page, 'reporting-callback-watermark');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^watermark-.*\.csv$/);
    const csv = await readFile((await download.path())!, 'utf8');
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toBe('Period,MIN,MAX,AVG,Minutes sampled');
    expect(lines.slice(1).some((l) => l.split(',')[2] === '1')).toBe(true);

    await page.getByLabel('Metric type').selectOption('holdtime');
    await figures('Callback holdtime: voice')
      .getByRole('columnheader', { name: 'Average hold (s)' })
      .waitFor();
    await screenshot(page, 'reporting-callback-holdtime');
    await page.getByLabel('Display Advanced Metrics').uncheck();
    await figures('Callback: states and reasons, all callback services')
      .getByRole('columnheader', { name: 'SCHEDULED' })
      .waitFor();
    await screenshot(page, 'reporting-callback');

    await tab('Operational metrics').click();
    const availability = figures('Operational metrics: DNIS availability by pool');
    const pool = availability.getByRole('row').filter({ hasText: 'BillingPool' });
    await expect.poll(() => pool.getByRole('cell').allTextContents()).toEqual(['BillingPool', '2', '0', '2']);
    await page.locator('.chart svg').first().waitFor();
    await screenshot(page, 'reporting-operational-availability');
    await page.getByRole('combobox', { name: /^Metric/ }).selectOption('aht');
    await figures('Operational metrics: average handle time by pool')
      .getByRole('columnheader', { name: 'BillingPool AHT (s)' })
      .waitFor();
    await page.getByRole('combobox', { name: /^Metric/ }).selectOption('service-exits');
    await figures('Operational metrics: service exiting by pool')
      .getByRole('columnheader', { name: 'BillingPool timeout' })
      .waitFor();
    await screenshot(page, 'reporting-operational-exits');

    await tab('Resources').click();
    await page.getByLabel('Resource group').selectOption('BillingPool');
    await figures('Resources: BillingPool').getByRole('columnheader').first().waitFor();
    await screenshot(page, 'reporting-resources');

    await tab('Services').click();
    const services = page.getByRole('group', { name: /Services/ });
    await services.getByLabel('cb1').check();
    const table = page.getByRole('table', { name: 'Services: accesses: figures' });
    await table.getByRole('columnheader', { name: 'cb1' }).waitFor();
    // Three creates on cb1 today (scheduled, processing, queued) are three accesses.
    await page.getByLabel('Roll-up interval').selectOption('all');
    await expect
      .poll(async () => (await table.getByRole('row').nth(1).getByRole('cell').allTextContents()).slice(1))
      .toEqual(['3', '3']);
    await screenshot(page, 'reporting-services');
  });

  it('works on a phone-sized screen', async () => {
    const page = await b.page({ phone: true });
    await signIn(page, s.url, 'default', 'password');
    await page.goto(`${s.url}/#/callback`);
    await page.getByRole('columnheader', { name: /Desired Callback Time/ }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, 'callback-phone');
    await page.getByRole('button', { name: 'Create Callback' }).click();
    await page.getByRole('dialog', { name: 'Create Callback' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, 'callback-create-phone');
    await page.keyboard.press('Escape');
    await page.goto(`${s.url}/#/reporting`);
    await page.locator('.chart svg').first().waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, 'reporting-phone');
  });
});
