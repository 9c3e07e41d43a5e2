// Both catalogues, for the server: page renders, emails, and the catalogue the browser downloads.
import crypto from "node:crypto";
import { supportedLanguages, type Language } from "./config";
import en from "./locales/en";
import zhCN from "./locales/zh-CN";

export const resources = {
  "zh-CN": { common: zhCN },
  en: { common: en },
};

/** One language's catalogue as the browser downloads it (`/locales/<language>`), and its version. */
export const browserCatalogues = Object.fromEntries(
  supportedLanguages.map((language) => {
    const json = JSON.stringify(resources[language].common);
    return [language, { json, version: crypto.createHash("sha256").update(json).digest("hex").slice(0, 12) }];
  }),
) as Record<Language, { json: string; version: string }>;

/** Where the browser fetches a language's catalogue: versioned, so it can be cached for good. */
export function catalogueUrl(language: Language) {
  return `/locales/${language}?v=${browserCatalogues[language].version}`;
}
