// Which host names this site answers to (decision 013, after Django's ALLOWED_HOSTS and Rails' host
// authorization). A request naming any other host — in Host, or in X-Forwarded-Host from a trusted
// proxy — is refused before it reaches a route, and links we email are built only from a host on
// this list (or from PUBLIC_URL). Plain JavaScript: the Express server and the app share it.

/** Always allowed: a browser on this machine, a proxy in front on this machine, the health check. */
const LOOPBACK_HOSTS = ["localhost", "127.0.0.1", "[::1]"];

/**
 * The allow-list from the configuration: the loopback names, PUBLIC_URL's host, and ALLOWED_HOSTS
 * (comma-separated; `.example.com` also allows every subdomain of example.com; `*` allows any host,
 * for a deployment whose proxy already checks it).
 * @param {{ allowedHosts?: string, publicUrl?: string }} options
 * @returns {string[]}
 */
export function allowedHostsFrom({ allowedHosts = "", publicUrl }) {
  const hosts = new Set(LOOPBACK_HOSTS);
  if (publicUrl) hosts.add(new URL(publicUrl).hostname.toLowerCase());
  for (const entry of allowedHosts.split(",")) {
    const host = entry.trim().toLowerCase();
    if (host) hosts.add(host);
  }
  return [...hosts];
}

/**
 * Whether a host name (no port) is on the list. Names are compared case-insensitively, a trailing
 * dot ignored; anything that is not a plain host name is refused.
 * @param {string | undefined} hostname
 * @param {string[]} allowed
 */
export function isAllowedHost(hostname, allowed) {
  if (!hostname) return false;
  const host = hostname.toLowerCase().replace(/\.$/, "");
  if (!/^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)$/.test(host)) return false;
  const bare = host.replace(/^\[|\]$/g, "");
  return allowed.some((entry) => {
    if (entry === "*") return true;
    if (entry.startsWith(".")) return host === entry.slice(1) || host.endsWith(entry);
    return host === entry || bare === entry.replace(/^\[|\]$/g, "");
  });
}
