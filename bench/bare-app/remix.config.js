// The bare reference app of `npm run bench:pages`: one route (or BARE_APP_ROUTES empty routes, to
// show what the route table alone costs), the project's Remix version and v3 future flags, served
// by remix-serve. Built by bench/pages.ts into build/<routes>/ and public/build-<routes>/.
const routeCount = Number(process.env.BARE_APP_ROUTES ?? 1);

/** @type {import('@remix-run/dev').AppConfig} */
export default {
  serverModuleFormat: "esm",
  serverBuildPath: `build/${routeCount}/index.js`,
  assetsBuildDirectory: `public/build-${routeCount}`,
  publicPath: `/build-${routeCount}/`,
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_singleFetch: true,
    v3_lazyRouteDiscovery: true,
  },
  // Extra routes shaped like the project's flat routes: sections, index pages, details with an id.
  routes(defineRoutes) {
    return defineRoutes((route) => {
      for (let i = 1; i < routeCount; i++) {
        const section = `section${i % 12}`;
        const path = i % 3 === 0 ? `${section}/page${i}/:id` : i % 3 === 1 ? `${section}/page${i}` : `${section}/page${i}/list`;
        route(path, "routes/empty.tsx", { id: `empty-${i}` });
      }
    });
  },
};
