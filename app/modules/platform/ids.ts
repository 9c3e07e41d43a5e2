const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids arrive from URLs; anything that is not a UUID cannot name a row and is simply not found. */
export function isUuid(value: unknown): value is string {
  return typeof value === "string" && UUID.test(value);
}

/** The shape of `randomToken()` (crypto.server): 32 random bytes in base64url, 43 characters. */
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** Tokens arrive in emailed links; anything else cannot be one and is simply not found. */
export function isRandomToken(value: unknown): value is string {
  return typeof value === "string" && TOKEN.test(value);
}
