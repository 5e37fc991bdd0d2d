/** GMS's role names (person option `gms/roles`). Administrator includes everything a Supervisor may do. */
export const ROLES = ['Administrator', 'Supervisor', 'CallbackReadOnly'] as const;
export type Role = (typeof ROLES)[number];

export function hasAnyRole(userRoles: readonly Role[], allowed: readonly Role[]): boolean {
  return userRoles.some((r) => allowed.includes(r));
}
