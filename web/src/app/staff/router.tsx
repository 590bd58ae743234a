import { createBrowserRouter } from "react-router";
import { RequireStaff } from "./auth-guard";
import { StaffLayout } from "./layout/StaffLayout";

/**
 * The staff app's routes. Screens load on demand (each `lazy` is its own chunk), so the
 * first screen stays within the bundle budget. A screen's path must never equal an API GET
 * path (the service answers those itself): /calendar, /clients/..., /settings/..., /audit/...
 */
export const staffRouter = createBrowserRouter([
  { path: "/sign-in", lazy: () => import("./routes/sign-in") },
  { path: "/join/:token", lazy: () => import("./routes/join") },
  { path: "/reset/:token", lazy: () => import("./routes/reset") },
  {
    element: <RequireStaff />,
    children: [
      {
        element: <StaffLayout />,
        children: [
          { index: true, lazy: () => import("./routes/today") },
          { path: "calendar", lazy: () => import("./routes/calendar") },
          { path: "account", lazy: () => import("./routes/account") },
          { path: "*", lazy: () => import("./routes/not-found") },
        ],
      },
    ],
  },
]);
