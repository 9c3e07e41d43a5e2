// The browser's stand-in for i18next (decision 023): react-i18next asks an instance for little —
// `getFixedT`, `language`, `on`/`off("languageChanged")`, `hasLoadedNamespace`, `changeLanguage` —
// and i18next itself was 13.5 kB gzip of every page's JavaScript. The server keeps i18next; this
// translates one language's catalogue by i18next 23's rules for what our catalogues and calls use:
// nested keys and keys that hold dots, `ns:key`, `{{value}}` (never escaped, as configured),
// `_zero`/`_one`/`_other` plurals by Intl.PluralRules (cardinal), `_<context>`, `defaultValue`, and an
// object where a string was asked for. Not here, because no catalogue uses them: nesting (`$t(…)`),
// formats (`{{value, number}}`), ordinals, arrays of keys, `returnObjects`, `keyPrefix`. tests/unit/browser-i18n.test.ts
// compares it with i18next on every key of both catalogues.
import { i18nConfig } from "./config";

type Catalogue = Record<string, unknown>;
type Options = Record<string, unknown>;
type Listener = (language: string) => void;

const isString = (value: unknown): value is string => typeof value === "string";
const isRecord = (value: unknown): value is Record<string, unknown> => Boolean(value) && typeof value === "object";
const hasOwn = (value: object, key: string) => Object.prototype.hasOwnProperty.call(value, key);

/** i18next's `getPath`: own properties down to the last segment. */
function getPath(object: unknown, path: string[]): unknown {
  let current = object;
  for (const segment of path.slice(0, -1)) {
    if (!current || isString(current)) return undefined;
    current = hasOwn(current as object, segment) ? (current as Record<string, unknown>)[segment] : {};
  }
  if (!current || isString(current)) return undefined;
  return (current as Record<string, unknown>)[path[path.length - 1]];
}

/** i18next's `deepFind`: the path again, letting one key hold several dotted segments ("housing.rent_billed"). */
function deepFind(object: unknown, path: string): unknown {
  if (!isRecord(object)) return undefined;
  if (object[path]) return object[path];
  const tokens = path.split(".");
  let current: unknown = object;
  for (let i = 0; i < tokens.length; ) {
    if (!isRecord(current)) return undefined;
    let next: unknown;
    let nextPath = "";
    for (let j = i; j < tokens.length; ++j) {
      nextPath += (j !== i ? "." : "") + tokens[j];
      next = current[nextPath];
      if (next !== undefined) {
        if (["string", "number", "boolean"].includes(typeof next) && j < tokens.length - 1) continue;
        i = j + 1;
        break;
      }
    }
    current = next;
  }
  return current;
}

function lookUp(object: unknown, key: string): unknown {
  const found = getPath(object, key.split("."));
  return found || !key ? found : deepFind(object, key);
}

/** What counts as found: not undefined, not null; an empty string is a translation. */
const isFound = (value: unknown) => value !== undefined && value !== null;

/** `{{-name}}` then `{{name}}`; a variable not given stays as written, one given as undefined is "". */
function interpolate(text: string, data: Options, options: Options) {
  for (const pattern of [/\{\{-(.+?)\}\}/g, /\{\{(.+?)\}\}/g]) {
    let replaces = 0;
    for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
      const name = match[1].trim();
      let value = lookUp(data, name);
      if (value === undefined) {
        if (!hasOwn(options, name)) continue;
        value = "";
      }
      const written = isString(value) ? value : value == null ? "" : String(value);
      text = text.replace(match[0], written.replace(/\$/g, "$$$$"));
      pattern.lastIndex += written.length - match[0].length;
      if (++replaces >= 1000) break;
    }
  }
  return text;
}

export class BrowserI18n {
  language: string;
  languages: string[];
  readonly isInitialized = true;
  readonly options = { ...i18nConfig, fallbackLng: false as const };
  /** react-i18next keeps the namespaces it saw here. */
  reportNamespaces?: unknown;
  private readonly catalogues = new Map<string, Catalogue>();
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly pluralRules = new Map<string, Intl.PluralRules>();

  /** `load` fetches another language's catalogue when the reader switches to it. */
  constructor(
    language: string,
    catalogue: Catalogue,
    private readonly load: (language: string) => Promise<Catalogue>,
  ) {
    this.language = language;
    this.languages = [language];
    this.catalogues.set(language, catalogue);
  }

  on(events: string, listener: Listener) {
    for (const event of events.split(" ")) {
      const listeners = this.listeners.get(event) ?? new Set();
      listeners.add(listener);
      this.listeners.set(event, listeners);
    }
    return this;
  }

  off(event: string, listener?: Listener) {
    if (listener) this.listeners.get(event)?.delete(listener);
    else this.listeners.delete(event);
  }

