// The Express application around the Remix build: security headers, compression, static files,
// request guards, then Remix.
import { AsyncLocalStorage } from "node:async_hooks";
import crypto from "node:crypto";
import path from "node:path";
import { createRequestHandler } from "@remix-run/express";
import compression from "compression";
import express from "express";
import expressStaticGzip from "express-static-gzip";
import helmet from "helmet";
import { createGuards } from "./guards.js";

const guardMessages = {
  "zh-CN": {
    forbidden: "请求来源无效，已拒绝。请刷新页面后重试。",
    tooLarge: "提交的内容过大（上限 1 MB，附件 12 MB）。",
    badHost: "请求的域名不属于本站，已拒绝。",
    badAddress: "网址中含有无效字符，请检查链接后重试。",
  },
  en: {
    forbidden: "Request refused: it did not come from this site. Reload the page and try again.",
    tooLarge: "The request is too large (1 MB, or 12 MB for attachments).",
    badHost: "Request refused: this site does not answer to that host name.",
    badAddress: "The address holds characters that are not allowed. Check the link and try again.",
  },
};

/**
 * @param {{ build: import("@remix-run/node").ServerBuild, root: string, production: boolean, trustProxy: string, publicUrl?: string, allowedHosts: string[] }} options
 */
export function createApp({ build, root, production, trustProxy, publicUrl, allowedHosts }) {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", trustProxy === "true" ? true : trustProxy === "false" ? false : trustProxy);

  app.use((req, res, next) => {
    res.locals.cspNonce = crypto.randomBytes(16).toString("base64");
    next();
  });
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          "default-src": ["'self'"],
          "script-src": ["'self'", (_req, res) => `'nonce-${res.locals.cspNonce}'`],
          "style-src": ["'self'", "'unsafe-inline'"],
          "img-src": ["'self'", "data:", "blob:"],
          "font-src": ["'self'", "data:"],
          "connect-src": ["'self'"],
          "form-action": ["'self'", "https://checkout.stripe.com"],
          "frame-ancestors": ["'none'"],
          "base-uri": ["'self'"],
          "object-src": ["'none'"],
        },
      },
      // HTTP Strict Transport Security only where the site is served over TLS in production.
      strictTransportSecurity: production ? { maxAge: 31_536_000, includeSubDomains: true } : false,
      crossOriginEmbedderPolicy: false,
      referrerPolicy: { policy: "strict-origin-when-cross-origin" },
    }),
  );
  app.use(compression());

  // The build's files as compressed once at build time (precompress.js), brotli first; a file
  // without its compressed copies is sent as is and compressed on the fly above.
  app.use(
    "/build",
    expressStaticGzip(path.join(root, "public/build"), {
      enableBrotli: true,
      orderPreference: ["br", "gz"],
      serveStatic: { immutable: true, maxAge: "1y" },
    }),
  );
  // public/'s other files (the favicon): only a path that names a file (its last segment has an
  // extension) can be one, so page URLs go on to Remix without a stat() of the disk each.
  const publicFiles = express.static(path.join(root, "public"), { maxAge: "1h" });
  app.use((req, res, next) => (/\.[^/]+$/.test(req.path) ? publicFiles(req, res, next) : next()));

  app.use(
    createGuards({
      trustedOrigins: publicUrl ? [publicUrl] : [],
      allowedHosts,
      messages: (req) => (String(req.headers.cookie ?? "").includes("lng=en") ? guardMessages.en : guardMessages["zh-CN"]),
    }),
  );

  // A page's loaders share the answers that stay the same for the request (the signed-in session,
  // the memberships: app/modules/platform/request-scope.server.ts). Only reads: after an action in
  // the same request (a form posted without JavaScript) the loaders must see what it changed.
  const requestScope = (globalThis[Symbol.for("haopu.requestScope")] ??= new AsyncLocalStorage());
  app.use((req, res, next) => {
    if (req.method === "GET" || req.method === "HEAD") requestScope.run(new Map(), next);
    else next();
  });

  app.all(
    "*",
    createRequestHandler({
      build,
      mode: production ? "production" : "development",
      getLoadContext: (req, res) => ({ clientIp: req.ip ?? null, cspNonce: res.locals.cspNonce }),
    }),
  );
  return app;
}
