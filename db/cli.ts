// `npm run db:migrate` and `npm run db:seed [-- --force]`.
import { demoLoginsText, seedDemoPark } from "#db/seed/demo-park";
import { config } from "~/modules/platform/config.server";
import { closeDatabase, migrateDatabase } from "~/modules/platform/db.server";

const [command] = process.argv.slice(2);
const force = process.argv.includes("--force");

try {
  await migrateDatabase();
  if (command === "seed") {
    await seedDemoPark({ force });
    console.log("The demo park is in place.");
    console.log(demoLoginsText(config().DEMO_PASSWORD));
  } else if (command !== "migrate") {
    console.error("usage: tsx db/cli.ts migrate | seed [--force]");
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
