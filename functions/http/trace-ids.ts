import type { TraceIds } from '../tracing.js';

const CALLBACK_PATH = '/genesys/1/service/callback/{name}/{id}';
const SESSION_PATH = '/genesys/1/service/{id}';

/**
 * The ids a request works on, read from its route: a callback's own paths carry the callback id,
 * a service session's paths (`service/{id}/...`: notifications, chat) the session id.
 */
export function traceIdsOf(routePath: string, params: Record<string, string>): TraceIds {
  const id = params.id;
  if (!id) return {};
  if (routePath === CALLBACK_PATH || routePath.startsWith(`${CALLBACK_PATH}/`)) return { callbackId: id };
  if (routePath === SESSION_PATH || routePath.startsWith(`${SESSION_PATH}/`)) return { sessionId: id };
  return {};
}
