/// <reference lib="dom" />
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot, signIn, type TestBrowser } from '../support/browser.js';
import { formBody, startTestServer, type TestServer } from '../support/test-server.js';

describe('UI: Services and Tools tabs', () => {
  let s: TestServer;
  let b: TestBrowser;
  let page: Page;
  let origin: string;

  beforeAll(async () => {
    s = await startTestServer();
    origin = new URL(s.url).origin;
    b = await launchBrowser();
    page = await b.page();
    await signIn(page, s.url, 'default', 'password');
  });
  afterAll(async () => {
    await b?.close();
    await s?.stop();
  });

  const open = async (hash: string, heading: string) => {
    await page.goto(`${s.url}/#/${hash}`);
    await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
  };
  const options = async (name: string) => {
    const res = await s.admin(`/admin/services/${name}`);
    expect(res.status).toBe(200);
    return (await res.json()).options as Record<string, string>;
  };
  const counts = async () => ({
    available: await page.getByTestId('resource-available').textContent(),
    total: await page.getByTestId('resource-total').textContent(),
  });

  it('Resources: creates a group and adds access numbers; available and total follow', async () => {
    await open('tools/resources', 'Tools');
    expect(await page.getByRole('tab', { name: 'Resources' }).getAttribute('aria-selected')).toBe('true');
    await page.getByRole('button', { name: '+ New Resource Group' }).click();
    await page.getByLabel('Resource Group name').fill('DNIS');
    await page.getByRole('button', { name: 'Create' }).click();
    await page.getByRole('heading', { name: 'DNIS', level: 2 }).waitFor();
    expect(await counts()).toEqual({ available: '0', total: '0' });

    for (const n of ['6504664131', '6504664132']) {
      await page.getByLabel('Access number').fill(n);
      await page.getByRole('button', { name: '+ Add Resource' }).click();
      await page
        .getByRole('status')
        .filter({ hasText: `(${n})` })
        .waitFor();
    }
    expect(await counts()).toEqual({ available: '2', total: '2' });
    // A number the server refuses comes back with the option it names.
    await page.getByLabel('Access number').fill('not-a-number');
    await page.getByRole('button', { name: '+ Add Resource' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/access number.*parameter: dnis3/);

    const res = await s.admin('/admin/resources/DNIS');
    expect(await res.json()).toMatchObject({
      options: {
        _allocation_strategy: 'random',
        _booking_expiration_timeout: '30',
        dnis1: '6504664131',
        dnis2: '6504664132',
      },
      resource_available: 2,
      resource_total: 2,
    });
  });

  it('Services: creates a request-interaction service from its template and edits it', async () => {
    await open('services', 'Services');
    await page.getByLabel('Service template').selectOption('request-interaction');
    await page.getByLabel('Service name').fill('iPhoneService');
    await page.getByRole('button', { name: 'Continue' }).click();

    // Prefilled with the template's defaults; mandatory options have no remove button.
    expect(await page.getByLabel('Value of _resource_group').inputValue()).toBe('DNIS');
    expect(await page.getByLabel('Value of _service').getAttribute('readonly')).not.toBeNull();
    expect(await page.getByRole('button', { name: 'Remove _resource_group' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Remove _service' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Remove _ttl' }).count()).toBe(1);
    // Advanced options wait behind the checkbox; request parameters are marked and empty.
    expect(await page.getByLabel('Value of _return_pool_health').count()).toBe(0);
    await page.getByLabel(/Show advanced options/).check();
    expect(await page.getByLabel('Value of _return_pool_health').inputValue()).toBe('false');
    const phone = page.locator('tr[data-row="_phone_number"]');
    expect(await phone.textContent()).toContain('request parameter: the app may send it');
    expect(await page.getByLabel('Value of _phone_number').inputValue()).toBe('');

    await page.getByLabel('Value of _provide_code').fill('true');
    await page.getByRole('button', { name: 'Remove _access_code_length' }).click();
    await page.getByLabel('New option name').fill('custom_info');
    await page.getByLabel('New option value').fill('gold');
    await page.getByRole('button', { name: 'Add option' }).click();
    await page.getByRole('button', { name: 'Create service' }).click();
    await page.getByRole('status').filter({ hasText: 'Created service iPhoneService.' }).waitFor();
    expect(await page.getByText('Unsaved changes').count()).toBe(0);

    expect(await options('iPhoneService')).toEqual({
      _type: 'builtin',
      _service: 'request-interaction',
      _resource_group: 'DNIS',
      _provide_code: 'true',
      _ttl: '30',
      _return_pool_health: 'false',
      custom_info: 'gold',
    });
    await page
      .getByRole('list', { name: 'URLs of iPhoneService' })
      .getByText(`${origin}/genesys/1/service/iPhoneService`)
      .waitFor();

    // Edit the stored service: an optional value, a rename, a request parameter set then cleared.
    await page.getByLabel('Value of _ttl').fill('60');
    await page.getByLabel('Name of option custom_info').fill('custom_tier');
    await page.getByLabel('Value of _phone_number').fill('5551234');
    await page.getByRole('button', { name: 'Clear _phone_number' }).click();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Saved service iPhoneService.' }).waitFor();
    expect(await options('iPhoneService')).toEqual({
      _type: 'builtin',
      _service: 'request-interaction',
      _resource_group: 'DNIS',
      _provide_code: 'true',
      _ttl: '60',
      _return_pool_health: 'false',
      custom_tier: 'gold',
    });

    // A mandatory option cannot be removed; emptied, the server refuses it and names it.
    await page.getByLabel('Value of _resource_group').fill('');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toMatch(/mandatory.*\(parameter: _resource_group\)/);
    expect(await page.getByLabel('Value of _resource_group').getAttribute('aria-invalid')).toBe('true');
    expect((await options('iPhoneService'))._resource_group).toBe('DNIS');
    // A typed value the server refuses is shown with the option it names too.
    await page.getByRole('button', { name: 'Revert changes' }).click();
    await page.getByLabel('Value of _ttl').fill('soon');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/integer.*\(parameter: _ttl\)/);
    await page.getByRole('button', { name: 'Revert changes' }).click();
    await screenshot(page, 'services-editor');
  });

  it('Services: creates a callback service from a scenario preset; groups collapse; delete asks first', async () => {
    await page.getByLabel('Service template').selectOption('callback');
    await page.getByLabel('Scenario preset').selectOption('User-Terminated-Immediate');
    await page.getByLabel('Service name').fill('cb1');
    await page.getByRole('button', { name: 'Continue' }).click();
    expect(await page.getByLabel('Value of _call_direction').inputValue()).toBe('USERTERMINATED');
    await page.getByRole('button', { name: 'Create service' }).click();
    await page.getByRole('status').filter({ hasText: 'Created service cb1.' }).waitFor();
    const cb = await options('cb1');
    expect(cb).toMatchObject({
      _type: 'ors',
      _service: 'callback',
      _call_direction: 'USERTERMINATED',
      _media_type: 'voice',
      _max_dial_attempts: '3',
    });
    expect(cb._customer_number).toBeUndefined();
    const urls = await page.getByRole('list', { name: 'URLs of cb1' }).textContent();
    expect(urls).toContain(`${origin}/genesys/1/service/callback/cb1`);
    await page
      .getByText(/Matches the scenario presets User-Terminated-Immediate, User-Terminated-Scheduled/)
      .waitFor();
    await screenshot(page, 'services-callback');

    // Collapse every service, then the request-interaction group.
    for (const name of ['cb1', 'iPhoneService'])
      await page.getByRole('button', { name, exact: true }).click();
    const group = page.getByRole('button', { name: /^request-interaction/ });
    expect(await group.getAttribute('aria-expanded')).toBe('true');
    await group.click();
    expect(await group.getAttribute('aria-expanded')).toBe('false');
    expect(await page.getByRole('button', { name: 'iPhoneService', exact: true }).isVisible()).toBe(false);
    await group.click();
    await screenshot(page, 'services-list');

    // A throw-away service is deleted only after the confirmation.
    const put = await s.admin('/admin/services/temp', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ _type: 'builtin', _service: 'get', _online_code: '200', _offline_code: '503' }),
    });
    expect(put.status).toBe(200);
    await page.getByRole('button', { name: 'Refresh' }).click();
    await page.getByRole('button', { name: 'temp', exact: true }).click();
    await page.getByRole('button', { name: 'Delete service' }).click();
    expect((await s.admin('/admin/services/temp')).status).toBe(200);
    await page.getByRole('button', { name: 'Yes, delete' }).click();
    await page.getByRole('status').filter({ hasText: 'Deleted service temp.' }).waitFor();
    expect((await s.admin('/admin/services/temp')).status).toBe(404);
  });

  it('Resources: a booked number lowers resource_available', async () => {
    const booked = await s.fetch('/service/iPhoneService', formBody({ _phone_number: '6504669999' }));
    expect(booked.status).toBe(200);
    await open('tools/resources', 'Tools');
    await page.getByRole('heading', { name: 'DNIS', level: 2 }).waitFor();
    expect(await counts()).toEqual({ available: '1', total: '2' });
    await screenshot(page, 'tools-resources');
  });

  it('Patterns: a group, its patterns, and the server-side test highlighting the match', async () => {
    await page.getByRole('tab', { name: 'Patterns' }).click();
    await page.getByRole('button', { name: '+ New Pattern Group' }).click();
    await page.getByLabel('Pattern Group name').fill('Callback_exceptions');
    await page.getByRole('button', { name: 'Create' }).click();
    await page.getByRole('heading', { name: 'Callback_exceptions', level: 2 }).waitFor();
    for (const [name, expression] of [
      ['exception1', '555.*'],
      ['ex2', '123.*'],
    ]) {
      await page.getByLabel('Pattern name').fill(name!);
      await page.getByLabel('Regular expression').fill(expression!);
      await page.getByRole('button', { name: '+ Add Pattern' }).click();
      await page
        .getByRole('status')
        .filter({ hasText: `Added pattern ${name}.` })
        .waitFor();
    }
    // RE2 refuses backreferences when the pattern is saved.
    await page.getByLabel('Pattern name').fill('twice');
    await page.getByLabel('Regular expression').fill('(a)\\1');
    await page.getByRole('button', { name: '+ Add Pattern' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/parameter: twice/);
    expect(await (await s.admin('/admin/patterns/Callback_exceptions')).json()).toEqual({
      exception1: '555.*',
      ex2: '123.*',
    });

    const table = page.getByRole('table', { name: 'Patterns of Callback_exceptions' });
    const row = (name: string) =>
      table.locator('tbody tr', { has: page.getByRole('cell', { name, exact: true }) });
    await page.getByLabel('Test a value against Callback_exceptions').fill('5551234');
    await page.getByText("'5551234' matches pattern exception1.").waitFor();
    expect(await row('exception1').getAttribute('class')).toBe('highlight');
    expect(await row('ex2').getAttribute('class')).toBeNull();
    await page.getByRole('button', { name: 'Help' }).click();
    await page.getByRole('complementary', { name: 'Pattern syntax help' }).getByText('\\d{3}').waitFor();
    await screenshot(page, 'tools-patterns');

    await page.getByLabel('Test a value against Callback_exceptions').fill('999');
    await page.getByText("'999' matches no pattern of Callback_exceptions.").waitFor();
    expect(await table.locator('tbody tr.highlight').count()).toBe(0);

    await page.getByRole('button', { name: 'Remove pattern ex2' }).click();
    await page.getByRole('status').filter({ hasText: 'Removed pattern ex2.' }).waitFor();
    expect(await (await s.admin('/admin/patterns/Callback_exceptions')).json()).toEqual({
      exception1: '555.*',
    });
  });

  it('Service Templates: shows options, uploads and deletes a template', async () => {
    await page.getByRole('tab', { name: 'Service Templates' }).click();
    await page.getByRole('button', { name: /^request-interaction/ }).click();
    const options = page.getByRole('table', { name: 'Options of template request-interaction' });
    const rg = options.locator('tbody tr', { hasText: '_resource_group' });
    // allTextContents does not wait: the options arrive after the click, so wait for the row first.
    await rg.waitFor();
    expect(await rg.locator('td').allTextContents()).toEqual([
      '_resource_group',
      'DNIS',
      'mandatory',
      'string',
      // The Section column: every template has the Authentication section (username, password, api_key).
      '',
      expect.stringContaining('Resource group from which the access number is to be allocated'),
    ]);
    const password = options
      .locator('tbody tr')
      .filter({ has: page.locator('td:first-child', { hasText: /^password$/ }) });
    expect(await password.locator('td').allTextContents()).toEqual([
      'password',
      '—',
      'advanced',
      'secret',
      'Authentication',
      expect.stringContaining('HTTP Basic password'),
    ]);

    const upload = page.getByLabel('Template file (.json or .zip)');
    await upload.setInputFiles({
      name: 'loyalty.json',
      mimeType: 'application/json',
      buffer: Buffer.from(
        JSON.stringify({
          name: 'loyalty-info',
          service: 'loyalty-info',
          description: 'Loyalty Info: a test template.',
          options: [
            {
              name: '_type',
              default: 'ors',
              category: 'mandatory',
              type: 'enum',
              values: ['builtin', 'ors'],
            },
            { name: '_service', default: 'loyalty-info', category: 'mandatory' },
            { name: '_tier', default: 'gold', category: 'optional', description: 'Customer tier.' },
          ],
        }),
      ),
    });
    await page.getByRole('button', { name: 'Upload template' }).click();
    await page.getByRole('status').filter({ hasText: 'Uploaded template loyalty-info' }).waitFor();
    await page
      .getByRole('table', { name: 'Options of template loyalty-info' })
      .getByText('Customer tier.')
      .waitFor();
    expect((await s.admin('/admin/templates/loyalty-info')).status).toBe(200);
    await screenshot(page, 'tools-templates');

    // A template the server refuses shows why, naming the field.
    await upload.setInputFiles({
      name: 'broken.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify({ name: 'broken', service: 'broken', options: [] })),
    });
    await page.getByRole('button', { name: 'Upload template' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/parameter: options/);

    expect(await page.getByRole('button', { name: 'Delete request-interaction' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Delete loyalty-info' }).click();
    await page.getByRole('button', { name: 'Yes, delete' }).click();
    await page.getByRole('status').filter({ hasText: 'Deleted template loyalty-info.' }).waitFor();
    expect((await s.admin('/admin/templates/loyalty-info')).status).toBe(404);
  });

  it('Download DFM: the integration profile, routing description and OpenAPI document', async () => {
    const tab = page.getByRole('tab', { name: 'Service Templates' });
    await tab.focus();
    await page.keyboard.press('ArrowRight');
    const dfm = page.getByRole('tab', { name: 'Download DFM' });
    expect(await dfm.getAttribute('aria-selected')).toBe('true');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Download DFM');
    expect(new URL(page.url()).hash).toBe('#/tools/dfm');
    await screenshot(page, 'tools-dfm');

    const fetchDownload = async (button: string) => {
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: button }).click(),
      ]);
      return { name: download.suggestedFilename(), text: await readFile((await download.path())!, 'utf8') };
    };
    const profile = await fetchDownload('Download gms-integration-profile.json');
    expect(profile.name).toBe('gms-integration-profile.json');
    const json = JSON.parse(profile.text);
    expect(json.base_url).toBe(s.api);
    expect(json.match_interaction).toMatchObject({
      method: 'POST',
      url: `${s.api}/service/match-interaction`,
    });
    expect(Object.keys(json.match_interaction.form_fields)).toEqual(
      expect.arrayContaining(['_access_number', '_phone_number', '_access_code']),
    );
    expect(json.match_interaction.example_curl).toContain('_access_number=6504664131');
    expect(json.resource_groups).toEqual([
      expect.objectContaining({
        name: 'DNIS',
        resource_total: 2,
        resource_available: 1,
        numbers: [
          { name: 'dnis1', number: '6504664131' },
          { name: 'dnis2', number: '6504664132' },
        ],
      }),
    ]);
    expect(json.callback_services).toEqual([
      expect.objectContaining({ name: 'cb1', url: `${origin}/genesys/1/service/callback/cb1` }),
    ]);
    expect(json.access_number_services).toEqual([
      expect.objectContaining({ name: 'iPhoneService', resource_group: 'DNIS' }),
    ]);

    const routing = await fetchDownload('Download gms-inbound-routing.txt');
    expect(routing.text).toContain('6504664132    (dnis2)');
    expect(routing.text).toContain(`POST ${s.api}/service/match-interaction`);

    const openapi = await fetchDownload('Download gms-openapi.json');
    expect(JSON.parse(openapi.text).paths).toHaveProperty(['/genesys/1/service/{service}']);
  });

  it('Security: sets the server-wide Basic password (read back masked) and shows a service password masked', async () => {
    await open('tools/security', 'Tools');
    await page.getByText('Public API: open').waitFor();
    await page.getByLabel('Basic user name').fill('app');
    await page.getByLabel('Basic password').fill('ui-secret');
    await page.getByLabel('Rate limit: requests per client').fill('1000');
    await page.getByRole('button', { name: 'Save server settings' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved the server settings.' }).waitFor();
    await page.getByText('Public API: authentication required.').waitFor();
    // Read back: the password field holds the mask, never the secret.
    expect(await page.getByLabel('Basic password').inputValue()).toBe('********');
    expect(await page.getByLabel('Basic password').getAttribute('type')).toBe('password');
    const stored = await s.admin('/admin/server');
    expect(await stored.json()).toEqual({
      username: 'app',
      password: '********',
      rate_limit_requests: '1000',
    });
    const basicAuth = { authorization: `Basic ${Buffer.from('app:ui-secret').toString('base64')}` };
    expect((await s.fetch('/storage/no-such-id')).status).toBe(401);
    expect((await s.fetch('/storage/no-such-id', { headers: basicAuth })).status).toBe(404);

    // Reloaded, the page shows what is stored; saving the mask keeps the password.
    await open('tools/security', 'Tools');
    expect(await page.getByLabel('Basic user name').inputValue()).toBe('app');
    await page.getByLabel('Rate limit: requests per client').fill('');
    await page.getByRole('button', { name: 'Save server settings' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved the server settings.' }).waitFor();
    expect(await (await s.admin('/admin/server')).json()).toEqual({ username: 'app', password: '********' });
    expect((await s.fetch('/storage/no-such-id', { headers: basicAuth })).status).toBe(404);

    // A service's own password (Authentication options) is a password field holding the mask.
    const put = await s.admin('/admin/services/lockedService', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        _type: 'builtin',
        _service: 'request-interaction',
        _resource_group: 'DNIS',
        password: 'svc-secret',
      }),
    });
    expect(put.status).toBe(200);
    await open('services', 'Services');
    const item = page.locator('li.service-item').filter({ hasText: 'lockedService' });
    await item.getByRole('button', { name: 'lockedService' }).click();
    await item.getByLabel(/Show advanced options/).check();
    const password = item.getByLabel('Value of password');
    expect(await password.getAttribute('type')).toBe('password');
    expect(await password.inputValue()).toBe('********');
    expect(await item.locator('tr[data-row="password"]').textContent()).toContain('write-only');
    await screenshot(page, 'security-service-password');

    await s.admin('/admin/server', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect((await s.fetch('/storage/no-such-id')).status).toBe(404);
  });

  it('fits a phone screen', async () => {
    const phone = await b.page({ phone: true });
    await signIn(phone, s.url, 'default', 'password');
    for (const [hash, name] of [
      ['services', 'services-phone'],
      ['tools/patterns', 'tools-patterns-phone'],
      ['tools/resources', 'tools-resources-phone'],
    ] as const) {
      await phone.goto(`${s.url}/#/${hash}`);
      await phone.getByRole('heading', { level: 1 }).waitFor();
      await phone.getByRole('heading', { level: 2 }).first().waitFor();
      if (hash === 'services')
        await phone.getByRole('button', { name: 'iPhoneService', exact: true }).click();
      expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await screenshot(phone, name);
    }
  });
});
