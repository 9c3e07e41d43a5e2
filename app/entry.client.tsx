import { RemixBrowser } from "@remix-run/react";
import type { i18n as I18n } from "i18next";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { I18nextProvider, initReactI18next } from "react-i18next";
import { BrowserI18n } from "~/i18n/browser-i18n";
import { isLanguage, defaultLanguage } from "~/i18n/config";

/**
 * The browser holds only the reader's language: its catalogue comes from `/locales/<language>`
 * (preloaded by the page's `<link rel="preload">`, which carries the versioned URL), and another
 * language is fetched the same way when the reader switches to it. It is translated by a small
 * stand-in for i18next (`~/i18n/browser-i18n`, decision 023); the server renders with i18next.
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

async function hydrate() {
  const lng = isLanguage(document.documentElement.lang) ? document.documentElement.lang : defaultLanguage;
  // react-i18next reads only the part of i18next's interface the stand-in has.
  const i18n = new BrowserI18n(lng, await fetchCatalogue(lng), fetchCatalogue) as unknown as I18n;
  initReactI18next.init(i18n);
  startTransition(() => {
    hydrateRoot(
      document,
      <I18nextProvider i18n={i18n}>
        <StrictMode>
          <RemixBrowser />
        </StrictMode>
      </I18nextProvider>,
    );
  });
}

void hydrate();
