import { ConfiguredStatusError, PayloadTooLargeError } from '../errors.js';

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
