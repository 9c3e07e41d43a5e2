// Form schemas shared by routes (server and browser validation) and tests. Messages are catalogue
// keys, translated where they are shown.
import { z } from "zod";
import { badIntent, rowId } from "~/modules/platform/form-schemas";
import { tenantRoles, parkRoles } from "./permissions";

const emailField = z
  .string({ required_error: "errors.required" })
  .trim()
  .min(1, "errors.required")
  .max(254, "errors.tooLong")
  .email("errors.email")
  .transform((v) => v.toLowerCase());

const passwordField = z.string({ required_error: "errors.required" }).min(10, "errors.passwordTooShort").max(200, "errors.tooLong");

const displayNameField = z
  .string()
  .trim()
  .max(60, "errors.tooLong")
  .refine((v) => !/[<>]/.test(v), "errors.noAngleBrackets");

const redirectToField = z
  .string()
  .optional()
  .transform((v) => safeRedirect(v));

// The origin a return address is resolved against: any value will do as long as no real site has it.
const HERE = "http://here.invalid";
// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
const CONTROL_OR_BACKSLASH = /[\u0000-\u001f\u007f\\]/;

/**
 * Only same-site paths: never an open redirect. The target is read by the URL parser, as a browser
 * reads a Location header, against this site's origin; anything that leaves it (//host, /\host,
 * a scheme, a tab or newline a browser would strip) gives the fallback. The answer is the parsed
 * path, so what we send is what the browser follows. (Decision 013.)
 */
export function safeRedirect(to: unknown, fallback = "/dashboard"): string {
  if (typeof to !== "string" || to.length > 2048 || !to.startsWith("/") || CONTROL_OR_BACKSLASH.test(to)) return fallback;
  let url: URL;
  try {
    url = new URL(to, HERE);
  } catch {
    return fallback;
  }
  if (url.origin !== HERE) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}

export const signUpSchema = z.object({
  email: emailField,
  password: passwordField,
  displayName: displayNameField.optional(),
  redirectTo: redirectToField,
});

export const logInSchema = z.object({
  email: emailField,
  password: z.string({ required_error: "errors.required" }).min(1, "errors.required").max(200, "errors.tooLong"),
  redirectTo: redirectToField,
});

export const forgotPasswordSchema = z.object({ email: emailField });

export const resetPasswordSchema = z
  .object({
    token: z.string().min(1).max(200),
    password: passwordField,
    confirmPassword: z.string({ required_error: "errors.required" }),
  })
  .refine((v) => v.password === v.confirmPassword, { path: ["confirmPassword"], message: "errors.passwordsDiffer" });

const changePasswordFields = z.object({
  currentPassword: z.string({ required_error: "errors.required" }).min(1, "errors.required").max(200, "errors.tooLong"),
  password: passwordField,
  confirmPassword: z.string({ required_error: "errors.required" }),
});
const passwordsDiffer = { path: ["confirmPassword"], message: "errors.passwordsDiffer" };

export const changePasswordSchema = changePasswordFields.refine((v) => v.password === v.confirmPassword, passwordsDiffer);

export const profileSchema = z.object({
  displayName: displayNameField.pipe(z.string().min(1, "errors.required")),
});

const anyRole = z.enum([...new Set([...tenantRoles, ...parkRoles])] as [string, ...string[]], {
  errorMap: () => ({ message: "errors.invalidChoice" }),
});

/** The account page: the display name, a new password, logging out everywhere else. */
export const accountFormSchema = z
  .discriminatedUnion("intent", [
    profileSchema.extend({ intent: z.literal("profile") }),
    changePasswordFields.extend({ intent: z.literal("password") }),
    z.object({ intent: z.literal("logoutOthers") }),
  ])
  .superRefine((v, ctx) => {
    if (v.intent === "password" && v.password !== v.confirmPassword) ctx.addIssue({ code: "custom", ...passwordsDiffer });
  });

export const inviteSchema = z.object({ email: emailField, role: anyRole });
const changeRoleSchema = z.object({ membershipId: z.string().uuid("errors.invalidChoice"), role: anyRole });

/** The members page: invite someone, take an invitation back, change a role, remove a member. */
export const membersFormSchema = z.discriminatedUnion(
  "intent",
  [
    inviteSchema.extend({ intent: z.literal("invite") }),
    z.object({ intent: z.literal("revoke"), invitationId: rowId }),
    changeRoleSchema.extend({ intent: z.literal("changeRole") }),
    z.object({ intent: z.literal("remove"), membershipId: rowId }),
  ],
  badIntent
);

/** Accepting an invitation sends nothing but the token in the address. */
export const acceptInvitationSchema = z.object({});

/** Sending the verification e-mail again; `next` is where the person continues afterwards. */
export const resendVerificationSchema = z.object({ next: redirectToField });

/** Marking one notification read, or all of them when none is named. */
export const markReadSchema = z.object({ notificationId: z.string().optional() });
