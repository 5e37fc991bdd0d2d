import * as z from '../domain/zod.js';
import { defineRoute } from '../http/define-route.js';
import type { RouteSpec } from '../http/route-spec.js';
import { gmsError } from './schemas.js';

const TAGS = ['Callback Services API'];

export const queuePositionView = z.lazy(() =>
  z
    .object({
      _position: z
        .number()
        .check(
          z.int(),
          z.describe(
            '1-based position among the callbacks of the same virtual queue; 0 once an agent is reserved',
          ),
        ),
      _eta: z
        .union([z.number().check(z.int()), z.literal('n/a')])
        .check(
          z.describe(
            'Estimated wait in seconds: position x average of the last 10 handle times / logged-in agents serving the target; `n/a` without history or agents',
          ),
        ),
      _total_waiting: z.number().check(z.int(), z.describe('Callbacks waiting in the same virtual queue')),
      _agent_ready_threshold_passed: z.boolean(),
      _agent_ready_threshold_passed_reason: z.string(),
    })
    .check(z.meta({ id: 'QueuePosition' })),
);

const check = (method: 'GET' | 'POST', operationId: string) =>
  defineRoute({
    method,
    path: '/genesys/1/service/{service}/check-queue-position',
    area: 'session',
    access: 'public',
    operationId,
    summary:
      'Position and estimated wait of a queued callback (`service` is the callback `_id`). ' +
      '`_agent_ready_threshold_passed` is true when an agent is reserved, when the wait is `n/a`, or when the wait is at most ' +
      "the service's `_agent_availability_notification_delay` (default 30 s) and the position at most 5.",
    tags: TAGS,
    params: z.lazy(() =>
      z.object({
        service: z.string().check(z.minLength(1), z.maxLength(128), z.describe('The callback id')),
      }),
    ),
    responses: {
      200: { description: 'Queue position', schema: queuePositionView },
      404: { description: 'No such callback', schema: gmsError },
      409: {
        description:
          'The callback is not waiting for an agent (SCHEDULED or COMPLETED); a QUEUED callback always has a position',
        schema: gmsError,
      },
    },
  });

const displayMenu = z.lazy(() =>
  z
    .object({
      _id: z.string(),
      _action: z.literal('DisplayMenu'),
      _label: z.string(),
      _content: z.array(
        z.object({
          _group_name: z.string(),
          _group_content: z.array(z.object({ _label: z.string(), _user_action_url: z.string() })),
        }),
      ),
    })
    .check(z.meta({ id: 'DisplayMenu' })),
);

/** The seed's user-confirmation request, as GMS's JavaScript and Android samples fetch it (GET or POST). */
const userConfirmation = (method: 'GET' | 'POST', provideCode: boolean) =>
  defineRoute({
    method,
    path: `/genesys/1/service/{id}/get-dialog-user-confirmation-provide_code-${provideCode}`,
    area: 'session',
    access: 'public',
    operationId: `userConfirmationDialog${provideCode ? 'True' : 'False'}${method === 'GET' ? 'Get' : ''}`,
    summary:
      'Delayed scenarios, once an agent is available: the confirmation menu (`DisplayMenu`) whose choice POSTs to ' +
      "`connect`. The request name is the agent-available push's `_action` when the service sets " +
      '`_agent_available_action=get-dialog` (the `<bool>` is its `_provide_code`); either name answers the same menu.',
    tags: TAGS,
    params: z.lazy(() =>
      z.object({
        id: z.string().check(z.minLength(1), z.maxLength(128), z.describe('The callback id')),
      }),
    ),
    responses: {
      200: { description: 'The confirmation menu', schema: displayMenu },
      404: { description: 'No such callback', schema: gmsError },
      409: {
        description: 'Not a delayed callback, or no agent is available for it (not ROUTING)',
        schema: gmsError,
      },
    },
  });

export const checkQueuePositionGet = check('GET', 'checkQueuePositionGet');
export const checkQueuePosition = check('POST', 'checkQueuePosition');
export const userConfirmationDialogFalseGet = userConfirmation('GET', false);
export const userConfirmationDialogFalse = userConfirmation('POST', false);
export const userConfirmationDialogTrueGet = userConfirmation('GET', true);
export const userConfirmationDialogTrue = userConfirmation('POST', true);

export const callbackSessionRoutes: RouteSpec[] = [
  checkQueuePositionGet,
  checkQueuePosition,
  userConfirmationDialogFalseGet,
  userConfirmationDialogFalse,
  userConfirmationDialogTrueGet,
  userConfirmationDialogTrue,
];
