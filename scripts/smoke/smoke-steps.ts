import { randomBytes, randomInt } from 'node:crypto';
import { WebSocket } from 'ws';
import { defaultServiceOptions } from '../../functions/domain/service-template.js';
import { builtinTemplate } from '../../functions/domain/templates/index.js';
import { GmsClient, SmokeFailure } from './gms-client.js';
import type { SmokeOptions } from './smoke-options.js';
import { StepRunner } from './step-runner.js';

/** Ten digits no real pool should hold: the test numbers start with 999. */
const testNumber = () => `999${String(randomInt(0, 10_000_000)).padStart(7, '0')}`;

function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new SmokeFailure(message);
}

/**
 * The smoke test of a deployment: what an app and an operator do, on configuration of its own
 * (names `smoke-<run>-...`), removed at the end whatever failed. True when every step passed.
 */
export async function runSmoke(options: SmokeOptions, print: (line: string) => void): Promise<boolean> {
  const run = `smoke-${Date.now().toString(36)}-${randomBytes(2).toString('hex')}`;
  const gms = new GmsClient(options.base, { apiKey: options.apiKey, timeoutMs: options.timeoutMs });
  const steps = new StepRunner(print);
  const admin = { admin: true };
  print(`Smoke test of ${options.base} as '${options.user}' (run ${run})`);

  try {
    await steps.step('health', async () => {
      const res = await gms.expect(200, 'GET', '/health');
      check(res.body?.status === 'UP', `health answered ${res.text.slice(0, 200)}`);
      return `node ${res.body.node}`;
    });

    // One password check for the whole run: a wrong password costs one failed login, not one per call.
    const loggedIn = await steps.step('admin login', async () => {
      const res = await gms.expect(200, 'POST', '/admin/login', {
        json: { username: options.user, password: options.password },
      });
      check(typeof res.body?.token === 'string', 'admin/login answered no token');
      check(
        (res.body.roles as string[]).includes('Administrator'),
        `'${options.user}' is not an Administrator (roles ${res.body.roles}): the management steps need one`,
      );
      gms.setToken(res.body.token);
      steps.onCleanup('admin logout', async () => {
        await gms.expect(200, 'POST', '/admin/logout', admin);
        gms.setToken(undefined);
      });
    });
    const needsLogin = (name: string) => {
      steps.skip(name, 'needs the admin login');
    };

    // Management: a service saved, read back as saved, deleted, gone.
    const managed = `${run}-office-hours`;
    if (!loggedIn) needsLogin('management round trip');
    else
      await steps.step('management round trip', async () => {
        const config = { _type: 'builtin', _service: 'office-hours', _timezone: 'UTC', smoke_run: run };
        steps.onCleanup(`delete service ${managed}`, async () => {
          await gms.expect(200, 'DELETE', `/admin/services/${managed}`, admin);
        });
        await gms.expect(200, 'PUT', `/admin/services/${managed}`, { ...admin, json: config });
        const read = await gms.expect(200, 'GET', `/admin/services/${managed}`, admin);
        const options = read.body?.options as Record<string, string> | undefined;
        for (const [k, v] of Object.entries(config)) {
          check(options?.[k] === v, `read back ${k}=${JSON.stringify(options?.[k])}, saved ${v}`);
        }
        await gms.expect(200, 'DELETE', `/admin/services/${managed}`, admin);
        steps.cleaned(`delete service ${managed}`);
        await gms.expect(404, 'GET', `/admin/services/${managed}`, admin);
      });

    // Access numbers: a pool of its own, a request-interaction service on it, a number locked to a
    // caller, matched (DNIS + ANI) and so released: a second match finds nothing.
    const pool = `${run}-dnis`;
    const interaction = `${run}-request-interaction`;
    if (!loggedIn) needsLogin('request-interaction + match');
    else
      await steps.step('request-interaction + match', async () => {
        const numbers = [testNumber(), testNumber(), testNumber()];
        steps.onCleanup(`delete resource group ${pool}`, async () => {
          await gms.expect(200, 'DELETE', `/admin/resources/${pool}`, admin);
        });
        await gms.expect(200, 'PUT', `/admin/resources/${pool}`, {
          ...admin,
          json: {
            _allocation_strategy: 'sequential',
            _booking_expiration_timeout: '60',
            ...Object.fromEntries(numbers.map((n, i) => [`dnis${i + 1}`, n])),
          },
        });
        steps.onCleanup(`delete service ${interaction}`, async () => {
          await gms.expect(200, 'DELETE', `/admin/services/${interaction}`, admin);
        });
        await gms.expect(200, 'PUT', `/admin/services/${interaction}`, {
          ...admin,
          json: { _type: 'builtin', _service: 'request-interaction', _resource_group: pool },
        });
        const caller = testNumber();
        const got = await gms.expect(200, 'POST', `/service/${interaction}`, {
          form: { _phone_number: caller },
        });
        const accessNumber = got.body?._access_number as string | undefined;
        check(
          accessNumber !== undefined && numbers.includes(accessNumber),
          `request-interaction answered ${got.text.slice(0, 200)}, not a number of the pool`,
        );
        const matched = await gms.expect(200, 'POST', '/service/match-interaction', {
          form: { _access_number: accessNumber, _phone_number: caller },
        });
        check(matched.body?._id === got.body._id, `match-interaction found ${matched.text.slice(0, 200)}`);
        await gms.expect(404, 'POST', '/service/match-interaction', {
          form: { _access_number: accessNumber, _phone_number: caller },
        });
        return `${accessNumber} locked, matched, released`;
      });

    // Callbacks: a scheduled one hours ahead (nothing dials), queried, notified, cancelled.
    const callbackService = `${run}-callback`;
    let callbackId: string | undefined;
    if (!loggedIn) needsLogin('callback create + query');
    else
      await steps.step('callback create + query', async () => {
        steps.onCleanup(`delete service ${callbackService}`, async () => {
          await gms.expect(200, 'DELETE', `/admin/services/${callbackService}`, admin);
        });
        await gms.expect(200, 'PUT', `/admin/services/${callbackService}`, {
          ...admin,
          json: {
            ...defaultServiceOptions(builtinTemplate('callback')!, 'User-Terminated-Scheduled'),
            _target: 'SmokeTest@StatServer.GA',
          },
        });
        const desired = new Date(Math.ceil(Date.now() / 60_000) * 60_000 + 4 * 3_600_000).toISOString();
        const created = await gms.expect(200, 'POST', `/service/callback/${callbackService}`, {
          json: { _customer_number: testNumber(), _desired_time: desired, smoke_run: run },
        });
        const id = created.body?._id as string | undefined;
        check(typeof id === 'string', `callback create answered ${created.text.slice(0, 200)}`);
        callbackId = id;
        steps.onCleanup(`cancel callback ${id}`, async () => {
          const res = await gms.call('DELETE', `/service/callback/${callbackService}/${id}`);
          // Already cancelled (or completed) is fine: nothing left to undo.
          if (res.status !== 200 && res.status !== 409) {
            throw new SmokeFailure(`DELETE callback ${id} answered ${res.status}: ${res.text.slice(0, 200)}`);
          }
        });
        const found = await gms.expect(200, 'GET', `/service/callback?_id=${encodeURIComponent(id)}`);
        const view = (found.body as Record<string, string>[] | undefined)?.[0];
        check(view?._callback_state === 'SCHEDULED', `the callback reads ${found.text.slice(0, 200)}`);
        check(view._desired_time === desired, `desired time ${view._desired_time}, asked ${desired}`);
        return `${id} SCHEDULED at ${desired}`;
      });

    if (!callbackId) steps.skip('WebSocket notification', 'needs the callback created');
    else {
      const id = callbackId;
      await steps.step('WebSocket notification', async () => {
        const url = options.wsUrl ?? (await discoverWebSocketUrl(gms));
        const marker = `${run}-${randomBytes(4).toString('hex')}`;
        const frame = await receiveNotification(url, id, options.timeoutMs, () =>
          gms
            .expect(200, 'POST', `/service/${encodeURIComponent(id)}/internal-notification`, {
              form: { _application_message: marker, _display_message: 'GMS smoke test' },
            })
            .then(() => undefined),
        );
        check(
          frame.data?.message?._internal_message === marker,
          `the notification carried ${JSON.stringify(frame.data?.message)}, sent ${marker}`,
        );
        return `${url} delivered ${frame.data.tag}`;
      });
    }

    if (!callbackId) steps.skip('callback cancel', 'needs the callback created');
    else {
      const id = callbackId;
      await steps.step('callback cancel', async () => {
        await gms.expect(200, 'DELETE', `/service/callback/${callbackService}/${id}`);
        steps.cleaned(`cancel callback ${id}`);
        const found = await gms.expect(200, 'GET', `/service/callback?_id=${encodeURIComponent(id)}`);
        const view = (found.body as Record<string, string>[] | undefined)?.[0];
        check(
          view?._callback_state === 'COMPLETED' && view._callback_reason === 'CANCELLED',
          `after cancel the callback reads ${found.text.slice(0, 200)}`,
        );
      });
    }
  } finally {
    await steps.cleanUp();
  }
  const failed = steps.results.filter((r) => r.outcome !== 'PASS');
  print(
    failed.length === 0
      ? `Smoke test PASSED: ${steps.results.length} steps`
      : `Smoke test FAILED: ${failed.map((r) => r.name).join(', ')}`,
  );
  return steps.passed;
}

