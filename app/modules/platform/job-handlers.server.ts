// Importing a module that registers job handlers makes its jobs runnable; every such module is
// listed here so the worker and the tests see the same set.
import "./mail.server";
import "~/modules/identity/login-throttle.server";
import "~/modules/credits/holds.server";
import "~/modules/credits/grants.server";
import "~/modules/credits/purchases.server";
import "~/modules/services/orders.server";
