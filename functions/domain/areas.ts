/**
 * The parts of the product that each run as one Lambda function (and local handler module): an
 * HTTP route belongs to one of them. `callback` is the Callback Services API (create, query,
 * reschedule, cancel); `session` the requests on a live session that follow it (queue position,
 * dialogs, notifications, the customer's chat, CometD) and the Notification API.
 */
export type Area =
  'service' | 'storage' | 'patterns' | 'admin' | 'system' | 'callback' | 'session' | 'agent' | 'reports';
