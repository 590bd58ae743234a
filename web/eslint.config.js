// Lint the app's TypeScript. The import rule keeps the direction shared -> features -> app:
// features never import each other or the app; shared code (components, lib) imports neither.
import js from "@eslint/js";
import { createTypeScriptImportResolver } from "eslint-import-resolver-typescript";
import importX from "eslint-plugin-import-x";
import tseslint from "typescript-eslint";

const features = ["auth", "portal", "today", "audit", "clients", "cases", "settings", "acting", "notes", "review", "clinical", "tasks", "attention", "workflow", "calendar", "appointments", "portal-appointments", "billing"];

export default tseslint.config(
  { ignores: ["dist", "node_modules", "src/lib/api/schema.d.ts"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["src/**/*.{ts,tsx}"],
    plugins: { "import-x": importX },
    settings: { "import-x/resolver-next": [createTypeScriptImportResolver({ project: "./tsconfig.json" })] },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
      "import-x/no-restricted-paths": [
        "error",
        {
          zones: [
            ...features.map((feature) => ({
              target: `./src/features/${feature}`,
              from: "./src/features",
              except: [`./${feature}`],
              message: "Features never import each other; share through src/components or src/lib.",
            })),
            { target: "./src/features", from: "./src/app", message: "Features never import the app." },
            {
              target: ["./src/components", "./src/lib"],
              from: ["./src/features", "./src/app"],
              message: "Shared code imports neither features nor the app.",
            },
          ],
        },
      ],
    },
  },
);
