import type { AppRoute } from "../route-tree";
import { RequireStaff } from "./auth-guard";
import { StaffLayout } from "./layout/StaffLayout";

/**
 * The staff app's routes. Screens load on demand (each `lazy` is its own chunk), so the
 * first screen stays within the bundle budget. A screen's path must never equal an API GET
 * path (the service answers those itself): /calendar, /clients/..., /settings/..., /audit/...
 */
export const staffRoutes: AppRoute[] = [
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
          { path: "clients", lazy: () => import("./routes/clients") },
          { path: "clients/people/new", lazy: () => import("./routes/new-person") },
          { path: "clients/people/:personId", lazy: () => import("./routes/person") },
          { path: "clients/cases", lazy: () => import("./routes/cases") },
          { path: "clients/cases/new", lazy: () => import("./routes/new-case") },
          { path: "clients/cases/:caseId", lazy: () => import("./routes/case") },
          { path: "settings", lazy: () => import("./routes/settings") },
          { path: "settings/locations", lazy: () => import("./routes/settings-locations") },
          { path: "settings/services", lazy: () => import("./routes/settings-services") },
          { path: "settings/staff", lazy: () => import("./routes/settings-staff") },
          { path: "settings/plan", lazy: () => import("./routes/settings-plan") },
          { path: "settings/portal", lazy: () => import("./routes/settings-portal") },
          { path: "settings/security", lazy: () => import("./routes/settings-security") },
          { path: "settings/documents", lazy: () => import("./routes/settings-documents") },
          { path: "settings/contacts", lazy: () => import("./routes/settings-contacts") },
          { path: "settings/scheduling", lazy: () => import("./routes/settings-scheduling") },
          { path: "settings/feeds", lazy: () => import("./routes/settings-feeds") },
          { path: "settings/note-templates", lazy: () => import("./routes/settings-note-templates") },
          { path: "settings/billing", lazy: () => import("./routes/settings-billing") },
          { path: "finance/outstanding", lazy: () => import("./routes/outstanding") },
          { path: "finance/revenue", lazy: () => import("./routes/revenue") },
          { path: "finance/invoices/:invoiceId", lazy: () => import("./routes/invoice") },
          { path: "acting", lazy: () => import("./routes/acting") },
          { path: "audit/access-log", lazy: () => import("./routes/access-log") },
          { path: "audit/history", lazy: () => import("./routes/history") },
          { path: "clients/cases/:caseId/clinical", lazy: () => import("./routes/case-clinical") },
          { path: "work/tasks", lazy: () => import("./routes/tasks") },
          { path: "work/review/:noteId?", lazy: () => import("./routes/review-queue") },
          { path: "work/notes/:noteId", lazy: () => import("./routes/note") },
          { path: "work/sessions/:appointmentId/note", lazy: () => import("./routes/session-note") },
          { path: "*", lazy: () => import("./routes/not-found") },
        ],
      },
    ],
  },
];
