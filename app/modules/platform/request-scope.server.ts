// Answers that stay the same for the whole of one page request, asked once. Remix hands every
// loader of a request its own copy of the Request object, so a cache keyed on the Request misses
// between the root loader and the page's loader; the server runs each GET in a scope instead
// (app/server/app.js) and the loaders share it. Outside a scope (tests calling a loader, actions)
// nothing is shared and every call asks again.
import { AsyncLocalStorage } from "node:async_hooks";

type Scope = Map<string, unknown>;

// One instance per process: app/server/app.js and the bundled app code each load this module's
// idea of it, so it lives under a registered symbol rather than in a module variable.
const key = Symbol.for("haopu.requestScope");
const registry = globalThis as unknown as Record<symbol, AsyncLocalStorage<Scope> | undefined>;
const requestScope: AsyncLocalStorage<Scope> = (registry[key] ??= new AsyncLocalStorage<Scope>());

/** `compute()` once per request scope under `name`; outside a scope, every time. */
export function oncePerRequest<T>(name: string, compute: () => Promise<T>): Promise<T> {
  const scope = requestScope.getStore();
  if (!scope) return compute();
  let found = scope.get(name) as Promise<T> | undefined;
  if (!found) {
    found = compute();
    scope.set(name, found);
  }
  return found;
}
