// 简体中文 — the housing module's strings, merged into zh-CN.ts: `housing` becomes the `housing.*` namespace,
// `nav` joins `nav.*`, `notification` joins `notification.*`, `auditActions` joins `audit.actions.*`.
// Error messages live under `housing.errors.*`. `housing.en.ts` must have exactly the same keys.
const housingZhCN = {
  nav: {},
  notification: {},
  auditActions: {},
  housing: {
    errors: {},
  },
};

export default housingZhCN;
