/// <reference lib="dom" />
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TABLES } from '../../functions/adapters/dynamodb/table-definitions.js';
import { launchBrowser, screenshot, signIn, type TestBrowser } from '../support/browser.js';
import { jsonBody, startTestServer, type TestServer } from '../support/test-server.js';

describe('UI: Monitor and Lab', () => {
  let s: TestServer;
  let b: TestBrowser;
  let page: Page;

  beforeAll(async () => {
    s = await startTestServer();
    for (const [name, options] of [
      ['iPhoneService', { _type: 'builtin', _service: 'request-interaction', _resource_group: 'LabPool' }],
      ['LabCallback', { _type: 'ors', _service: 'callback', _call_direction: 'USERTERMINATED' }],
    ] as const) {
      const res = await s.admin(`/admin/services/${name}`, jsonBody(options, 'PUT'));
      expect(res.status, name).toBe(200);
    }
    b = await launchBrowser();
    page = await b.page();
    await signIn(page, s.url, 'default', 'password');
  });
  afterAll(async () => {
    await b?.close();
    await s?.stop();
  });

  const nodeOnServer = async () => (await (await s.admin('/admin/node/status')).text()).trim();
  const noSideScroll = () =>
    page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);

  it('Monitor shows every table up and the node ONLINE; the node goes OFFLINE and back through the UI', async () => {
    await page.goto(`${s.url}/#/monitor`);
    await page.getByRole('heading', { name: /Region us-east-1/ }).waitFor();
    for (const t of TABLES) await page.getByRole('listitem', { name: `${t.id}: Up` }).waitFor();
    await page.getByRole('listitem', { name: 'API: Up' }).waitFor();
    await page.getByRole('listitem', { name: 'Work queue: Up' }).waitFor();
    await page.getByRole('listitem', { name: /^Scheduler.*: Up$/ }).waitFor();
    expect(await page.getByText(/Last refreshed at/).textContent()).toMatch(/refreshes every 3 minutes/);
    const node = page.getByTestId('node-status');
    await expect.poll(() => node.textContent()).toBe('ONLINE');
    await screenshot(page, 'monitor');

    await page.getByRole('button', { name: 'Set OFFLINE…' }).click();
    // Nothing changes before the confirmation.
    expect(await nodeOnServer()).toBe('ONLINE');
    await page.getByRole('button', { name: 'Yes, set OFFLINE' }).click();
    await expect.poll(() => node.textContent()).toBe('OFFLINE');
    expect(await nodeOnServer()).toBe('OFFLINE');
    await screenshot(page, 'monitor-offline');

    await page.getByRole('button', { name: 'Set ONLINE…' }).click();
    await page.getByRole('button', { name: 'Yes, set ONLINE' }).click();
    await expect.poll(() => node.textContent()).toBe('ONLINE');
    expect(await nodeOnServer()).toBe('ONLINE');
  });

  it('Lab Statistics shows a new pool after a refresh', async () => {
    await page.goto(`${s.url}/#/lab`);
    await page.getByRole('tab', { name: 'Statistics', selected: true }).waitFor();
    await page.getByRole('heading', { name: 'DNIS availability' }).waitFor();
    await page.getByText('No resource group is configured.').waitFor();

    const created = await s.admin(
      '/admin/resources/LabPool',
      jsonBody(
        { _allocation_strategy: 'random', n1: '6504660001', n2: '6504660002', n3: '6504660003' },
        'PUT',
      ),
    );
    expect(created.status).toBe(200);
    const access = await s.fetch('/service/iPhoneService', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: '_phone_number=6504669999',
    });
    expect(access.status).toBe(200);

    await page.getByRole('button', { name: 'Refresh' }).click();
    const row = page
      .getByRole('table', { name: 'DNIS availability by pool' })
      .getByRole('row', { name: /LabPool/ });
    await expect.poll(() => row.textContent()).toBe('LabPool213');
    const accesses = page.getByRole('table', { name: 'Service accesses today' }).getByRole('row', {
      name: /iPhoneService/,
    });
    await expect.poll(() => accesses.textContent()).toBe('iPhoneService1');
    await page
      .getByRole('table', { name: 'Active callbacks per service' })
      .getByRole('row', { name: /LabCallback/ })
      .waitFor();
    await screenshot(page, 'lab-statistics');
  });

  it('Lab API: the sub-tabs follow the arrow keys; GET /health is tried from the page', async () => {
    await page.getByRole('tab', { name: 'Statistics' }).focus();
    await page.keyboard.press('ArrowRight');
    await page.getByRole('tab', { name: 'API', selected: true }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('API');
    expect(await page.evaluate(() => window.location.hash)).toBe('#/lab/api');

    await page.getByLabel('Find a route').fill('/genesys/1/health');
    const op = page.locator('details.api-op', { hasText: 'GET/genesys/1/health' });
    await op.locator('summary').click();
    await op.getByRole('button', { name: 'Try it out!' }).click();
    await expect.poll(() => op.getByTestId('response-status').textContent()).toBe('200');
    const headers = op.getByLabel('Response headers');
    expect(await headers.locator('div', { hasText: 'content-type' }).textContent()).toMatch(
      /^content-typeapplication\/json/,
    );
    expect(await op.getByLabel('Response body').textContent()).toContain('"status": "UP"');
    expect(await op.getByLabel('Request headers').textContent()).toContain('x-requested-with');
    await screenshot(page, 'lab-api');
  });

  it("Lab Config shows the configured services' URLs and the deployer settings", async () => {
    await page.getByRole('tab', { name: 'API' }).focus();
    await page.keyboard.press('ArrowRight');
    await page.getByRole('tab', { name: 'Config', selected: true }).waitFor();
    const origin = new URL(s.url).origin;
    const endpoints = page.getByRole('table', { name: 'Service endpoints' });
    await endpoints.getByText(`${origin}/genesys/1/service/iPhoneService`).waitFor();
    await endpoints.getByText(`${origin}/genesys/1/service/callback/LabCallback`).waitFor();
    const cdk = page.getByLabel('cdk.json (context)');
    expect(JSON.parse((await cdk.textContent())!).context).toMatchObject({
      allowedOrigins: [origin],
      throttleRateLimit: 100,
      throttleBurstLimit: 200,
    });
    await page.getByLabel('Throttle rate (requests/s)').fill('250');
    await expect.poll(async () => JSON.parse((await cdk.textContent())!).context.throttleRateLimit).toBe(250);
    expect(await page.getByRole('region', { name: 'WebSocket URL' }).locator('pre').textContent()).toBe(
      `ws://127.0.0.1:${s.port}/genesys/1/notifications`,
    );
    expect(await page.getByLabel('Firewall rules').textContent()).toContain('/genesys/1/admin/*');
    await screenshot(page, 'lab-config');
  });

  it('Lab Sample loads in its sub-tab', async () => {
    await page.getByRole('tab', { name: 'Sample' }).click();
    const panel = page.getByRole('tabpanel', { name: 'Sample' });
    await panel.waitFor();
    await expect.poll(() => panel.getByText(/Loading Sample/).count()).toBe(0);
    expect((await panel.textContent())!.length).toBeGreaterThan(0);
    await screenshot(page, 'lab-sample');
  });

  it('Monitor and the API explorer fit a phone screen', async () => {
    const phone = await b.page({ phone: true });
    await signIn(phone, s.url, 'default', 'password');
    await phone.goto(`${s.url}/#/monitor`);
    await phone.getByRole('listitem', { name: 'config: Up' }).waitFor();
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(phone, 'monitor-phone');
    await phone.goto(`${s.url}/#/lab/api`);
    await phone.getByLabel('Find a route').fill('storage');
    await phone.locator('details.api-op summary').first().click();
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(phone, 'lab-api-phone');
    expect(await noSideScroll()).toBe(true);
  });
});
