import type { User } from '../../functions/domain/user-account.js';
import type { UserStore } from '../../functions/ports/users-and-tokens.js';

/** The UserStore port over a Map, for domain tests; `users` is the Map, to seed or inspect. */
export function inMemoryUserStore(users = new Map<string, User>()): {
  store: UserStore;
  users: Map<string, User>;
} {
  const store: UserStore = {
    get: async (name) => users.get(name),
    list: async () => [...users.values()],
    put: async (u) => void users.set(u.username, u),
    createIfAbsent: async (u) => !users.has(u.username) && (users.set(u.username, u), true),
    delete: async (name) => users.delete(name),
  };
  return { store, users };
}
