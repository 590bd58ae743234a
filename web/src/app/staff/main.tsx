// The whole of Mantine's CSS: the staff app uses most of its components.
import "@mantine/core/styles.css";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import type { NavigateFunction } from "react-router";
import { moveOffLoopbackAddress } from "@/lib/passkeys";
import { makeQueryClient } from "@/lib/query-client";
import { AppProviders } from "../providers";
import { RouteTree } from "../route-tree";
import { staffRoutes } from "./router";

let navigate: NavigateFunction | undefined;
const keepNavigator = (n: NavigateFunction) => {
  navigate = n;
};

if (!moveOffLoopbackAddress()) {
  const queryClient = makeQueryClient(() => {
    const path = window.location.pathname;
    if (!path.startsWith("/sign-in") && !path.startsWith("/join/") && !path.startsWith("/reset/")) {
      void navigate?.("/sign-in", { state: { from: path, reason: "Your session ended. Sign in again to go on." } });
    }
  });
  createRoot(document.getElementById("root")!).render(
    <StrictMode>
      <AppProviders client={queryClient}>
        <RouteTree routes={staffRoutes} onNavigator={keepNavigator} />
      </AppProviders>
    </StrictMode>,
  );
}