/** The push URL the deployment itself reports (`admin/monitor`: the WebSocket API's URL). */
async function discoverWebSocketUrl(gms: GmsClient): Promise<string> {
  const monitor = await gms.expect(200, 'GET', '/admin/monitor', { admin: true });
  const url = monitor.body?.websocket?.url as string | undefined;
  check(url, 'admin/monitor reports no WebSocket URL: give it with --ws-url (the stack output WebSocketUrl)');
  return url;
}

/** A notification frame of the push API. */
interface NotificationFrame {
  type: 'notification';
  data: { id: string; tag: string; message: Record<string, unknown> };
}

/**
 * Connects, subscribes to the session, calls `trigger` once the subscription is acknowledged, and
 * resolves with the session's `service.message` notification; fails on an error frame, a closed
 * socket or the timeout.
 */
function receiveNotification(
  url: string,
  sessionId: string,
  timeoutMs: number,
  trigger: () => Promise<void>,
): Promise<NotificationFrame> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    let settled = false;
    const finish = (error: Error | undefined, frame?: NotificationFrame) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.close();
      if (error) reject(error);
      else resolve(frame!);
    };
    const timer = setTimeout(
      () =>
        finish(new SmokeFailure(`no notification for ${sessionId} within ${timeoutMs / 1000} s on ${url}`)),
      timeoutMs,
    );
    socket.on('open', () => socket.send(JSON.stringify({ action: 'subscribe', id: sessionId })));
    socket.on('message', (data) => {
      let frame: Record<string, unknown>;
      try {
        frame = JSON.parse(data.toString()) as Record<string, unknown>;
      } catch {
        return finish(new SmokeFailure(`${url} sent a frame that is not JSON`));
      }
      if (frame.type === 'ack' && frame.action === 'subscribe') {
        trigger().catch((e: unknown) => finish(e as Error));
      } else if (frame.type === 'error') {
        finish(new SmokeFailure(`${url} answered an error frame: ${JSON.stringify(frame)}`));
      } else if (
        frame.type === 'notification' &&
        (frame as unknown as NotificationFrame).data?.tag === `service.message.${sessionId}`
      ) {
        finish(undefined, frame as unknown as NotificationFrame);
      }
    });
    socket.on('error', (e) => finish(new SmokeFailure(`WebSocket ${url}: ${e.message}`)));
    socket.on('close', (code) =>
      finish(new SmokeFailure(`WebSocket ${url} closed (code ${code}) before the notification`)),
    );
  });
}
