import { RemixBrowser } from "@remix-run/react";
import i18next, { type BackendModule } from "i18next";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { I18nextProvider, initReactI18next } from "react-i18next";
import { i18nConfig, isLanguage, defaultLanguage } from "~/i18n/config";

/**
 * The browser holds only the reader's language: its catalogue comes from `/locales/<language>`
 * (preloaded by the page's `<link rel="preload">`, which carries the versioned URL), and another
 * language is fetched the same way when the reader switches to it.
 */
function catalogueUrl(language: string) {
  const preload = document.querySelector<HTMLLinkElement>(`link[rel="preload"][data-catalogue="${language}"]`);
  return preload?.href ?? `/locales/${language}`;
}

async function fetchCatalogue(language: string) {
  const response = await fetch(catalogueUrl(language));
  if (!response.ok) throw new Error(`the ${language} catalogue answered ${response.status}`);
  return response.json();
}

const catalogueBackend: BackendModule = {
  type: "backend",
  init() {},
  read(language, _namespace, callback) {
    fetchCatalogue(language).then(
      (catalogue) => callback(null, catalogue),
      (error: Error) => callback(error, null),
    );
  },
};

async function hydrate() {
  const lng = isLanguage(document.documentElement.lang) ? document.documentElement.lang : defaultLanguage;
  const common = await fetchCatalogue(lng);
  await i18next
    .use(catalogueBackend)
    .use(initReactI18next)
    .init({
      ...i18nConfig,
      lng,
      resources: { [lng]: { common } },
      partialBundledLanguages: true,
      // Both catalogues have every key (a unit test and en.ts's type check it), so the browser
      // never needs a second language to fall back on.
      fallbackLng: false,
    });
  startTransition(() => {
    hydrateRoot(
      document,
      <I18nextProvider i18n={i18next}>
        <StrictMode>
          <RemixBrowser />
        </StrictMode>
      </I18nextProvider>,
    );
  });
}

void hydrate();
