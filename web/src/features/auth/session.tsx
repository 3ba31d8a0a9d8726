import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { ApiError, get, post } from '../../lib/api';

export interface Me {
  id: string;
  username: string;
  displayName: string;
  roles: string[];
  roleLabels: string[];
  unit: { id: string; name: string; type: string; code: string } | null;
}

interface Session {
  me: Me | null;
  loading: boolean;
  reload(): Promise<Me | null>;
  login(username: string, password: string): Promise<Me | null>;
  logout(): Promise<void>;
  hasRole(...roles: string[]): boolean;
}

const Ctx = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null>(null);
  const [loading, setLoading] = useState(true);
  const reload = useCallback(async () => {
    try {
      const m = await get<Me>('/api/auth/me');
      setMe(m);
      return m;
    } catch (e) {
      if (!(e instanceof ApiError) || e.status !== 401) console.error(e);
      setMe(null);
      return null;
    } finally {
      setLoading(false);
    }
  }, []);
  useEffect(() => {
    void reload();
  }, [reload]);
  const login = useCallback(
    async (username: string, password: string) => {
      await post('/api/auth/login', { username, password });
      return reload();
    },
    [reload],
  );
  const logout = useCallback(async () => {
    await post('/api/auth/logout');
    setMe(null);
  }, []);
  const hasRole = useCallback((...roles: string[]) => !!me && me.roles.some((r) => roles.includes(r)), [me]);
  return <Ctx.Provider value={{ me, loading, reload, login, logout, hasRole }}>{children}</Ctx.Provider>;
}

export function useSession(): Session {
  const v = useContext(Ctx);
  if (!v) throw new Error('useSession outside SessionProvider');
  return v;
}
