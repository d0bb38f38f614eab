/** The route table. Every page is its own chunk, so the lobby loads only what it shows. */
import { lazy } from "react";
import { createBrowserRouter } from "react-router";
import { AppShell } from "../components/ui/layout";
import { RequireAuth } from "../features/auth/auth";

const AuthPage = lazy(() => import("./AuthPage"));
const LobbyPage = lazy(() => import("./LobbyPage"));
const InterviewPage = lazy(() => import("./InterviewPage"));
const ReportPage = lazy(() => import("./ReportPage"));
const SharedReportPage = lazy(() => import("./SharedReportPage"));
const HistoryPage = lazy(() => import("./HistoryPage"));
const NotFound = lazy(() => import("./NotFound"));

export const router = createBrowserRouter([
  {
    element: <AppShell />,
    children: [
      { path: "/signin", element: <AuthPage mode="signin" /> },
      { path: "/signup", element: <AuthPage mode="signup" /> },
      { path: "/share/:token", element: <SharedReportPage /> },
      { path: "/", element: <RequireAuth><LobbyPage /></RequireAuth> },
      { path: "/interview/:id", element: <RequireAuth><InterviewPage /></RequireAuth> },
      { path: "/report/:id", element: <RequireAuth><ReportPage /></RequireAuth> },
      { path: "/history", element: <RequireAuth><HistoryPage /></RequireAuth> },
      { path: "*", element: <NotFound /> },
    ],
  },
]);
