/** Answers of the users module (三员). */
import { z } from 'zod';
import { idSchema, instantSchema, pageSchema } from './common.js';
import { roleSchema } from './auth.js';

/** One account as the user list shows it; never its password hash. */
export const userSummarySchema = z.object({
  /** The user id. */
  id: idSchema,
  /** The account name. */
  username: z.string(),
  /** The name people read. */
  displayName: z.string(),
  /** False for a disabled account. */
  isActive: z.boolean(),
  /** Locked after repeated failed sign-ins until this instant; null when not locked. */
  lockedUntil: instantSchema.nullable(),
  /** The password was set by an administrator (or expired) and must be changed at the next sign-in. */
  mustChangePassword: z.boolean(),
  /** An authenticator app is bound (second factor). */
  mfaEnabled: z.boolean(),
  /** When the password was last set. */
  passwordChangedAt: instantSchema,
  /** Holds one of the three administrator roles (三员). */
  isAdmin: z.boolean(),
  /** Its roles with their organisations. */
  roles: z.array(
    z.object({
      /** The role. */
      role: roleSchema,
      /** The organisation it is held in. */
      orgId: idSchema,
      /** That organisation's name. */
      orgName: z.string(),
    }),
  ),
});
export type UserSummary = z.input<typeof userSummarySchema>;

/** GET /users: one page of the accounts, by id. */
export const userListSchema = pageSchema(userSummarySchema).describe('用户列表（分页）');
export type UserPage = z.input<typeof userListSchema>;

/** POST /users (201). */
export const userCreatedSchema = z
  .object({
    /** The new account's id. */
    id: idSchema,
  })
  .describe('新建的用户');
export type UserCreated = z.input<typeof userCreatedSchema>;
