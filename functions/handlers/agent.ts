import { composeAgent } from '../composition/agent.js';
import { createAreaHandler } from '../http/handler-factory.js';
import { agentAreaRoutes } from '../routes/areas/agent.js';
import { agentChatOperations } from './agent/agent-chat-operations.js';
import { agentOperations } from './agent/agent-operations.js';
import { notificationPublishOperation } from './notification/notification-api-operations.js';

/** The agent API of the built-in router (`/genesys/1/agents/...`), and the Notification API's publish. */
export const handler = createAreaHandler(
  'agent',
  agentAreaRoutes,
  [...agentOperations, ...agentChatOperations, notificationPublishOperation],
  composeAgent,
);
