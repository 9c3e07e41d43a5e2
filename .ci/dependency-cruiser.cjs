// The layers of DESIGN.md ("Shape of the code"), checked on every `npm run lint`.
//   1. platform, identity   2. billing   3. credits, housing, registration   4. services
//   5. admission, circle    (app/bootstrap.server.ts, routes and components sit above them all)
// A module imports only its own layer and those below; a module's tables (db/schema/<module>.ts)
// are imported only by that module; routes and components import no tables; the app never
// imports the demo seed.
const layers = [
  ["platform", "identity"],
  ["billing"],
  ["credits", "housing", "registration"],
  ["services"],
  ["admission", "circle"],
];
const above = (i) => layers.slice(i + 1).flat();

const climbing = layers.flatMap((mods, i) =>
  above(i).length
    ? [
        {
          name: `no-climb-from-${mods.join("-")}`,
          comment: `${mods.join(", ")} may not import a module of a higher layer (${above(i).join(", ")})`,
          severity: "error",
          from: { path: `^app/modules/(${mods.join("|")})/` },
          to: { path: `^app/modules/(${above(i).join("|")})/` },
        },
      ]
    : [],
);

const modules = layers.flat();
const ownTables = modules.map((mod) => ({
  name: `tables-of-${mod}`,
  comment: `only ${mod} imports db/schema/${mod}.ts; other modules use ${mod}'s exported functions (identity: directory.server.ts)`,
  severity: "error",
  from: { path: "^app/", pathNot: [`^app/modules/${mod}/`, "^app/modules/platform/db\\.server\\.ts$"] },
  to: { path: `^db/schema/${mod}\\.ts$` },
}));

module.exports = {
  forbidden: [
    ...climbing,
    ...ownTables,
    {
      name: "schema-index-only-for-the-connection",
      comment: "the whole schema is for drizzle's connection (platform/db.server.ts) and drizzle-kit",
      severity: "error",
      from: { path: "^app/", pathNot: "^app/modules/platform/db\\.server\\.ts$" },
      to: { path: "^db/schema/index\\.ts$" },
    },
    {
      name: "routes-import-no-tables",
      comment: "routes and components call module functions; value lists (db/schema/*-values.ts) are fine",
      severity: "error",
      from: { path: "^app/(routes|components)/" },
      to: { path: "^db/schema/", pathNot: "-values\\.ts$|columns\\.ts$" },
    },
    {
      name: "app-never-imports-the-demo-seed",
      comment: "the demo park is seeded by db/cli.ts (npm start runs it on an empty embedded database)",
      severity: "error",
      from: { path: "^app/" },
      to: { path: "^db/seed/" },
    },
    {
      name: "modules-import-no-routes-or-bootstrap",
      severity: "error",
      from: { path: "^app/modules/" },
      to: { path: "^app/(routes|components)/|^app/bootstrap\\.server\\.ts$|^app/root\\.tsx$" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^(build|public|node_modules)/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default"] },
  },
};
