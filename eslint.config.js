// Lint doubles as the seam guard of ARCHITECTURE.md: only src/bot/ may import botbuilder,
// only src/fleet/azure/ (and the Table store) may import the Azure SDKs.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

const botbuilder = { group: ["botbuilder", "botbuilder-*", "botframework-*"], message: "Only src/bot/ imports botbuilder (ARCHITECTURE.md seam 1)." };
const azure = { group: ["@azure/*", "!@azure/core-auth"], message: "Only src/fleet/azure/ imports the Azure SDKs (ARCHITECTURE.md seam 2)." };

export default tseslint.config(
  { ignores: [".scratch*/", "node_modules/", "dist/", "coverage/", "test-artifacts/", ".data/", "**/*.generated.*", "src/devchat/public/vendor/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
      "no-restricted-imports": ["error", { patterns: [botbuilder, azure] }],
    },
  },
  { files: ["src/bot/**"], rules: { "no-restricted-imports": ["error", { patterns: [azure] }] } },
  { files: ["src/fleet/azure/**", "src/store/table-store.ts"], rules: { "no-restricted-imports": ["error", { patterns: [botbuilder] }] } },
  { files: ["test/**", "bench/**", "scripts/**"], rules: { "no-restricted-imports": "off", "@typescript-eslint/no-non-null-assertion": "off" } },
  { files: ["**/*.js", "**/*.cjs"], languageOptions: { globals: { console: "readonly", process: "readonly", window: "readonly", document: "readonly", fetch: "readonly" } } },
);
