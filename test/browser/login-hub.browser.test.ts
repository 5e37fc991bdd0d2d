/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot, signIn, type TestBrowser } from '../support/browser.js';
import { basic, jsonBody, startTestServer, type TestServer } from '../support/test-server.js';

describe('UI: login and hub per role', () => {
  let s: TestServer;
  let b: TestBrowser;

  beforeAll(async () => {
    s = await startTestServer();
    for (const [user, role] of [
      ['super', 'Supervisor'],
      ['reader', 'CallbackReadOnly'],
    ] as const) {
      const res = await s.admin(
        `/admin/users/${user}`,
        jsonBody({ password: `${user}-password`, roles: [role] }, 'PUT'),
      );
      expect(res.status).toBe(200);
    }
    b = await launchBrowser();
  });
  afterAll(async () => {
    await b?.close();
    await s?.stop();
  });

  const navLinks = async (page: Awaited<ReturnType<TestBrowser['page']>>) =>
    page.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents();

  it('refuses a wrong password with the server message and keeps the login form', async () => {
    const page = await b.page();
    await page.goto(s.url + '/');
    await page.getByLabel('Username').fill('default');
    await page.getByLabel('Password').fill('wrong');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/password/i);
    await screenshot(page, 'login-refused');
  });

  it('Administrator sees every tab; Home returns to the hub; logout ends the session', async () => {
    const page = await b.page();
    await signIn(page, s.url, 'default', 'password');
    expect(await navLinks(page)).toEqual([
      'Home',
      'Monitor',
      'Services',
      'Callback',
      'Reporting',
      'Tools',
      'Lab',
      'Agent desk',
    ]);
    await screenshot(page, 'hub-administrator');
    await page.getByRole('button', { name: /^Tools/ }).click();
    await page.getByRole('heading', { name: 'Tools', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'Home' }).click();
    await page.getByRole('heading', { name: 'Hub' }).waitFor();
    await page.getByRole('button', { name: 'Logout' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    // The token was revoked on the server too.
    expect(await page.evaluate(() => sessionStorage.getItem('gms.token'))).toBeNull();
  });

  it('Supervisor sees callbacks and monitoring; CallbackReadOnly only the callbacks', async () => {
    const sup = await b.page();
    await signIn(sup, s.url, 'super', 'super-password');
    expect(await navLinks(sup)).toEqual(['Home', 'Monitor', 'Callback', 'Reporting', 'Agent desk']);
    await screenshot(sup, 'hub-supervisor');
    const reader = await b.page();
    await signIn(reader, s.url, 'reader', 'reader-password');
    expect(await navLinks(reader)).toEqual(['Home', 'Callback']);
    // A tab outside the role stays out of reach by URL too.
    await reader.goto(`${s.url}/#/tools`);
    await reader.getByRole('heading', { name: 'Hub' }).waitFor();
  });

  it('works on a phone-sized screen', async () => {
    const page = await b.page({ phone: true });
    await signIn(page, s.url, 'default', 'password');
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
    await screenshot(page, 'hub-phone');
  });
});

describe('UI: first login of the AWS-seeded default user', () => {
  let s: TestServer;
  let b: TestBrowser;
  const initial = 'from-secrets-manager-Ui42';

  beforeAll(async () => {
    s = await startTestServer({ initialAdmin: { kind: 'aws', password: initial } });
    b = await launchBrowser();
  });
  afterAll(async () => {
    await b?.close();
    await s?.stop();
  });

  it("shows the server's reason, changes the password and signs in with the new one", async () => {
    const page = await b.page();
    await page.goto(s.url + '/');
    await page.getByLabel('Username').fill('default');
    await page.getByLabel('Password').fill(initial);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Change the password of default' }).waitFor();
    expect(await page.getByRole('status').textContent()).toContain(
      "Password of user 'default' must be changed before use",
    );
    await page.getByLabel('New password', { exact: true }).fill('chosen-by-the-operator');
    await page.getByLabel('New password again').fill('chosen-by-the-operator');
    await screenshot(page, 'login-change-password');
    await page.getByRole('button', { name: 'Change password and sign in' }).click();
    await page.getByRole('heading', { name: 'Hub' }).waitFor();
    // The server took it: the new password works, the initial one no longer does.
    expect(
      (await s.fetch('/admin/users', { headers: { authorization: basic('default', initial) } })).status,
    ).toBe(401);
    expect(
      (
        await s.fetch('/admin/users', {
          headers: { authorization: basic('default', 'chosen-by-the-operator') },
        })
      ).status,
    ).toBe(200);
  });
});
