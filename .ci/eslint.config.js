// ESLint for the whole repository (`npm run lint`). Kept under .ci/ so the top level stays as the
// customer drew it; `basePath` points the patterns back at the repository root.
import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { basePath: "..", ignores: ["build/**", "public/build/**", "node_modules/**", ".data/**", "test-output/**", "db/migrations/**"] },
  // The bare reference app of `npm run bench:pages` builds into its own folders.
  { ignores: ["**/bench/bare-app/build/**", "**/bench/bare-app/public/**"] },
  {
    basePath: "..",
    files: ["**/*.{ts,tsx,js}"],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    plugins: { "react-hooks": reactHooks },
    languageOptions: { ecmaVersion: 2023, sourceType: "module", globals: { process: "readonly", console: "readonly", URL: "readonly", Buffer: "readonly", setTimeout: "readonly", clearTimeout: "readonly" } },
    rules: {
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "warn",
      "@typescript-eslint/no-explicit-any": "off",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-console": "off",
    },
  },
);
