/** A device connected over WebSocket. */

/** A device's WebSocket connection (API Gateway WebSocket API, or the local `ws` server). */
export interface WebSocketConnection {
  id: string;
  /** The `gms_user` header (or query parameter, browsers cannot set headers) given at connect. */
  gmsUser?: string;
  connectedAt: number;
  /** API Gateway closes a connection after 2 hours at most; the items expire with it. */
  expiresAt: number;
}
