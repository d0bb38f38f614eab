import { Suspense, useEffect, useRef, type ReactNode } from "react";
import { Link, NavLink, Outlet, useLocation } from "react-router";
import { useSignOut } from "../../features/account/SignOut";
import { useAuth } from "../../features/auth/auth";
import { Loading } from "./index";
import styles from "./layout.module.css";

export function AppShell() {
  const { token, displayName } = useAuth();
  const { signOut } = useSignOut(false);
  const location = useLocation();
  const main = useRef<HTMLElement>(null);
  const firstRender = useRef(true);
  // After client-side navigation, move focus to the new page as a full page load would, so screen
  // reader and keyboard users start at the top of the content instead of on a stale link.
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    main.current?.focus({ preventScroll: true });
    window.scrollTo(0, 0);
  }, [location.pathname]);
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className={styles.header} role="banner">
        <div className={styles.headerInner}>
          <Link to="/" className={styles.brand} aria-label="Interview practice, home">
            <span className={styles.logo} aria-hidden="true" />
            <span className={styles.brandText}>Interview practice</span>
          </Link>
          {token ? (
            <nav className={styles.nav} aria-label="Main">
              <NavLink to="/" end className={styles.navLink}>
                Practice
              </NavLink>
              <NavLink to="/history" className={styles.navLink}>
                History
              </NavLink>
              <NavLink to="/account" className={styles.navLink}>
                Account
              </NavLink>
              {displayName ? <span className={styles.user}>{displayName}</span> : null}
              <button className={styles.signOut} onClick={() => void signOut()}>
                Sign out
              </button>
            </nav>
          ) : (
            <nav className={styles.nav} aria-label="Account">
              <NavLink to="/signin" className={styles.navLink}>
                Sign in
              </NavLink>
              <NavLink to="/signup" className={styles.navLink}>
                Create account
              </NavLink>
            </nav>
          )}
        </div>
      </header>
      <main id="main" ref={main} className={styles.main} tabIndex={-1}>
        <Suspense fallback={<Loading />}>
          <Outlet />
        </Suspense>
      </main>
    </>
  );
}

export function PageHead({ title, children, actions }: { title: string; children?: ReactNode; actions?: ReactNode }) {
  return (
    <div className={styles.pageHead}>
      <div>
        <h1>{title}</h1>
        {children}
      </div>
      {actions ? <div className="no-print">{actions}</div> : null}
    </div>
  );
}

/** The document title names the page, as the first thing a screen reader says after navigation. */
export function useTitle(title: string | null | undefined): void {
  useEffect(() => {
    if (title) document.title = `${title} · Interview practice`;
  }, [title]);
}
