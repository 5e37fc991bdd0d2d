import type { Ports } from '../../ports/index.js';

export type RevokeTokenPorts = Pick<Ports, 'tokens'>;

/** `admin/logout`: ends the bearer token the request carried. */
export async function revokeToken(ports: RevokeTokenPorts, token: string): Promise<void> {
  await ports.tokens.revoke(token);
}
