/** The route table. Every page is its own chunk, so the lobby loads only what it shows. */
import { lazy } from "react";
import { createBrowserRouter } from "react-router";
import { AppShell } from "../components/ui/layout";
import { RequireAuth, useAuth } from "../features/auth/auth";
import { ReportBySessionQuery, ReportByShareTokenQuery } from "../features/report/operations";
import { client } from "../lib/graphql";
import { readToken } from "../lib/session-token";

const AuthPage = lazy(() => import("./AuthPage"));
const LobbyPage = lazy(() => import("./LobbyPage"));
const LandingPage = lazy(() => import("./LandingPage"));
const InterviewPage = lazy(() => import("./InterviewPage"));
const ReportPage = lazy(() => import("./ReportPage"));
const SharedReportPage = lazy(() => import("./SharedReportPage"));
const HistoryPage = lazy(() => import("./HistoryPage"));
const AccountPage = lazy(() => import("./AccountPage"));
const NotFound = lazy(() => import("./NotFound"));

/*
 * A report is the page people open from a link: start fetching it while its code downloads instead
 * of after. The page's own query is cache-first, so it joins this request in flight (or reads its
 * result) rather than sending a second one. Nothing is awaited.
 */
function prefetchReport({ params }: { params: { id?: string } }): null {
  if (params.id && readToken()) void client.query(ReportBySessionQuery, { sessionId: params.id }, { requestPolicy: "network-only" }).toPromise();
  return null;
}
function prefetchSharedReport({ params }: { params: { token?: string } }): null {
  if (params.token) void client.query(ReportByShareTokenQuery, { token: params.token }, { requestPolicy: "network-only" }).toPromise();
  return null;
}

/** A newcomer meets what this is (and sign-up first); a signed-in candidate goes straight to the lobby. */
function Home() {
  return useAuth().token ? <LobbyPage /> : <LandingPage />;
}

export const router = createBrowserRouter([
  {
    element: <AppShell />,
    children: [
      // Keyed by mode: going from one form to the other starts clean, with no error of the other.
      { path: "/signin", element: <AuthPage key="signin" mode="signin" /> },
      { path: "/signup", element: <AuthPage key="signup" mode="signup" /> },
      { path: "/share/:token", element: <SharedReportPage />, loader: prefetchSharedReport },
      { path: "/", element: <Home /> },
      { path: "/interview/:id", element: <RequireAuth><InterviewPage /></RequireAuth> },
      { path: "/report/:id", element: <RequireAuth><ReportPage /></RequireAuth>, loader: prefetchReport },
      { path: "/history", element: <RequireAuth><HistoryPage /></RequireAuth> },
      { path: "/account", element: <RequireAuth><AccountPage /></RequireAuth> },
      { path: "*", element: <NotFound /> },
    ],
  },
]);
