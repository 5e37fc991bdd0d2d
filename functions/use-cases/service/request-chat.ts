import { chatRequestPath } from '../../domain/chat/chat-response.js';
import { parseTarget } from '../../domain/routing/routing-target.js';
import { applicationData, readBoolean, readInteger } from '../../domain/option-values.js';
import type { ServiceKind } from '../../handlers/service/service-kind.js';
import { effectiveParameters } from '../../handlers/service/service-kind.js';

/** The request-chat template's `_ttl` default: how long the chat and its transcript are kept. */
const DEFAULT_TTL_SECONDS = 36_000;

/**
 * `request-chat`: a chat session id and the URL to start it. Nothing is routed yet: when the
 * customer starts the chat (`ixn/chat`), it becomes a Chat-Immediate callback of this service
 * and the router offers it to an agent serving `_target` (any agent when there is none).
 */
export const requestChatKind: ServiceKind = {
  // Run again with the same id, the chat header write is skipped (it exists) and the session rewritten.
  idempotent: true,
  async create(call) {
    const { deps, req } = call;
    const params = effectiveParameters(call);
    const ttlSeconds = readInteger('_ttl', params._ttl, DEFAULT_TTL_SECONDS, { min: 1, max: 30 * 86_400 });
    const target = params._target?.trim() || undefined;
    // A target the router cannot read is refused now, not when the chat is already running.
    parseTarget(target);
    const virtualQueue = params._urs_virtual_queue?.trim() || undefined;
    const now = deps.clock.now();
    const id = call.id ?? deps.ids.id();
    const expiresAt = now + ttlSeconds * 1000;
    await deps.chats.create({
      id,
      service: call.name,
      state: 'CONNECTED',
      last: 0,
      routeOnStart: true,
      disconnected400: readBoolean(
        '_chat_400_response_on_disconnected',
        params._chat_400_response_on_disconnected,
        false,
      ),
      ...(target ? { target } : {}),
      ...(virtualQueue ? { virtualQueue } : {}),
      userData: applicationData(req.body.fields),
      createdAt: now,
      expiresAt,
    });
    // The service session: notification requests (`service/{id}/...`) work on the chat id too.
    await deps.sessions.put({
      id,
      service: call.name,
      serviceType: 'request-chat',
      gmsUser: req.headers.gms_user,
      createdAt: now,
      expiresAt,
    });
    // GMS answers the path, not a URL (its sample prepends the server it talks to): with or
    // without `_verbose`, so a client behind a proxy or CDN keeps its own origin.
    return { json: { _id: id, '_chatIxnAPI-CREATE-URL': chatRequestPath(id) } };
  },
};
