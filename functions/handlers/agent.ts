import { createAreaHandler, legacyOperations } from '../http/handler-factory.js';
import { createDeps } from '../composition/full.js';
import { agentChatOperations } from './agent/agent-chat-operations.js';
import { agentOperations } from './routing/agent-operations.js';
import { notificationPublishOperations } from './notification/notification-api-operations.js';

/** The agent API of the built-in router (`/genesys/1/agents/...`), and the Notification API's publish. */
export const handler = createAreaHandler(
  'agent',
  legacyOperations('agent', {
    ...agentOperations,
    ...agentChatOperations,
    ...notificationPublishOperations,
  }),
  createDeps,
);
