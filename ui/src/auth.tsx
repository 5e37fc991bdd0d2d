import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, onUnauthorized, setToken, token } from './api';

export type Role = 'Administrator' | 'Supervisor' | 'CallbackReadOnly';

export interface Session {
  username: string;
  roles: Role[];
}

interface AuthValue {
  session?: Session;
  login(username: string, password: string): Promise<void>;
  logout(): Promise<void>;
  has(...roles: Role[]): boolean;
}

const AuthContext = createContext<AuthValue | undefined>(undefined);
const SESSION_KEY = 'gms.session';

export function AuthProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | undefined>(() => {
    const saved = sessionStorage.getItem(SESSION_KEY);
    return saved && token() ? (JSON.parse(saved) as Session) : undefined;
  });

  const forget = useCallback(() => {
    setToken(undefined);
    sessionStorage.removeItem(SESSION_KEY);
    setSession(undefined);
  }, []);

  useEffect(() => {
    const off = onUnauthorized(forget);
    return () => {
      off();
    };
  }, [forget]);

  const value = useMemo<AuthValue>(
    () => ({
      session,
      async login(username, password) {
        const got = await api<{ token: string; username: string; roles: Role[] }>('/admin/login', {
          method: 'POST',
          body: { username, password },
          anonymous: true,
        });
        setToken(got.token);
        const s = { username: got.username, roles: got.roles };
        sessionStorage.setItem(SESSION_KEY, JSON.stringify(s));
        setSession(s);
      },
      async logout() {
        try {
          await api('/admin/logout', { method: 'POST' });
        } finally {
          forget();
        }
      },
      has: (...roles) => !!session && session.roles.some((r) => roles.includes(r)),
    }),
    [session, forget],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthValue {
  const v = useContext(AuthContext);
  if (!v) throw new Error('useAuth outside AuthProvider');
  return v;
}
