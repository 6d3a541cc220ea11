import { z } from "zod";
import { roles } from "./roles";

/** Shapes shared by the sign-in and user-management forms and their server actions (pure, isomorphic). */

export const usernamePattern = /^[a-z0-9][a-z0-9._@-]{1,62}[a-z0-9]$/;

export const Username = z
  .string()
  .trim()
  .toLowerCase()
  .min(3, "At least 3 characters.")
  .max(64, "At most 64 characters.")
  .regex(usernamePattern, "Lower-case letters, digits, '.', '_', '@' and '-'; starts and ends with a letter or digit.");

/** Accepted at sign-in (any text; checked against the store). */
export const SignInInput = z.object({
  username: z.string().trim().toLowerCase().min(1, "Enter your user name.").max(64, "At most 64 characters."),
  password: z.string().min(1, "Enter your password.").max(256, "At most 256 characters."),
  next: z.string().max(2048).optional(),
});

export const minPasswordLength = 12;

export const Password = z
  .string()
  .min(minPasswordLength, `At least ${minPasswordLength} characters.`)
  .max(256, "At most 256 characters.");

export const RoleInput = z.enum(roles, { error: "Choose viewer, operator or admin." });

export const CreateUserInput = z.object({ username: Username, role: RoleInput });
export const ChangeRoleInput = z.object({ userId: z.number().int().positive(), role: RoleInput });
export const SetDisabledInput = z.object({ userId: z.number().int().positive(), disabled: z.boolean() });
export const ResetPasswordInput = z.object({ userId: z.number().int().positive() });
