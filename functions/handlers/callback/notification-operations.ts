import { operation } from '../../http/define-route.js';
import { json } from '../../http/http-result.js';
import * as routes from '../../routes/notification-routes.js';
import {
  retrieveAgentNotifications,
  retrieveAppNotifications,
  sendAgentNotification,
  sendAppNotification,
  type RetrieveNotificationsPorts,
  type SendAgentNotificationPorts,
  type SendAppNotificationPorts,
} from '../../use-cases/notification/session-notifications.js';

const SENT = { message: 'Notification Sent' } as const;

const retrieveApp = async ({ params }: { params: { id: string } }, ports: RetrieveNotificationsPorts) =>
  json(await retrieveAppNotifications(ports, params.id));
const retrieveAgent = async ({ params }: { params: { id: string } }, ports: RetrieveNotificationsPorts) =>
  json(await retrieveAgentNotifications(ports, params.id));

/** Notifications on a live session, from the agent side to the app and back. */
export const notificationOperations = [
  operation(routes.sendInternalNotification, async ({ params, body }, ports: SendAppNotificationPorts) => {
    await sendAppNotification(ports, params.id, body);
    return json(SENT);
  }),
  operation(routes.retrieveNotifications, retrieveApp),
  operation(routes.retrieveNotificationsGet, retrieveApp),
  operation(routes.sendAgentNotification, async ({ params, body }, ports: SendAgentNotificationPorts) => {
    await sendAgentNotification(ports, params.id, body);
    return json(SENT);
  }),
  operation(routes.retrieveAgentNotifications, retrieveAgent),
  operation(routes.retrieveAgentNotificationsGet, retrieveAgent),
];
