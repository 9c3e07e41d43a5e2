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
  /** The site's public origin (scheme, host and port, nothing after): emailed links are built from it. */
  PUBLIC_URL: z
    .string()
    .url()
    .optional()
    .or(z.literal("").transform(() => undefined))
    .refine((v) => v === undefined || /^https?:\/\/[^/?#]+\/?$/.test(v), "must be an origin such as https://hub.example.com, with no path")
    .transform((v) => v?.replace(/\/+$/, "")),
  /**
   * Host names this site answers to, comma-separated (`.example.com` also takes its subdomains).
   * The loopback names and PUBLIC_URL's host are always allowed; any other Host is refused (400).
   */
  ALLOWED_HOSTS: z.string().default(""),
  COOKIE_SECURE: bool,
  TRUST_PROXY: z.string().default("loopback"),
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().default("昊浦汇 Haopu Hub <no-reply@haopu.test>"),
  STRIPE_SECRET_KEY: z.string().optional().or(z.literal("").transform(() => undefined)),
  STRIPE_WEBHOOK_SECRET: z.string().optional().or(z.literal("").transform(() => undefined)),
  STRIPE_PAYMENT_METHODS: z
    .string()
    .default("card,alipay,wechat_pay")
    .refine((v) => v.split(",").every((m) => ["card", "alipay", "wechat_pay"].includes(m.trim())), "lists only card, alipay and wechat_pay"),
  /**
   * The demo gateway's pay-by-click page. Unset: on for the embedded demo database (no DATABASE_URL),
   * off on a server. An operator who wants it on a server says DEMO_PAYMENTS=true.
   */
  DEMO_PAYMENTS: bool,
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

/** Combinations no operator means: refused at start-up with a sentence naming the variable. */
const checked = schema.superRefine((c, ctx) => {
  const problem = (path: string, message: string) => ctx.addIssue({ code: z.ZodIssueCode.custom, path: [path], message });
  if (c.STRIPE_SECRET_KEY && !c.STRIPE_WEBHOOK_SECRET) {
    problem("STRIPE_WEBHOOK_SECRET", "is required with STRIPE_SECRET_KEY: without it Stripe's payment events cannot be verified and no payment would ever be applied");
  }
  if (c.STRIPE_WEBHOOK_SECRET && !c.STRIPE_SECRET_KEY) {
    problem("STRIPE_SECRET_KEY", "is required with STRIPE_WEBHOOK_SECRET: set both to take payments through Stripe, or neither");
  }
  if (c.STRIPE_SECRET_KEY && !/^(sk|rk)_(test|live)_/.test(c.STRIPE_SECRET_KEY)) {
    problem("STRIPE_SECRET_KEY", "must be a Stripe secret or restricted key (sk_live_…, sk_test_…, rk_…)");
  }
  if (c.STRIPE_WEBHOOK_SECRET && !c.STRIPE_WEBHOOK_SECRET.startsWith("whsec_")) {
    problem("STRIPE_WEBHOOK_SECRET", "must be the endpoint's signing secret (whsec_…) from Stripe's dashboard");
  }
  if (c.STRIPE_SECRET_KEY && c.DEMO_PAYMENTS) {
    problem("DEMO_PAYMENTS", "cannot be true while STRIPE_SECRET_KEY is set: a site takes real payments or demo ones, never both");
  }
});

export type Config = z.infer<typeof schema>;

let cached: Config | undefined;

export function config(): Config {
  if (!cached) {
    cached = parseConfig(process.env);
  }
  return cached;
}

/** Reads a whole environment; throws one error naming every variable that is wrong and why. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const parsed = checked.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ");
    throw new Error(`Invalid configuration: ${problems}`);
  }
  return parsed.data;
}

/**
 * How this installation takes money online: through Stripe, through the demo gateway's
 * pay-by-click page (the embedded demo, or a server whose operator turned DEMO_PAYMENTS on), or
 * not at all — invoices are then paid by bank transfer, confirmed by finance. (Decision 013.)
 */
export type PaymentMode = "stripe" | "demo" | "none";

export function paymentMode(c: Config = config()): PaymentMode {
  if (c.STRIPE_SECRET_KEY) return "stripe";
  if (c.DEMO_PAYMENTS ?? !c.DATABASE_URL) return "demo";
  return "none";
}

/** Tests change the environment between files; they call this to re-read it. */
export function resetConfig() {
  cached = undefined;
}
