// The header's 注册 button meets WCAG AA (4.5:1 for its text) in every state — at rest, hovered,
// focused, and on /signup where it is the current page — measured from the colours the browser
// computes, with WCAG 2's relative-luminance formula.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { launchBrowser, newContext, newPage, openNavIfCollapsed, screenshot, waitForHydration } from "./support";

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

function luminance([r, g, b]: number[]) {
  const channel = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

function contrastRatio(foreground: number[], background: number[]) {
  const [light, dark] = [luminance(foreground), luminance(background)].sort((a, b) => b - a);
  return (light + 0.05) / (dark + 0.05);
}

/** The text colour and the (opaque) background colour the browser paints for the button. */
async function coloursOf(page: Page) {
  return page.locator('header a[href="/signup"]').evaluate((el) => {
    const rgb = (value: string) => (value.match(/[\d.]+/g) ?? []).slice(0, 4).map(Number);
    const text = rgb(getComputedStyle(el).color);
    let node: Element | null = el;
    let background = [255, 255, 255];
    while (node) {
      const bg = rgb(getComputedStyle(node).backgroundColor);
      if (bg.length >= 3 && (bg.length === 3 || bg[3] > 0.99)) {
        background = bg.slice(0, 3);
        break;
      }
      node = node.parentElement;
    }
    return { text: text.slice(0, 3), background };
  });
}

describe("the header's 注册 button", () => {
  test("contrast ≥ 4.5:1 at rest, hovered, focused and on /signup, on a laptop and a phone", async () => {
    for (const viewport of [{ width: 1280, height: 800 }, { width: 375, height: 800 }]) {
      const context = await newContext(browser, { viewport });
      const { page } = await newPage(context);
      for (const path of ["/", "/signup"]) {
        await page.goto(path);
        await waitForHydration(page);
        await openNavIfCollapsed(page);
        const button = page.locator('header a[href="/signup"]');
        const states: [string, () => Promise<void>][] = [
          ["rest", async () => page.mouse.move(0, 0)],
          ["hover", async () => button.hover()],
          ["focus", async () => button.focus()],
        ];
        for (const [state, enter] of states) {
          await enter();
          await page.waitForTimeout(250); // transitions
          const { text, background } = await coloursOf(page);
          const ratio = contrastRatio(text, background);
          expect(ratio, `${path} at ${viewport.width} px, ${state}: text rgb(${text}) on rgb(${background}) is ${ratio.toFixed(2)}:1`).toBeGreaterThanOrEqual(4.5);
        }
        await screenshot(page, `journey-contrast-${path === "/" ? "home" : "signup"}-${viewport.width}`);
      }
      await context.close();
    }
  });
});
