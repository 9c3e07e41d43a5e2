// 简体中文 — the registration module's strings, merged into zh-CN.ts: `registration` becomes the `registration.*` namespace,
// `nav` joins `nav.*`, `notification` joins `notification.*`, `auditActions` joins `audit.actions.*`.
// Error messages live under `registration.errors.*`. `registration.en.ts` must have exactly the same keys.
const registrationZhCN = {
  nav: {},
  notification: {},
  auditActions: {},
  registration: {
    errors: {},
  },
};

export default registrationZhCN;
