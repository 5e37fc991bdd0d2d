import { chatRequestPath } from '../../domain/chat/chat-response.js';
import { applicationData } from '../../domain/option-values.js';
import { parseTarget } from '../../domain/routing/routing-target.js';
import type { RequestChatParameters } from '../../domain/service-options/request-chat-options.js';
import type { Ports } from '../../ports/index.js';

export type RequestChatPorts = Pick<Ports, 'chats' | 'sessions' | 'clock' | 'ids'>;

export interface RequestChatInput {
  service: string;
  /** The session id an idempotent create must use; a fresh one otherwise. */
  id?: string;
  parameters: RequestChatParameters;
  /** The posted fields: those without a leading "_" are the chat's user data. */
  fields: Record<string, string>;
  gmsUser?: string;
}

/**
 * `request-chat`: a chat session id and the URL to start it. Nothing is routed yet: when the
 * customer starts the chat (`ixn/chat`), it becomes a Chat-Immediate callback of this service
 * and the router offers it to an agent serving `_target` (any agent when there is none).
 * Run again with the same id, the chat header write is skipped (it exists) and the session rewritten.
 */
export async function requestChat(
  ports: RequestChatPorts,
  input: RequestChatInput,
): Promise<{ _id: string; '_chatIxnAPI-CREATE-URL': string }> {
  const { target, virtualQueue, ttlSeconds, disconnected400 } = input.parameters;
  // A target the router cannot read is refused now, not when the chat is already running.
  parseTarget(target);
  const now = ports.clock.now();
  const id = input.id ?? ports.ids.id();
  const expiresAt = now + ttlSeconds * 1000;
  await ports.chats.create({
    id,
    service: input.service,
    state: 'CONNECTED',
    last: 0,
    routeOnStart: true,
    disconnected400,
    ...(target ? { target } : {}),
    ...(virtualQueue ? { virtualQueue } : {}),
    userData: applicationData(input.fields),
    createdAt: now,
    expiresAt,
  });
  // The service session: notification requests (`service/{id}/...`) work on the chat id too.
  await ports.sessions.put({
    id,
    service: input.service,
    serviceType: 'request-chat',
    gmsUser: input.gmsUser,
    createdAt: now,
    expiresAt,
  });
  // GMS answers the path, not a URL (its sample prepends the server it talks to): with or
  // without `_verbose`, so a client behind a proxy or CDN keeps its own origin.
  return { _id: id, '_chatIxnAPI-CREATE-URL': chatRequestPath(id) };
}
