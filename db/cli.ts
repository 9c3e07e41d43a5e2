// `npm run db:migrate`, `npm run db:seed [-- --force]`, and `tsx db/cli.ts demo`, which `npm start`
// runs first on the embedded database: migrate, seed the demo park when the database is empty,
// print the demo logins. The app itself never imports the demo seed.
import { count, eq } from "drizzle-orm";
import { organisations } from "#db/schema/identity";
import { demoLoginsText, seedDemoPark } from "#db/seed/demo-park";
import { registerModules } from "~/bootstrap.server";
import { config } from "~/modules/platform/config.server";
import { closeDatabase, getConnection, migrateDatabase } from "~/modules/platform/db.server";

const [command] = process.argv.slice(2);
const force = process.argv.includes("--force");

try {
  registerModules();
  const connection = await getConnection();
  await migrateDatabase(connection);
  if (command === "seed") {
    await seedDemoPark({ force });
    console.log("The demo park is in place.");
    console.log(demoLoginsText(config().DEMO_PASSWORD));
  } else if (command === "demo") {
    if (connection.kind === "pglite") {
      const [park] = await connection.db.select({ n: count() }).from(organisations).where(eq(organisations.kind, "park"));
      if (Number(park.n) === 0) {
        console.log("Empty embedded database: seeding the demo park…");
        await seedDemoPark();
      }
      console.log(demoLoginsText(config().DEMO_PASSWORD));
    }
  } else if (command !== "migrate") {
    console.error("usage: tsx db/cli.ts migrate | seed [--force] | demo");
    process.exitCode = 2;
  } else {
    console.log("Migrations applied.");
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await closeDatabase();
}
