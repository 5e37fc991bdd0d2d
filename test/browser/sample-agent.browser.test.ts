/// <reference lib="dom" />
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultServiceOptions } from '../../functions/domain/service-template.js';
import { builtinTemplate } from '../../functions/domain/templates/index.js';
import { launchBrowser, screenshot, signIn, type TestBrowser } from '../support/browser.js';
import { jsonBody, startTestServer, type TestServer } from '../support/test-server.js';

/**
 * The contact side in the browser: the Agent desk plays the agent, the Lab's JavaScript sample
 * the customer, in two browser contexts against one server, everything through the real APIs
 * (agent API, Callback Services API, Chat API v1, the push WebSocket).
 */
describe('UI: Agent desk and Lab sample', () => {
  let s: TestServer;
  let b: TestBrowser;
  let agent: Page;
  let customer: Page;

  const DNIS = { dnis1: '6504100001', dnis2: '6504100002' };

  beforeAll(async () => {
    s = await startTestServer({ dialDelayMs: 50 });
    const put = async (path: string, body: unknown) => {
      const res = await s.admin(path, jsonBody(body, 'PUT'));
      expect(res.status, await res.clone().text()).toBe(200);
    };
    const template = builtinTemplate('callback')!;
    await put('/admin/resources/DNIS', DNIS);
    await put('/admin/services/sample-chat-delayed', {
      ...defaultServiceOptions(template, 'Chat-Delayed'),
      _target: 'Chat@StatServer.GA',
    });
    await put('/admin/services/sample-chat-now', {
      ...defaultServiceOptions(template, 'Chat-Immediate'),
      _target: 'Chat@StatServer.GA',
    });
    await put('/admin/services/sample-uod', {
      ...defaultServiceOptions(template, 'User-Originated-Delayed'),
      _target: 'Native@StatServer.GA',
      _resource_group: 'DNIS',
    });
    await put('/admin/services/sample-uoi', {
      ...defaultServiceOptions(template, 'User-Originated-Immediate'),
      _target: 'Voice@StatServer.GA',
    });
    b = await launchBrowser();
  });
  afterAll(async () => {
    await b?.close();
    await s?.stop();
  });

  const callback = async (id: string) => {
    const res = await s.fetch(`/service/callback?_id=${encodeURIComponent(id)}`);
    expect(res.status).toBe(200);
    return (await res.json())[0];
  };
  const agentOnServer = async (id: string) => (await s.admin(`/agents/${id}`)).json();
  const screens = (page: Page) => page.getByRole('tablist', { name: 'Sample screens' });
  const openScreen = (page: Page, name: string | RegExp) =>
    screens(page)
      .getByRole('tab', { name, exact: typeof name === 'string' })
      .click();
  /** Waits as long as a locator does (vitest's default of 1 s is short on a busy machine). */
  const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 15_000 });
  const agentState = (page: Page) => page.getByTestId('agent-state').textContent();

  async function openSample(page: Page) {
    await page.goto(`${s.url}/#/lab`);
    await page.getByRole('heading', { name: 'Lab', level: 1 }).waitFor();
    await page.getByRole('tab', { name: 'Sample', exact: true }).click();
    await screens(page).waitFor();
    await poll(() => page.getByTestId('sample-socket').textContent()).toContain('WebSocket open');
  }

  it('Chat-Delayed: the sample gets the push, connects and chats with the agent on the desk', async () => {
    // Page 1: the agent logs in and goes Ready.
    agent = await b.page();
    await signIn(agent, s.url, 'default', 'password');
    await agent.goto(`${s.url}/#/agent`);
    await agent.getByRole('heading', { name: 'Agent desk', level: 1 }).waitFor();
    await agent.getByLabel('Agent id').fill('ada');
    await agent.getByLabel('Display name').fill('Ada');
    await agent.getByLabel('Groups').fill('Chat');
    await agent.getByLabel('Skills').fill('English=20');
    await agent.getByRole('button', { name: 'Log in' }).click();
    await poll(() => agentState(agent)).toMatch(/^NOT_READY /);
    await agent.getByRole('button', { name: 'Ready', exact: true }).click();
    await poll(() => agentState(agent)).toMatch(/^READY /);
    expect(await agentOnServer('ada')).toMatchObject({
      state: 'READY',
      name: 'Ada',
      groups: ['Chat'],
      skills: { English: 20 },
    });
    await agent.getByText('Waiting for a callback or chat routed to this agent').waitFor();
    await screenshot(agent, 'agent-desk-idle');

    // Page 2: the customer's sample runs Chat-Delayed.
    customer = await b.page();
    await signIn(customer, s.url, 'default', 'password');
    await openSample(customer);
    await openScreen(customer, 'Settings');
    await customer.getByLabel('Chat-Delayed').fill('sample-chat-delayed');
    await customer.getByLabel('Chat nickname').fill('Kim');
    await screenshot(customer, 'lab-sample-settings');
    await openScreen(customer, 'GMS');
    await customer.getByRole('combobox', { name: 'Scenario' }).selectOption('Chat-Delayed');
    await customer.getByLabel('Customer number').fill('5553000101');
    await customer.getByLabel('Subject').fill('Billing question');
    await customer.getByRole('button', { name: 'Start', exact: true }).click();

    const created = customer.getByRole('region', { name: 'Create answered' });
    await poll(() => created.getByTestId('dialog-text').textContent()).toBe(
      'We will notify you when agent is available',
    );
    const id = (await customer.getByTestId('session-id').textContent())!;
    expect(id).toMatch(/\S/);
    // The agent is Ready: the agent-available push comes over the WebSocket, the sample connects.
    await customer.getByTestId('agent-available').getByText('StartChat').waitFor();
    const connected = customer.getByRole('region', { name: 'Connect answered' });
    await poll(() => connected.getByTestId('dialog-action').textContent()).toBe('StartChat');
    await connected.locator('code', { hasText: `/genesys/1/service/${id}/ixn/chat` }).waitFor();
    await screenshot(customer, 'lab-sample-gms');

    // Page 1: the offer, with the callback's details.
    await agent.getByRole('heading', { name: /Offered callback: chat from sample-chat-delayed/ }).waitFor();
    const details = agent.getByRole('table', { name: 'Callback details' });
    await details.getByText('5553000101').waitFor();
    await details.getByText(id).waitFor();
    await agent.getByRole('table', { name: 'Callback properties' }).getByText('Billing question').waitFor();
    expect(await agent.getByTestId('agent-phase').textContent()).toContain('offered');
    await screenshot(agent, 'agent-desk-offered');

    // The customer starts the chat; the agent accepts it.
    await connected.getByRole('button', { name: 'Start Chat' }).click();
    const customerLines = customer.getByRole('list', { name: 'Chat transcript' });
    await customerLines.getByText('Kim').first().waitFor();
    await agent.getByRole('button', { name: 'Accept' }).click();
    await poll(() => agentState(agent)).toMatch(/^BUSY /);
    expect(await agent.getByTestId('agent-phase').textContent()).toContain('connected');
    expect((await callback(id))._callback_state).toBe('PROCESSING');
    const agentLines = agent.getByRole('list', { name: 'Chat transcript' });
    await agentLines.getByText('Kim', { exact: true }).waitFor();
    await agentLines.getByText('Ada', { exact: true }).waitFor();
    await customerLines.getByText('Ada', { exact: true }).waitFor();
    expect(await agent.getByTestId('chat-channel').textContent()).toContain('WebSocket push');

    // Customer -> agent, with a typing notice first. HTML is shown as text, never run.
    const hello = 'Hello, my bill is <b>wrong</b>';
    await customer.getByLabel('Message').fill(hello);
    await agent.getByText('Kim is typing…').waitFor();
    await customer.getByRole('button', { name: 'Send' }).click();
    await agentLines.getByText(hello).waitFor();
    await customerLines.getByText(hello).waitFor();
    expect(await agentLines.locator('b').count()).toBe(0);
    await poll(() => agent.getByText('Kim is typing…').count()).toBe(0);

    // Agent -> customer, likewise.
    const reply = 'Hi Kim, let me check that for you.';
    await agent.getByLabel('Message').fill(reply);
    await customer.getByText('Ada is typing…').waitFor();
    await agent.getByRole('button', { name: 'Send' }).click();
    await customerLines.getByText(reply).waitFor();
    await agentLines.getByText(reply).waitFor();
    await screenshot(agent, 'agent-desk-chatting');
    await screenshot(customer, 'lab-sample-chat');

    // The customer leaves: both sides see the chat end; the agent completes.
    await customer.getByRole('button', { name: 'Disconnect' }).click();
    await customer.getByText('The chat has ended').waitFor();
    await agent.getByText('The chat has ended: the customer left').waitFor();
    await agent.getByRole('button', { name: 'Complete', exact: true }).click();
    await poll(() => agentState(agent)).toMatch(/^READY /);
    expect(await callback(id)).toMatchObject({
      _callback_state: 'COMPLETED',
      _callback_reason: 'AGENT_CONNECTED',
      _service_name: 'sample-chat-delayed',
    });
    const ada = await agentOnServer('ada');
    expect(ada).toMatchObject({ state: 'READY', handled: 1 });
    expect(ada.callback).toBeUndefined();

    // The chat stays readable after the end, and the transcript on the server is what both saw.
    const transcript = await (await s.admin(`/agents/ada/chats/${id}`)).json();
    const texts = transcript.transcriptToShow
      .filter((r: string[]) => r[0] === 'Message.Text')
      .map((r: string[]) => r[2]);
    expect(texts).toEqual([hello, reply]);

    // The Log screen has every request, answer and WebSocket frame.
    await openScreen(customer, /^Log/);
    const log = customer.getByRole('list', { name: 'Log entries' });
    await log.getByText(`POST ${s.url}/1/service/callback/sample-chat-delayed`, { exact: true }).waitFor();
    await log.getByText(`service.agentavailable.${id}`).first().waitFor();
    await log.getByText(`POST ${s.url}/1/service/${id}/connect`, { exact: true }).waitFor();
    await log.getByText(`service.chat.refresh.${id}`).first().waitFor();
    await screenshot(customer, 'lab-sample-log');
  });

  it('Chat-Immediate: StartChat at once; the agent ends the chat from the desk', async () => {
    await openScreen(customer, 'Settings');
    await customer.getByLabel('Chat-Immediate').fill('sample-chat-now');
    await openScreen(customer, 'GMS');
    await customer.getByRole('combobox', { name: 'Scenario' }).selectOption('Chat-Immediate');
    await customer.getByLabel('Customer number').fill('5553000103');
    await customer.getByRole('button', { name: 'Start', exact: true }).click();
    const created = customer.getByRole('region', { name: 'Create answered' });
    await poll(() => created.getByTestId('dialog-action').textContent()).toBe('StartChat');
    const id = (await customer.getByTestId('session-id').textContent())!;
    await created.getByRole('button', { name: 'Start Chat' }).click();
    const customerLines = customer.getByRole('list', { name: 'Chat transcript' });
    await customerLines.getByText('Kim', { exact: true }).waitFor();

    await agent.getByRole('heading', { name: /Offered callback: chat from sample-chat-now/ }).waitFor();
    await agent.getByRole('button', { name: 'Accept' }).click();
    const agentLines = agent.getByRole('list', { name: 'Chat transcript' });
    await agentLines.getByText('Kim', { exact: true }).waitFor();
    await agent.getByLabel('Message').fill('Anything else?');
    await agent.getByLabel('Message').press('Enter');
    await customerLines.getByText('Anything else?').waitFor();
    await agent.getByRole('button', { name: 'Disconnect' }).click();
    await agent.getByText('The chat has ended.').waitFor();
    await customer.getByText('The chat has ended: the agent left').waitFor();
    // The agent's disconnect completes the callback as complete does: the agent is READY again.
    // (The customer sees Notice.Left before the callback is completed: poll for it.)
    await poll(() => callback(id)).toMatchObject({
      _callback_state: 'COMPLETED',
      _callback_reason: 'AGENT_CONNECTED',
    });
    await poll(() => agentState(agent)).toMatch(/^READY /);
    expect(await agentOnServer('ada')).toMatchObject({ state: 'READY', handled: 2 });
    await agent.getByRole('button', { name: 'Close chat' }).click();
    await poll(() => agent.getByRole('list', { name: 'Chat transcript' }).count()).toBe(0);
  });

  it('User-Originated-Immediate: DialNumber with a tel: URL, the call queues, the desk takes and completes it', async () => {
    await openScreen(customer, 'Settings');
    await customer.getByLabel('User-Originated-Immediate').fill('sample-uoi');
    await openScreen(customer, 'GMS');
    await customer.getByRole('combobox', { name: 'Scenario' }).selectOption('User-Originated-Immediate');
    await customer.getByLabel('Customer number').fill('5553000102');
    await customer.getByRole('button', { name: 'Start', exact: true }).click();
    const created = customer.getByRole('region', { name: 'Create answered' });
    await poll(() => created.getByTestId('dialog-action').textContent()).toBe('DialNumber');
    const tel = await created.getByTestId('tel-link').getAttribute('href');
    expect(tel).toMatch(/^tel:65041000\d\d$/);
    expect(Object.values(DNIS)).toContain(tel!.slice(4));
    await created.getByText('n/a', { exact: true }).waitFor();
    const id = (await customer.getByTestId('session-id').textContent())!;
    await screenshot(customer, 'lab-sample-dialnumber');

    // The phone network: the call reaches the access number and waits for a Voice agent.
    await created.getByRole('button', { name: 'Simulate the call' }).click();
    await created.getByRole('button', { name: 'Call arrived' }).waitFor();
    await openScreen(customer, 'Queue');
    await poll(async () => {
      await customer.getByRole('button', { name: 'Check queue position' }).click();
      return customer
        .getByTestId('queue-position')
        .textContent({ timeout: 1000 })
        .catch(() => '');
    }).toContain('Total waiting1');
    const position = customer.getByTestId('queue-position');
    expect(await position.textContent()).toContain('Position1');
    expect(await position.textContent()).toContain('Estimated waitn/a');
    await screenshot(customer, 'lab-sample-queue');

    // The agent takes Voice too: offered, accepted, completed and not ready.
    await agent.getByRole('button', { name: 'Change profile' }).click();
    await agent.getByLabel('Groups').fill('Chat, Voice');
    await agent.getByRole('button', { name: 'Log in' }).click();
    await agent
      .getByRole('heading', { name: /Offered callback: voice from sample-uoi/ })
      .waitFor()
      .catch(async (e) => {
        await screenshot(agent, 'debug-agent');
        throw e;
      });
    await agent.getByRole('table', { name: 'Callback details' }).getByText('USERORIGINATED').waitFor();
    await agent.getByRole('button', { name: 'Accept' }).click();
    await poll(() => agentState(agent)).toMatch(/^BUSY /);
    await agent.getByRole('button', { name: 'Complete and go not ready' }).click();
    await poll(() => agentState(agent)).toMatch(/^NOT_READY /);
    expect(await callback(id)).toMatchObject({
      _callback_state: 'COMPLETED',
      _callback_reason: 'AGENT_CONNECTED',
    });
    expect(await agentOnServer('ada')).toMatchObject({
      state: 'NOT_READY',
      handled: 3,
      groups: ['Chat', 'Voice'],
    });

    await customer.getByRole('button', { name: 'Check queue position' }).click();
    await customer.getByRole('alert').waitFor();
    await agent.getByRole('button', { name: 'Log out' }).click();
    await agent.getByText('Agent ada is logged out.').waitFor();
    expect((await agentOnServer('ada')).state).toBe('LOGGED_OUT');
  });

  it('User-Originated-Delayed as an iOS device: the GMS screen shows the native push the simulator received', async () => {
    const token = 'lab-ios-token-1';
    await openScreen(customer, 'Settings');
    await customer.getByLabel('User-Originated-Delayed').fill('sample-uod');
    await customer.getByRole('combobox', { name: 'Device (_device_os)' }).selectOption('ios');
    await customer.getByLabel('Device token (_device_notification_id)').fill(token);
    await openScreen(customer, 'GMS');
    await customer.getByRole('combobox', { name: 'Scenario' }).selectOption('User-Originated-Delayed');
    await customer.getByLabel('Customer number').fill('5553000104');
    await customer.getByRole('button', { name: 'Start', exact: true }).click();
    const pushes = customer.getByTestId('native-pushes');
    await pushes.getByText('Nothing received yet.').waitFor();
    const id = (await customer.getByTestId('session-id').textContent())!;
    await poll(async () => (await callback(id))?._callback_state).toBe('QUEUED');

    // An agent of the service's group goes ready (over the agent API): the agent-available push.
    const ready = await s.admin('/agents/nat/login', jsonBody({ groups: ['Native'], ready: true }));
    expect(ready.status).toBe(200);
    await poll(() => pushes.textContent()).toContain(`"_id": "${id}"`);
    expect(await pushes.textContent()).toContain('APNS');
    expect(await pushes.textContent()).toContain('"_action": "ConnectCall"');
    await screenshot(customer, 'lab-sample-native-push');

    await openScreen(customer, 'Settings');
    await customer.getByRole('combobox', { name: 'Device (_device_os)' }).selectOption('comet');
    await openScreen(customer, 'GMS');
    await poll(() => customer.getByTestId('native-pushes').count()).toBe(0);
  });

  it('fits a phone-sized screen', async () => {
    const phone = await b.page({ phone: true });
    await signIn(phone, s.url, 'default', 'password');
    await phone.goto(`${s.url}/#/agent`);
    await phone.getByLabel('Agent id').fill('pat');
    await phone.getByLabel('Groups').fill('Nobody');
    await phone.getByRole('button', { name: 'Log in' }).click();
    await poll(() => agentState(phone)).toMatch(/^NOT_READY /);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(phone, 'agent-desk-phone');
    await openSample(phone);
    for (const screen of ['GMS', 'Settings']) {
      await openScreen(phone, screen);
      expect(await phone.evaluate(() => document.documentElement.scrollWidth), screen).toBeLessThanOrEqual(
        390,
      );
    }
    await screenshot(phone, 'lab-sample-phone');
  });
});
