/// <reference types="vitest/config" />
import { resolve } from "node:path";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// Two pages: the staff app (index.html, served at /) and the client portal (portal.html,
// served at /o/<practice-slug>/). The manifest lets `make bench` measure what each page loads
// before its first screen.
export default defineConfig({
  plugins: [react()],
  resolve: { alias: { "@": resolve(__dirname, "src") } },
  build: {
    manifest: true,
    sourcemap: false,
    rollupOptions: {
      input: {
        staff: resolve(__dirname, "index.html"),
        portal: resolve(__dirname, "portal.html"),
      },
    },
  },
  server: {
    // `npm run dev` proxies the API to a local `practicerunner serve`.
    proxy: Object.fromEntries(
      ["/auth", "/portal", "/practice", "/staff", "/cases", "/people", "/schedule", "/appointments",
        "/locations", "/services", "/providers", "/access-log", "/history", "/public", "/feeds",
        "/delegations", "/portal-accounts", "/health"].map((p) => [p, "http://localhost:8000"]),
    ),
  },
  test: {
    environment: "jsdom",
    globals: true,
    setupFiles: ["src/test/setup.ts"],
    include: ["src/**/*.test.{ts,tsx}"],
    css: false,
  },
});
