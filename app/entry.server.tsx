import { Writable } from "node:stream";
import { type AppLoadContext, type EntryContext } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { renderToPipeableStream } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { NonceProvider } from "~/components/nonce";
import { getLanguage, i18nFor } from "~/i18n/i18n.server";
import { logger, logRequestError } from "~/modules/platform/logger.server";

/**
 * React 18's streaming renderer leaves NUL bytes in the page where a multi-byte character meets
 * the end of its 8 KB buffer (react#31134; every Chinese page has a few). Browsers skip them, but
 * crawlers, WeChat's link previews and strict parsers may stop there. HTML never holds a NUL, and
 * UTF-8 never uses the byte 0 inside a character, so dropping every 0 byte is exact.
 */
function withoutNulBytes(page: Buffer<ArrayBuffer>): Uint8Array<ArrayBuffer> {
  let at = page.indexOf(0);
  if (at === -1) return page;
  // The pieces between the NULs, copied once (a per-byte filter cost a sixth of a page's CPU).
  const pieces: Buffer[] = [];
  let from = 0;
  while (at !== -1) {
    if (at > from) pieces.push(page.subarray(from, at));
    from = at + 1;
    at = page.indexOf(0, from);
  }
  pieces.push(page.subarray(from));
  return Buffer.concat(pieces);
}

/**
 * The whole page, gathered as React writes it. No page defers data, so the page is ready when
 * its shell is; sending it as one buffer with its length costs one socket write instead of one
 * per React chunk (a few dozen on a page of tables), and lets compression see it all at once.
 */
function pageCollector(done: (page: Uint8Array<ArrayBuffer>) => void, failed: (error: Error) => void) {
  const chunks: Buffer[] = [];
  return new Writable({
    write(chunk: Buffer, _encoding, next) {
      chunks.push(chunk);
      next();
    },
    final(next) {
      done(withoutNulBytes(Buffer.concat(chunks)));
      next();
    },
    destroy(error, next) {
      if (error) failed(error);
      next(error);
    },
  });
}

export { prepare, shutdown } from "~/bootstrap.server";

const ABORT_DELAY = 5_000;

export function handleError(error: unknown, { request }: { request: Request }) {
  if (request.signal.aborted) return;
  logRequestError(logger, error, request.url);
}

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const instance = await i18nFor(await getLanguage(request));
  const nonce = loadContext.cspNonce;

  return new Promise((resolve, reject) => {
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <I18nextProvider i18n={instance}>
          <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
        </I18nextProvider>
      </NonceProvider>,
      {
        nonce,
        onAllReady() {
          pipe(
            pageCollector((page) => {
              responseHeaders.set("Content-Type", "text/html; charset=utf-8");
              responseHeaders.set("Content-Length", String(page.byteLength));
              resolve(new Response(page, { headers: responseHeaders, status: responseStatusCode }));
            }, reject),
          );
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (!request.signal.aborted) logger.error({ err: error }, "render error");
        },
      },
    );
    const timer = setTimeout(abort, ABORT_DELAY);
    timer.unref();
  });
}
