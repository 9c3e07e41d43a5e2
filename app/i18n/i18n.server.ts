import { createCookie } from "@remix-run/node";
import { createInstance, type TFunction } from "i18next";
import { RemixI18Next } from "remix-i18next/server";
import { defaultLanguage, i18nConfig, isLanguage, resources, supportedLanguages, type Language } from "./config";

/** The chosen language, remembered for a year. */
export const languageCookie = createCookie("lng", { path: "/", sameSite: "lax", httpOnly: true, maxAge: 31_536_000 });

export const remixI18next = new RemixI18Next({
  detection: {
    supportedLanguages: [...supportedLanguages],
    fallbackLanguage: defaultLanguage,
    cookie: languageCookie,
    // Chinese first: the browser's Accept-Language is deliberately not consulted.
    order: ["searchParams", "cookie"],
  },
  i18next: { ...i18nConfig, resources },
});

export async function getLanguage(request: Request): Promise<Language> {
  const detected = await remixI18next.getLocale(request);
  return isLanguage(detected) ? detected : defaultLanguage;
}

const translators = new Map<Language, Promise<TFunction>>();

/** A translate function for one language, for emails and anything else rendered off-page. */
export function translator(language: string): Promise<TFunction> {
  const lng = isLanguage(language) ? language : defaultLanguage;
  let t = translators.get(lng);
  if (!t) {
    const instance = createInstance();
    t = instance.init({ ...i18nConfig, resources, lng }).then(() => instance.t);
    translators.set(lng, t);
  }
  return t;
}
