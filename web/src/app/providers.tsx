import { type CSSVariablesResolver, MantineProvider, createTheme } from "@mantine/core";
import { QueryClientProvider, type QueryClient } from "@tanstack/react-query";
import type { ReactNode } from "react";

// System fonts only: the app loads nothing from elsewhere.
const theme = createTheme({
  primaryColor: "blue",
  primaryShade: 8,
  defaultRadius: "md",
});

const PALE = new Set(["yellow", "orange", "lime"]);

// Mantine's "dimmed" grey and the text of its "light" variants (badges, alerts, active
// navigation) fall below the WCAG AA contrast ratio; these shades meet it.
const resolver: CSSVariablesResolver = (t) => ({
  variables: {},
  light: {
    "--mantine-color-dimmed": "#5c636a",
    "--mantine-color-placeholder": "#5c636a",
    // Field errors (message, border and the field's text) in a red dark enough to read.
    "--mantine-color-error": "var(--mantine-color-red-9)",
    ...Object.fromEntries(
      Object.keys(t.colors).map((color) => [
        `--mantine-color-${color}-light-color`,
        PALE.has(color) ? "var(--mantine-color-dark-8)" : `var(--mantine-color-${color}-9)`,
      ]),
    ),
  },
  dark: {},
});

export function AppProviders({ client, children }: { client: QueryClient; children: ReactNode }) {
  return (
    <MantineProvider theme={theme} cssVariablesResolver={resolver}>
      <QueryClientProvider client={client}>{children}</QueryClientProvider>
    </MantineProvider>
  );
}
