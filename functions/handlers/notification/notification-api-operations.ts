import { operation } from '../../http/define-route.js';
import { json } from '../../http/http-result.js';
import * as routes from '../../routes/notification-api-routes.js';
import {
  readSubscription,
  subscribe,
  unsubscribe,
  type SubscribePorts,
  type SubscriptionPorts,
} from '../../use-cases/notification/notification-subscriptions.js';
import { publishNotification, type PublishPorts } from '../../use-cases/notification/publish-notification.js';

/** Subscriptions of GMS's Notification API: the session function serves them (the mobile side). */
export const notificationSubscriptionOperations = [
  operation(routes.notificationSubscribe, async ({ body }, ports: SubscribePorts) =>
    json({ id: await subscribe(ports, body) }),
  ),
  operation(routes.notificationSubscriptionGet, async ({ params }, ports: SubscriptionPorts) =>
    json(await readSubscription(ports, params.id)),
  ),
  operation(
    routes.notificationUnsubscribe,
    async ({ params }, ports: Pick<SubscriptionPorts, 'notificationSubscriptions'>) => {
      await unsubscribe(ports, params.id);
      return { status: 200, empty: true };
    },
  ),
];

/** Publish runs in the agent function: the contact-centre side, with credentials (docs/push.md). */
export const notificationPublishOperation = operation(
  routes.notificationPublish,
  async ({ body }, ports: PublishPorts) => json(await publishNotification(ports, body.tag, body.message)),
);
