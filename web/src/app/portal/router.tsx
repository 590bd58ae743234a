import type { AppRoute } from "../route-tree";
import { PortalLayout } from "./PortalLayout";

/**
 * The client portal at /o/<practice-slug>/. `enter/<token>` is the emailed sign-in link; the
 * home screen shows sign-in to a signed-out visitor and the appointments to a signed-in one.
 */
export const portalRoutes: AppRoute[] = [
    {
      element: <PortalLayout />,
      children: [
        { index: true, lazy: () => import("./routes/home") },
        { path: "enter/:token", lazy: () => import("./routes/enter") },
        { path: "documents", lazy: () => import("./routes/documents") },
        { path: "billing", lazy: () => import("./routes/billing") },
        { path: "*", lazy: () => import("./routes/home") },
      ],
    },
];
