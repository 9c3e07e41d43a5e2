import pino, { type LoggerOptions } from "pino";

/** The options of the application's logger (tests point them at a buffer). */
export const loggerOptions: LoggerOptions = {
  level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "silent" : "info"),
  base: { app: "haopu-hub" },
  // Secrets and personal information never reach a log line, even when a whole input is logged.
  redact: [
    "password",
    "token",
    "*.password",
    "*.token",
    "req.headers.cookie",
    "req.headers.authorization",
    "idNumber",
    "*.idNumber",
    "*.*.idNumber",
    "residents[*].idNumber",
    "*.residents[*].idNumber",
    "phone",
    "*.phone",
    "residents[*].phone",
    "*.residents[*].phone",
  ],
};

export const logger = pino(loggerOptions);
