// English for the registration module. Typed against the Chinese source: a missing or extra key fails the typecheck.
import type { Shape } from "./shape";
import type registrationZhCN from "./registration.zh-CN";

const registrationEn: Shape<typeof registrationZhCN> = {
  nav: {},
  notification: {},
  auditActions: {},
  registration: {
    errors: {},
  },
};

export default registrationEn;
