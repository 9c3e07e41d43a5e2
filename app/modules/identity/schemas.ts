// Form schemas shared by routes (server and browser validation) and tests. Messages are catalogue
// keys, translated where they are shown.
import { z } from "zod";
import { tenantRoles, parkRoles } from "./permissions";

export const emailField = z
  .string({ required_error: "errors.required" })
  .trim()
  .min(1, "errors.required")
  .max(254, "errors.tooLong")
  .email("errors.email")
  .transform((v) => v.toLowerCase());

export const passwordField = z
  .string({ required_error: "errors.required" })
  .min(10, "errors.passwordTooShort")
  .max(200, "errors.tooLong");

export const displayNameField = z
  .string()
  .trim()
  .max(60, "errors.tooLong")
  .refine((v) => !/[<>]/.test(v), "errors.noAngleBrackets");

export const redirectToField = z
  .string()
  .optional()
  .transform((v) => safeRedirect(v));

/** Only same-site paths: never an open redirect. */
export function safeRedirect(to: unknown, fallback = "/dashboard"): string {
  if (typeof to !== "string" || !to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) return fallback;
  return to;
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

export const changePasswordSchema = z
  .object({
    currentPassword: z.string({ required_error: "errors.required" }).min(1, "errors.required").max(200, "errors.tooLong"),
    password: passwordField,
    confirmPassword: z.string({ required_error: "errors.required" }),
  })
  .refine((v) => v.password === v.confirmPassword, { path: ["confirmPassword"], message: "errors.passwordsDiffer" });

export const profileSchema = z.object({
  displayName: displayNameField.pipe(z.string().min(1, "errors.required")),
});

const anyRole = z.enum([...new Set([...tenantRoles, ...parkRoles])] as [string, ...string[]], {
  errorMap: () => ({ message: "errors.invalidChoice" }),
});

export const inviteSchema = z.object({ email: emailField, role: anyRole });
export const changeRoleSchema = z.object({ membershipId: z.string().uuid("errors.invalidChoice"), role: anyRole });
