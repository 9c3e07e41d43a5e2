// Shared by the server and the browser: the languages we speak and where their words live.
import en from "./locales/en";
import zhCN from "./locales/zh-CN";

export const supportedLanguages = ["zh-CN", "en"] as const;
export type Language = (typeof supportedLanguages)[number];
export const defaultLanguage: Language = "zh-CN";

export const resources = {
  "zh-CN": { common: zhCN },
  en: { common: en },
};

export const i18nConfig = {
  supportedLngs: [...supportedLanguages],
  fallbackLng: defaultLanguage,
  defaultNS: "common",
  ns: ["common"],
  interpolation: { escapeValue: false },
  react: { useSuspense: false },
};

export function isLanguage(value: unknown): value is Language {
  return typeof value === "string" && (supportedLanguages as readonly string[]).includes(value);
}
