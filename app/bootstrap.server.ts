// Start-up and shut-down of the server process, and the one place the modules are wired together:
// each module's job handlers, periodic tasks, invoice kinds and hooks are registered here, by an
// explicit call, so the worker, the server and the tests see the same set and no module depends on
// being imported for its side effects. The demo park is not seeded here: `npm start` runs
// `db/cli.ts demo` first (the app never imports the demo seed).
import { registerAdmissionRegistrationLink } from "~/modules/admission/registration-link.server";
import { registerCircleAdmissionLink } from "~/modules/circle/admission-link.server";
import { registerCircleBoard } from "~/modules/circle/board.server";
import { registerCircleEvents } from "~/modules/circle/events.server";
import { ensureDemoGatewayKey } from "~/modules/credits/api-keys.server";
import { registerCreditsGrants } from "~/modules/credits/grants.server";
import { registerCreditsHolds } from "~/modules/credits/holds.server";
import { registerCreditsPurchases } from "~/modules/credits/purchases.server";
import { registerHousingDeposits } from "~/modules/housing/deposits.server";
import { registerHousingInvoiceKinds } from "~/modules/housing/invoice-kinds.server";
import { registerHousingOffers } from "~/modules/housing/offers.server";
import { registerHousingRent } from "~/modules/housing/rent.server";
import { registerHousingRentCredits } from "~/modules/housing/rent-credits.server";
import { registerIdentityLoginThrottle } from "~/modules/identity/login-throttle.server";
import { config } from "~/modules/platform/config.server";
import { checkPiiKey } from "~/modules/platform/crypto.server";
import { closeDatabase, getConnection, migrateDatabase } from "~/modules/platform/db.server";
import { startJobWorker, stopJobWorker } from "~/modules/platform/jobs.server";
import { registerPlatformMail } from "~/modules/platform/mail.server";
import { registerRegistrationFees } from "~/modules/registration/fees.server";
import { registerRegistrationReminders } from "~/modules/registration/reminders.server";
import { registerServicesOrders } from "~/modules/services/register-orders.server";
import { allowedHostsFrom } from "~/server/hosts.js";

let registered = false;

/** Registers every module's handlers, tasks, invoice kinds and hooks (once; later calls do nothing). */
export function registerModules() {
  if (registered) return;
  registered = true;
  registerPlatformMail();
  registerIdentityLoginThrottle();
  registerCreditsHolds();
  registerCreditsGrants();
  registerCreditsPurchases();
  registerHousingInvoiceKinds();
  registerHousingRent();
  registerHousingRentCredits();
  registerHousingDeposits();
  registerHousingOffers();
  registerRegistrationFees();
  registerRegistrationReminders();
  registerServicesOrders();
  registerAdmissionRegistrationLink();
  registerCircleAdmissionLink(); // approval seeds the company's circle profile
  registerCircleBoard(); // post expiry
  registerCircleEvents(); // reminders the day before an event
}

/**
 * Everything before the server listens. The configuration is read and checked whole first, so a
 * wrong setting stops the start with a sentence naming it; what the HTTP layer needs is returned.
 */
export async function prepare() {
  const settings = config();
  registerModules();
  const connection = await getConnection();
  await migrateDatabase(connection);
  await checkPiiKey(connection.db);
  await ensureDemoGatewayKey();
  if (!settings.JOBS_DISABLED) startJobWorker();
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
