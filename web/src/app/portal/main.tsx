import "./styles";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { RouterProvider } from "react-router";
import { moveOffLoopbackAddress } from "@/lib/passkeys";
import { makeQueryClient } from "@/lib/query-client";
import { AppProviders } from "../providers";
import { portalRouter } from "./router";

if (!moveOffLoopbackAddress()) {
  const queryClient = makeQueryClient(() => undefined); // the portal's guard shows sign-in itself
  createRoot(document.getElementById("root")!).render(
    <StrictMode>
      <AppProviders client={queryClient}>
        <RouterProvider router={portalRouter} />
      </AppProviders>
    </StrictMode>,
  );
}
