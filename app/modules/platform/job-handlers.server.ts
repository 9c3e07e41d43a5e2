// Importing a module that registers job handlers makes its jobs runnable; every such module is
// listed here so the worker and the tests see the same set.
import "./mail.server";
import "~/modules/identity/login-throttle.server";
import "~/modules/credits/holds.server";
import "~/modules/credits/grants.server";
import "~/modules/credits/purchases.server";
import "~/modules/services/orders.server";
import "~/modules/registration/reminders.server";
import "~/modules/admission/registration-link.server";
import "~/modules/circle/admission-link.server"; // approval seeds the company's circle profile
import "~/modules/circle/board.server"; // post expiry
import "~/modules/housing/invoice-kinds.server"; // also rent.server: the rent run and overdue reminders
import "~/modules/housing/offers.server"; // lapses offers past their deadline and offers the unit to the next in line
