import { PUSH_RETRY_KIND } from '../../adapters/push/push-dispatcher.js';
import type { Ports } from '../../ports/index.js';
import type { WorkProcessor } from './work-processor.js';

/**
 * `push-retry`: the next attempt of an `httpcb` delivery. A duplicate message POSTs twice; the
 * receiver tells them apart by the notification `id` in the body. It never throws for a failing
 * receiver: the dispatcher schedules the next attempt itself, so a queue redelivery would only
 * multiply attempts.
 */
export const pushProcessors: Record<string, WorkProcessor<Pick<Ports, 'push'>>> = {
  [PUSH_RETRY_KIND]: (message, deps) => deps.push.retryDelivery(message),
};
