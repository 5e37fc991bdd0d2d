import { ConfiguredStatusError, PayloadTooLargeError, ServiceUnavailableError } from '../errors.js';

/** A chat message or notice over the size limit; the body names the parameter like a 400 does. */
export class ChatMessageTooLargeError extends PayloadTooLargeError {
  constructor(parameter: string, limit: number) {
    super(`Parameter '${parameter}' is longer than ${limit} characters.`);
    this.details = { parameter };
  }
}

/** A request on an ended chat when the service sets `_chat_400_response_on_disconnected=true`. */
export class ChatDisconnectedError extends ConfiguredStatusError {
  override readonly exception: string = 'com.genesyslab.gsg.services.chat.ChatSessionDisconnectedException';
  constructor(id: string) {
    super(400, `Chat ${id} is disconnected.`);
  }
}

/**
 * Too many writers on one chat at once: the append gave up after its retry budget, having written
 * nothing. The client sends again after `Retry-After`.
 */
export class ChatBusyError extends ServiceUnavailableError {
  constructor(id: string, retryAfterSeconds: number) {
    super(`Chat ${id} is busy: too many concurrent requests. Try again in ${retryAfterSeconds} s.`);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}
