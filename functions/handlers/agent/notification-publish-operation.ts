import { operation } from '../../http/define-route.js';
import { json } from '../../http/http-result.js';
import { notificationApiRoutes, type PublishRequest } from '../../routes/notification-api-routes.js';
import { publishNotification, type PublishPorts } from '../notification/publish-notification.js';

/** The Notification API's publish route is served by the agent function (whoever may act for agents publishes). */
const notificationPublish = notificationApiRoutes.find((r) => r.operationId === 'notificationPublish')!;

/**
 * `POST notification/publish`: the route's body schema checked it (`tag` and `message`). Its
 * route is still an untyped spec of the callback area's table, hence the one cast here.
 */
export const notificationPublishOperation = operation(
  notificationPublish,
  async ({ body }, ports: PublishPorts) => {
    const { tag, message } = body as PublishRequest;
    return json(await publishNotification(ports, tag, message));
  },
);
