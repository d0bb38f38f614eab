import { Suspense, type ReactNode } from "react";
import { Link, NavLink, Outlet, useNavigate } from "react-router";
import { useAuth } from "../../features/auth/auth";
import { Loading } from "./index";
import styles from "./layout.module.css";

export function AppShell() {
  const { token, displayName, signOut } = useAuth();
  const navigate = useNavigate();
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className={styles.header} role="banner">
        <div className={styles.headerInner}>
          <Link to="/" className={styles.brand}>
            <span className={styles.logo} aria-hidden="true" />
            Interview practice
          </Link>
          {token ? (
            <nav className={styles.nav} aria-label="Main">
              <NavLink to="/" end className={styles.navLink}>
                Practice
              </NavLink>
              <NavLink to="/history" className={styles.navLink}>
                History
              </NavLink>
              {displayName ? <span className={styles.user}>{displayName}</span> : null}
              <button
                className={styles.signOut}
                onClick={() => {
                  signOut();
                  navigate("/signin");
                }}
              >
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
      <main id="main" className={styles.main} tabIndex={-1}>
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
