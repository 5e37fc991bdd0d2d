import { COMETD_PATH } from '../../domain/bayeux/bayeux-protocol.js';
import type { CallbackRecord } from '../../domain/callback/callback-record.js';
import {
  confirmationDialog,
  dialNumberDialog,
  startChatDialog,
  waitDialog,
  type AccessInfo,
  type CallbackDialog,
  type CreateAnswer,
} from '../../domain/callback/callback-responses.js';

/** Who asked, as far as the dialogs tell it: the host it reached and its `gms_user` header. */
export interface CallbackClient {
  /** `https://host` the device reached: the chat and CometD URLs of a dialog are on it. */
  origin: string;
  gmsUser?: string;
}

/** The number a user-originated callback's session holds until the customer's call arrives. */
export interface HeldAccessNumber {
  accessNumber: string;
  accessCode?: string;
  resourceGroup: string;
}

/**
 * Locks an access number for session `sessionId` of callback service `service` (the service area's
 * grant-access flow: the resource group, booking time and code come from the service's `options`
 * and the request's parameters). `persist` runs once the number is locked; when it fails, the
 * number is given back and the error thrown on.
 */
export type AccessNumberGrant = (grant: {
  service: string;
  options: Record<string, string>;
  sessionId: string;
  phoneNumber?: string;
  persist: (held: HeldAccessNumber) => Promise<void>;
}) => Promise<AccessInfo>;

/**
 * GMS's CometD endpoint on the host the device reached (`/genesys/cometd`, docs/push.md CometD):
 * the cometd client long-polls there, and tries a WebSocket on the same URL first (locally it
 * gets one; API Gateway's HTTP API has none, so the client falls back to long-polling).
 */
const cometUrl = (client: CallbackClient) => `${client.origin}${COMETD_PATH}`;

/** The dialog of `answer` for `record`; a DialNumber dialog first takes its number from `grantNumber`. */
export async function callbackDialog(
  answer: CreateAnswer,
  record: CallbackRecord,
  client: CallbackClient,
  grantNumber?: () => Promise<AccessInfo>,
): Promise<CallbackDialog> {
  switch (answer.kind) {
    case 'confirmation':
      return confirmationDialog(record.id);
    case 'wait':
      return waitDialog(record.id);
    case 'start-chat':
      return startChatDialog(record.id, {
        origin: client.origin,
        cometUrl: cometUrl(client),
        userHeader: client.gmsUser ?? '',
        subject: record.properties.subject,
      });
    case 'dial-number':
      if (!grantNumber) throw new Error(`Callback ${record.id}: a DialNumber dialog needs an access number.`);
      return dialNumberDialog(record.id, await grantNumber());
  }
}