  hasLoadedNamespace() {
    return true;
  }

  loadNamespaces(_namespaces: unknown, done?: () => void) {
    done?.();
    return Promise.resolve();
  }

  /** Fetches the language's catalogue if it is new, then switches; a failed fetch keeps the current language. */
  async changeLanguage(language: string) {
    if (language && language !== this.language) {
      try {
        if (!this.catalogues.has(language)) this.catalogues.set(language, await this.load(language));
        this.language = language;
        this.languages = [language];
        for (const listener of [...(this.listeners.get("languageChanged") ?? [])]) listener(language);
      } catch (error) {
        console.error(error);
      }
    }
    return this.t;
  }

  exists(key: unknown) {
    return key !== undefined && key !== null && this.resolve(this.splitNamespace(String(key), {}), {}) !== undefined;
  }

  /** The `t` react-i18next hands to components: the language is the one current when it is called. */
  getFixedT(_language?: unknown, namespace?: string) {
    return (key: unknown, options?: unknown, ...rest: unknown[]) => this.t(key, withDefaults(options, rest, namespace));
  }

  t = (key: unknown, options?: unknown, ...rest: unknown[]): string => this.translate(key, withDefaults(options, rest));

  private translate(keys: unknown, options: Options): string {
    if (keys === undefined || keys === null) return "";
    const { key, namespace } = this.splitNamespace(String(keys), options);
    let found = this.resolve({ key, namespace }, options);
    if (isRecord(found)) return `key '${key} (${this.language})' returned an object instead of string.`;
    if (!isFound(found)) {
      const suffix = this.pluralSuffix(options);
      const zero = suffix !== null && options.count === 0 ? options.defaultValue_zero : undefined;
      if (Object.keys(options).some((option) => option.startsWith("defaultValue") && options[option] !== undefined)) {
        found = zero || options[`defaultValue${suffix ?? ""}`] || options.defaultValue;
      }
      if (!isFound(found)) found = key;
    }
    if (!isString(found)) return found as string;
    const data = isRecord(options.replace) ? options.replace : options;
    return interpolate(found, data, options);
  }

  /** i18next's `extractFromKey`: "ns:key" names a namespace unless the key reads like a sentence. */
  private splitNamespace(key: string, options: Options) {
    const namespace = isString(options.ns) ? options.ns : this.options.defaultNS;
    const sentence = /( |,|\?|!|;)/;
    const dot = key.indexOf(".");
    const looksLikePath = !sentence.test(key) || (dot > 0 && !sentence.test(key.substring(0, dot)));
    if (!key.includes(":") || !looksLikePath || /\$t\((.+?)\)/.test(key)) return { key, namespace };
    const [first, ...parts] = key.split(":");
    return { key: parts.join("."), namespace: first };
  }

  private resolve({ key, namespace }: { key: string; namespace: string }, options: Options): unknown {
    const catalogue = namespace === this.options.defaultNS ? this.catalogues.get(this.language) : undefined;
    const candidates = [key];
    const suffix = this.pluralSuffix(options);
    const zero = suffix !== null && options.count === 0;
    if (suffix !== null) candidates.push(key + suffix, ...(zero ? [`${key}_zero`] : []));
    const context = options.context;
    if (context !== undefined && context !== "" && (isString(context) || typeof context === "number")) {
      const contextKey = `${key}_${context}`;
      candidates.push(contextKey);
      if (suffix !== null) candidates.push(contextKey + suffix, ...(zero ? [`${contextKey}_zero`] : []));
    }
    // The most specific first, as i18next tries them.
    for (let i = candidates.length - 1; i >= 0; i--) {
      const found = lookUp(catalogue, candidates[i]);
      if (isFound(found)) return found;
    }
    return undefined;
  }

  /** "_one", "_other"…; null when the call asks for no plural. */
  private pluralSuffix(options: Options): string | null {
    const count = options.count;
    if (count === undefined || isString(count)) return null;
    let rules = this.pluralRules.get(this.language);
    if (!rules) {
      rules = new Intl.PluralRules(this.language);
      this.pluralRules.set(this.language, rules);
    }
    return `_${rules.select(count as number)}`;
  }
}

/** i18next's reading of `t(key, "default value")` and `t(key, options)`. */
function withDefaults(options: unknown, rest: unknown[], namespace?: string): Options {
  let read: Options;
  if (isRecord(options)) read = { ...options };
  else {
    read = {};
    if (isString(options)) read.defaultValue = options;
    const more = rest[1] ?? rest[0];
    if (isRecord(more)) Object.assign(read, more);
  }
  if (namespace && !read.ns) read.ns = namespace;
  return read;
}
