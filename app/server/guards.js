// HTTP guards that run before Remix sees a request. Plain JavaScript because the Express server
// starts without a TypeScript toolchain; unit-tested in tests/unit/guards.test.ts.

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

/**
 * The largest request body we accept, by path. Checked against Content-Length up front and
 * counted while streaming for chunked bodies.
 * @param {string} path
 */
export function bodyLimitFor(path) {
  if (/\/(attachments|documents|uploads)\b/.test(path)) return 12 * 1024 * 1024;
  return 1024 * 1024;
}

/**
 * Express middleware factory.
 * @param {{ trustedOrigins: string[], messages: (req: any) => { forbidden: string, tooLarge: string } }} options
 */
export function createGuards(options) {
  return function guards(req, res, next) {
    const messages = options.messages(req);
    const host = req.get("x-forwarded-host") && req.app.get("trust proxy fn")(req.socket.remoteAddress, 0)
      ? req.get("x-forwarded-host")
      : req.get("host");
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
