// Configuration from the environment, validated once; every variable is listed in the README.
import { z } from "zod";

const bool = z
  .enum(["true", "false", "1", "0", ""])
  .optional()
  .transform((v) => (v === undefined || v === "" ? undefined : v === "true" || v === "1"));

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  DATABASE_URL: z.string().url().optional().or(z.literal("").transform(() => undefined)),
  PGLITE_DATA_DIR: z.string().optional(),
  DB_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  PUBLIC_URL: z.string().url().optional(),
  COOKIE_SECURE: bool,
  TRUST_PROXY: z.string().default("loopback"),
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().default("昊浦汇 Haopu Hub <no-reply@haopu.test>"),
  DEMO_PASSWORD: z.string().min(8).default("haopu-demo-2026"),
  JOBS_DISABLED: bool,
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).optional(),
  LOGIN_FAILURES_PER_ACCOUNT_PER_HOUR: z.coerce.number().int().min(1).default(100),
  LOGIN_FAILURES_PER_IP_PER_HOUR: z.coerce.number().int().min(1).default(300),
});

export type Config = z.infer<typeof schema>;

let cached: Config | undefined;

export function config(): Config {
  if (!cached) {
    const parsed = schema.safeParse(process.env);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
      throw new Error(`Invalid configuration: ${problems}`);
    }
    cached = parsed.data;
  }
  return cached;
}

/** Tests change the environment between files; they call this to re-read it. */
export function resetConfig() {
  cached = undefined;
}
