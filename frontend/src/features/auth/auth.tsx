/** Who is signed in: the token in localStorage, and `me` to greet them. */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { Navigate, useLocation } from "react-router";
import { useQuery } from "urql";
import { onTokenChange, readToken, writeToken } from "../../lib/session-token";
import { MeQuery } from "./operations";

interface Auth {
  token: string | null;
  displayName: string | null;
  signIn: (token: string) => void;
  signOut: () => void;
}

const AuthContext = createContext<Auth | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [token, setToken] = useState<string | null>(() => readToken());
  useEffect(() => onTokenChange(setToken), []);
  const [me] = useQuery({ query: MeQuery, pause: !token, requestPolicy: "cache-first" });
  const signIn = useCallback((next: string) => writeToken(next), []);
  const signOut = useCallback(() => writeToken(null), []);

  // A token the server no longer accepts (expired, revoked) means signing in again.
  useEffect(() => {
    if (token && me.data && me.data.me === null) writeToken(null);
  }, [token, me.data]);

  const value = useMemo<Auth>(
    () => ({ token, displayName: me.data?.me?.displayName ?? null, signIn, signOut }),
    [token, me.data, signIn, signOut],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error("useAuth outside AuthProvider");
  return auth;
}

export function RequireAuth({ children }: { children: ReactNode }) {
  const { token } = useAuth();
  const location = useLocation();
  if (!token) {
    const next = encodeURIComponent(location.pathname + location.search);
    return <Navigate to={`/signin?next=${next}`} replace />;
  }
  return <>{children}</>;
}
