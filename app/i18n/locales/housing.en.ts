// English for the housing module. Typed against the Chinese source: a missing or extra key fails the typecheck.
import type { Shape } from "./shape";
import type housingZhCN from "./housing.zh-CN";

const housingEn: Shape<typeof housingZhCN> = {
  nav: {},
  notification: {},
  auditActions: {},
  housing: {
    errors: {},
  },
};

export default housingEn;
