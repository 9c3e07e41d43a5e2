import { createCookie } from "@remix-run/node";
import { createInstance, type i18n as I18n, type TFunction } from "i18next";
import { initReactI18next } from "react-i18next";
import { RemixI18Next } from "remix-i18next/server";
import { defaultLanguage, i18nConfig, isLanguage, supportedLanguages, type Language } from "./config";
import { resources } from "./resources.server";

/** The chosen language, remembered for a year. */
export const languageCookie = createCookie("lng", { path: "/", sameSite: "lax", httpOnly: true, maxAge: 31_536_000 });

const remixI18next = new RemixI18Next({
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

const instances = new Map<Language, Promise<I18n>>();

/**
 * The one initialised i18next instance of a language, shared by every page render and email:
 * creating and initialising one per request cost about a tenth of a page's server time. Nothing
 * on the server changes an instance's language (the browser's `changeLanguage` runs in an effect).
 */
export function i18nFor(language: string): Promise<I18n> {
  const lng = isLanguage(language) ? language : defaultLanguage;
  let instance = instances.get(lng);
  if (!instance) {
    const created = createInstance();
    instance = created
      .use(initReactI18next)
      .init({ ...i18nConfig, resources, lng })
      .then(() => rememberTranslations(rememberResolveHierarchy(created)));
    instances.set(lng, instance);
  }
  return instance;
}

/**
 * Every `t()` works out the instance's language and its fallbacks again (`toResolveHierarchy`,
 * with `Intl.getCanonicalLocales` on each code): ~5 % of a page's server CPU. An instance's
 * language never changes on the server, so the answer is kept per (language, fallback).
 */
function rememberResolveHierarchy(instance: I18n): I18n {
  const utils = instance.services.languageUtils as { toResolveHierarchy(code: string, fallbackCode?: unknown): string[] };
  const compute = utils.toResolveHierarchy.bind(utils);
  const known = new Map<string, readonly string[]>();
  utils.toResolveHierarchy = (code, fallbackCode) => {
    if (typeof code !== "string" || (fallbackCode !== undefined && typeof fallbackCode !== "string")) return compute(code, fallbackCode);
    const key = `${code}\u0000${fallbackCode ?? ""}`;
    let codes = known.get(key);
    if (!codes) {
      codes = compute(code, fallbackCode);
      known.set(key, codes);
    }
    return codes.slice();
  };
  return instance;
}

/** How many different calls a language's translator remembers before it starts afresh. */
const REMEMBERED_CALLS = 20_000;
/**
 * The longest call key remembered: option values can be what someone typed (a name, a search),
 * and 20,000 long ones would hold gigabytes. A longer call goes to i18next every time.
 */
const REMEMBERED_KEY_LENGTH = 400;

/**
 * The key a `t()` call is remembered under: its words' key and every option, when every option is
 * a plain value (a name, a count, a language). `undefined` when an option is an object (a list of
 * namespaces aside), which i18next may read in ways a key cannot stand for.
 */
function callKey(keys: unknown, options: Record<string, unknown> | undefined): string | undefined {
  if (typeof keys !== "string" || keys.length > REMEMBERED_KEY_LENGTH) return undefined;
  let key = keys;
  if (!options) return key;
  for (const name in options) {
    let value = options[name];
    if (value === undefined) continue;
    if (name === "ns" && Array.isArray(value)) value = value.join(",");
    // react-i18next's `t` passes `lngs: null`: a null is a plain value too.
    const type = value === null ? "null" : typeof value;
    if (type !== "string" && type !== "number" && type !== "boolean" && type !== "null") return undefined;
    key += `\u0000${name}\u0001${type}:${String(value)}`;
    if (key.length > REMEMBERED_KEY_LENGTH) return undefined;
  }
  return key;
}

/**
 * A page asks for the same words many times (a menu entry, a column heading, a status, "3 days"
 * under each offering), and i18next looks each up and checks it for nesting, plurals and
 * interpolation every time: ~6–10 % of a page's server CPU. On the server the resources never
 * change and an instance's language is fixed, so what a call gives is remembered under its key and
 * options (plain values only, and short ones; any other call goes to i18next every time). At most
 * REMEMBERED_CALLS different calls are kept; then the memory starts afresh.
 */
function rememberTranslations(instance: I18n): I18n {
  type Translate = (keys: unknown, options?: Record<string, unknown>, lastKey?: unknown) => unknown;
  const translator = (instance as unknown as { translator: { translate: Translate } }).translator;
  const translate: Translate = translator.translate.bind(translator);
  const known = new Map<string, string>();
  translator.translate = (keys, options, lastKey) => {
    const key = lastKey === undefined ? callKey(keys, options) : undefined;
    if (key === undefined) return translate(keys, options, lastKey);
    const remembered = known.get(key);
    if (remembered !== undefined) return remembered;
    const words = translate(keys, options, lastKey);
    if (typeof words === "string") {
      if (known.size >= REMEMBERED_CALLS) known.clear();
      known.set(key, words);
    }
    return words;
  };
  return instance;
}

/** A translate function for one language, for emails and anything else rendered off-page. */
export async function translator(language: string): Promise<TFunction> {
  return (await i18nFor(language)).t;
}
