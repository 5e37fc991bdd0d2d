/** Dialing the customer of a callback. */

/** One attempt to call the customer of a user-terminated callback. */
export interface DialRequest {
  callbackId: string;
  customerNumber: string;
  agentId: string;
  /** Unique per callback (numbering continues across reservations): the result must echo it. */
  attempt: number;
}

export type DialOutcome = 'answered' | 'busy' | 'no-answer';

/**
 * The telephony side. `dial` only asks; the outcome comes back later as the work message
 * `{kind: 'dial-result', id: <callbackId>, data: {outcome, attempt, agentId}}`.
 */
export interface Dialer {
  dial(request: DialRequest): Promise<void>;
}
