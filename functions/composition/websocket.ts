import type { RuntimeConfig } from '../runtime-config.js';
import { composePorts } from './factories.js';

/**
 * The WebSocket API's function: connections and subscriptions, pending notifications, CometD
 * frames and the agent API's chat requests (`agent-chat` frames). Every port is built on first
 * read, so only what a frame uses is built (and needs its table).
 */
export function composeWebsocket(runtime: RuntimeConfig) {
  return composePorts(runtime);
}
