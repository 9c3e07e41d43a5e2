// HTTP guards that run before Remix sees a request. Plain JavaScript because the Express server
// starts without a TypeScript toolchain; unit-tested in tests/unit/guards.test.ts.
import { isAllowedHost } from "./hosts.js";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
/** Paths called by machines with their own credentials (API keys, webhook signatures), not cookies. */
const MACHINE_PATHS = [/^\/api\//, /^\/webhooks\//];

/**
 * Refuses a state-changing request whose Origin (or, failing that, Referer) is not this site.
 * A browser always sends Origin on a cross-site POST, so a forged form from another site is
 * refused even though SameSite=Lax already keeps the session cookie off it.
 * @param {{ method: string, path: string, headers: Record<string, string | string[] | undefined>, host: string, protocol: string }} req
 * @param {string[]} trustedOrigins extra origins allowed (PUBLIC_URL)
 * @returns {boolean}
 */
export function isSameOriginRequest(req, trustedOrigins = []) {
  if (SAFE_METHODS.has(req.method)) return true;
  if (MACHINE_PATHS.some((re) => re.test(req.path))) return true;
  const origin = header(req.headers.origin) ?? originOf(header(req.headers.referer));
  if (!origin || origin === "null") return false;
  const allowed = new Set([`${req.protocol}://${req.host}`, ...trustedOrigins.map((o) => new URL(o).origin)]);
  return allowed.has(origin);
}

function header(value) {
  return Array.isArray(value) ? value[0] : value;
}

function originOf(url) {
  if (!url) return undefined;
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

/** C0 control characters and DEL: never part of a page address or a query parameter here. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

/**
 * Whether a request target is one we can route: its path decodes as UTF-8 and neither the path
 * nor any query parameter (name or value) holds a control character. A NUL in a route parameter
 * reached PostgreSQL, which refuses it, and the person saw a 500; this answers 400 before any route.
 * @param {string} target the raw request target, e.g. `/services/x%00y?page=2`
 * @returns {boolean}
 */
export function isCleanRequestTarget(target) {
  const queryStart = target.indexOf("?");
  const rawPath = queryStart === -1 ? target : target.slice(0, queryStart);
  let path;
  try {
    path = decodeURIComponent(rawPath);
  } catch {
    return false; // a malformed percent-escape or bytes that are not UTF-8
  }
  if (CONTROL_CHARACTER.test(path)) return false;
  if (queryStart === -1) return true;
  const rawQuery = target.slice(queryStart + 1);
  if (CONTROL_CHARACTER.test(rawQuery)) return false;
  for (const [name, value] of new URLSearchParams(rawQuery)) {
    if (CONTROL_CHARACTER.test(name) || CONTROL_CHARACTER.test(value)) return false;
  }
  return true;
}

const MB = 1024 * 1024;

/**
 * The routes that take files, each with the largest body it accepts: its own file limit (checked
 * again by the route, which answers in the user's language) and room for the rest of the form.
 * Every other request body is limited to 1 MB. Keep in step with the routes named here.
 * @type {{ route: RegExp, limit: number, takes: string }[]}
 */
export const UPLOAD_ROUTES = [
  { route: /^\/apply\/attachments$/, limit: 12 * MB, takes: "admission attachments, 10 MB each (app/modules/admission/forms.ts)" },
  { route: /^\/registration\/[^/]+\/documents$/, limit: 12 * MB, takes: "registration documents, 10 MB each (registration/documents.server.ts)" },
  { route: /^\/finance\/transfers$/, limit: 3 * MB, takes: "a bank statement, 900 KB, and a preview's rows sent back to apply (billing/finance-forms.ts)" },
  { route: /^\/finance\/fapiao\/uploads$/, limit: 6 * MB, takes: "an issued fapiao PDF, 5 MB (billing/fapiao-forms.ts)" },
  { route: /^\/housing\/console\/uploads\/[^/]+$/, limit: 6 * MB, takes: "a unit photo, 5 MB (housing/units.server.ts)" },
  { route: /^\/housing\/uploads\/repair$/, limit: 12 * MB, takes: "up to 6 repair photos, 12 MB in all (housing/repair-forms.ts)" },
  { route: /^\/circle\/calls\/[^/]+\/files$/, limit: 12 * MB, takes: "a call entry's file, 10 MB each (circle/calls-forms.ts)" },
  { route: /^\/circle\/profile\/logo$/, limit: 2 * MB, takes: "a company logo, 1 MB (circle/logos.server.ts)" },
  { route: /^\/circle\/board(\/[^/]+\/attachments)?$/, limit: 22 * MB, takes: "up to 4 post attachments, 5 MB each (circle/attachments.server.ts)" },
];

/**
 * The largest request body we accept on a path. Checked against Content-Length up front and
 * counted while streaming for chunked bodies.
 * @param {string} path
 */
export function bodyLimitFor(path) {
  const upload = UPLOAD_ROUTES.find(({ route }) => route.test(path));
  return upload ? upload.limit : MB;
}

/**
 * Express middleware factory.
 * @param {{ trustedOrigins: string[], allowedHosts: string[], messages: (req: any) => { forbidden: string, tooLarge: string, badHost: string, badAddress: string } }} options
 */
export function createGuards(options) {
  return function guards(req, res, next) {
    const messages = options.messages(req);
    if (!isCleanRequestTarget(req.originalUrl)) {
      res.status(400).type("text/plain; charset=utf-8").send(messages.badAddress);
      return;
    }
    const fromTrustedProxy = req.app.get("trust proxy fn")(req.socket.remoteAddress, 0);
    // X-Forwarded-Host from anyone but a trusted proxy is a client's say-so: drop it, so nothing
    // after this (Remix builds the request URL's port from it) can read it.
    if (!fromTrustedProxy) delete req.headers["x-forwarded-host"];
    // req.hostname is X-Forwarded-Host from a trusted proxy, else Host (Express's trust proxy).
    if (!isAllowedHost(req.hostname, options.allowedHosts)) {
      res.status(400).type("text/plain; charset=utf-8").send(messages.badHost);
      return;
    }
    const host = req.get("x-forwarded-host") ?? req.get("host");
    if (!isSameOriginRequest({ method: req.method, path: req.path, headers: req.headers, host, protocol: req.protocol }, options.trustedOrigins)) {
      res.status(403).type("text/plain; charset=utf-8").send(messages.forbidden);
      return;
    }
    if (SAFE_METHODS.has(req.method)) return next();
    const limit = bodyLimitFor(req.path);
    const declared = Number(req.get("content-length") ?? 0);
    if (declared > limit) {
      // No `Connection: close` here: closing while the client is still uploading makes it see a
      // reset (EPIPE) instead of this answer. The declared body is drained and discarded instead.
      res.status(413).type("text/plain; charset=utf-8").send(messages.tooLarge);
      req.resume();
      return;
    }
    if (req.get("content-length") === undefined && req.get("transfer-encoding")) {
      // A chunked body has no declared size: count it as it streams and cut it off at the limit.
      let seen = 0;
      req.on("data", (chunk) => {
        seen += chunk.length;
        if (seen > limit && !res.headersSent) {
          res.status(413).set("Connection", "close").type("text/plain; charset=utf-8").send(messages.tooLarge);
          req.destroy();
        }
      });
    }
    next();
  };
}
