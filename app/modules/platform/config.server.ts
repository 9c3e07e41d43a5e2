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
  STRIPE_SECRET_KEY: z.string().optional().or(z.literal("").transform(() => undefined)),
  STRIPE_WEBHOOK_SECRET: z.string().optional().or(z.literal("").transform(() => undefined)),
  STRIPE_PAYMENT_METHODS: z.string().default("card,alipay,wechat_pay"),
  PARK_BANK_ACCOUNT_NAME: z.string().default("上海上影昊浦影视文化发展有限公司"),
  PARK_BANK_NAME: z.string().default("中国工商银行上海松江车墩支行"),
  PARK_BANK_ACCOUNT: z.string().default("1001 2168 0920 0036 588"),
  FILES_DIR: z.string().optional(),
  /** 32 bytes (64 hex digits or base64) encrypting residents' personal information at rest. */
  PII_KEY: z.string().optional().or(z.literal("").transform(() => undefined)),
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
