// Start-up and shut-down of the server process: migrations, the demo park on an empty embedded
// database, the job worker.
import { count, eq } from "drizzle-orm";
import { organisations } from "#db/schema/index";
import { demoLoginsText, seedDemoPark } from "#db/seed/demo-park";
import { ensureDemoGatewayKey } from "~/modules/credits/api-keys.server";
import { allowedHostsFrom } from "~/server/hosts.js";
import { config } from "./config.server";
import { checkPiiKey } from "./crypto.server";
import { closeDatabase, getConnection, migrateDatabase } from "./db.server";
import "./job-handlers.server";
import { startJobWorker, stopJobWorker } from "./jobs.server";
import { logger } from "./logger.server";

/**
 * Everything before the server listens. The configuration is read and checked whole first, so a
 * wrong setting stops the start with a sentence naming it; what the HTTP layer needs is returned.
 */
export async function prepare(options: { printDemoLogins?: boolean } = {}) {
  const settings = config();
  const connection = await getConnection();
  await migrateDatabase(connection);
  await checkPiiKey(connection.db);
  const [park] = await connection.db.select({ n: count() }).from(organisations).where(eq(organisations.kind, "park"));
  const empty = Number(park.n) === 0;
  if (connection.kind === "pglite" && empty) {
    logger.info("empty embedded database: seeding the demo park");
    await seedDemoPark();
  }
  await ensureDemoGatewayKey();
  if (options.printDemoLogins && connection.kind === "pglite") {
    console.log(demoLoginsText(config().DEMO_PASSWORD));
  }
  if (!config().JOBS_DISABLED) startJobWorker();
  return {
    port: settings.PORT,
    trustProxy: settings.TRUST_PROXY,
    publicUrl: settings.PUBLIC_URL,
    allowedHosts: allowedHostsFrom({ allowedHosts: settings.ALLOWED_HOSTS, publicUrl: settings.PUBLIC_URL }),
  };
}

export async function shutdown() {
  await stopJobWorker();
  await closeDatabase();
}
