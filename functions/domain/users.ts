import type { Role } from './roles.js';
import type { User } from './user-account.js';

export interface UserView {
  username: string;
  roles: Role[];
  createdAt: string;
}

export const viewUser = (u: User): UserView => ({
  username: u.username,
  roles: u.roles,
  createdAt: new Date(u.createdAt).toISOString(),
});

/** The first administrator's name: GMS's documented local login. */
export const INITIAL_ADMIN = 'default';
