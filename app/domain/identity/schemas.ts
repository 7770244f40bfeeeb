import { z } from "zod";
import { ROLE_NAMES } from "./permissions";
import { PASSWORD_MIN_LENGTH } from "./passwords.server";

// Shared by the Remix forms, the GraphQL inputs and the domain commands.
export const email = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, "At most 254 characters")
  .email("Not a valid e-mail address");

export const signInSchema = z.object({
  email,
  password: z.string().min(1, "Required").max(200, "At most 200 characters"),
});

export const totpCodeSchema = z.object({
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/, "Enter the 6 digits from your authenticator app"),
});

export const roleNameSchema = z.enum(ROLE_NAMES);

export const createUserSchema = z.object({
  email,
  name: z.string().trim().min(2, "At least 2 characters").max(200, "At most 200 characters"),
  isCompany: z.boolean().default(false),
  roles: z.array(roleNameSchema).min(1, "Pick at least one role"),
  password: z
    .string()
    .min(PASSWORD_MIN_LENGTH, `At least ${PASSWORD_MIN_LENGTH} characters`)
    .max(200, "At most 200 characters"),
});

export const setUserRolesSchema = z.object({
  userId: z.string().uuid("Not a valid id"),
  roles: z.array(roleNameSchema).min(1, "Pick at least one role"),
});

export const setRolePermissionsSchema = z.object({
  role: roleNameSchema,
  permissions: z.array(z.string().regex(/^[a-z][a-zA-Z-]*:[a-z][a-zA-Z-]*:(own|org|any)$/, "Not a permission key")),
});

export const createApiTokenSchema = z.object({
  name: z.string().trim().min(1, "Required").max(100, "At most 100 characters"),
  permissions: z.array(z.string()).min(1, "Pick at least one permission"),
  expiresInDays: z.coerce.number().int().min(1).max(365).default(90),
});
