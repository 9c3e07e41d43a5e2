import pino from "pino";

export const logger = pino({
  level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "silent" : "info"),
  base: { app: "haopu-hub" },
  redact: ["password", "token", "*.password", "*.token", "req.headers.cookie", "req.headers.authorization"],
});
