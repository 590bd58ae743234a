import "./styles";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { moveOffLoopbackAddress } from "@/lib/passkeys";
import { portalBasename, portalSlug } from "@/lib/portal-slug";
import { makeQueryClient } from "@/lib/query-client";
import { AppProviders } from "../providers";
import { RouteTree } from "../route-tree";
import { portalRoutes } from "./router";

if (!moveOffLoopbackAddress()) {
  const queryClient = makeQueryClient(() => undefined); // the portal's guard shows sign-in itself
  createRoot(document.getElementById("root")!).render(
    <StrictMode>
      <AppProviders client={queryClient}>
        <RouteTree routes={portalRoutes} basename={portalBasename(portalSlug())} />
      </AppProviders>
    </StrictMode>,
  );
}
