/**
 * People and departments of a unit (issue 7 point 19): its 整改办 (unit_admin)
 * keeps the unit's departments (create, rename, order, deactivate) and its
 * responsible leaders (责任领导: an account or an entry without sign-in, their
 * title and 分管 areas). Requests and answers.
 */
import { z } from 'zod';
import { id, secretText, singleLineText } from './primitives.js';

/** `/units/:id/departments/:deptId`. */
export const unitDeptParam = z.object({ id, deptId: id });
/** `/units/:id/leaders/:userId`. */
export const unitLeaderParam = z.object({ id, userId: id });

/** POST /units/:id/departments: a new department of the unit. */
export const departmentCreateBody = z.object({
  /** The department's name, unique among the unit's departments. */
  name: singleLineText(60, '部门名称', { min: 1 }).meta({ example: '财务处' }),
});
export type DepartmentCreateBody = z.infer<typeof departmentCreateBody>;

/** PATCH /units/:id/departments/:deptId: rename, deactivate or reactivate. */
export const departmentUpdateBody = z
  .object({
    /** A new name. */
    name: singleLineText(60, '部门名称', { min: 1 }).optional(),
    /** false: deactivated (refused while it has open items); true: in use again. */
    isActive: z.boolean({ error: '是否启用应为 true 或 false' }).optional(),
  })
  .refine((b) => b.name !== undefined || b.isActive !== undefined, { message: '请填写部门名称或是否启用', path: ['name'] });
export type DepartmentUpdateBody = z.infer<typeof departmentUpdateBody>;

/** PUT /units/:id/departments/order: every department of the unit, in the new order. */
export const departmentOrderBody = z.object({
  /** The unit's department ids, each once, first shown first. */
  ids: z
    .array(id, { error: '部门顺序应为部门编号的列表' })
    .min(1, { message: '部门顺序不能为空' })
    .max(500, { message: '部门不能超过 500 个' })
    .refine((ids) => new Set(ids).size === ids.length, { message: '部门顺序中有重复的部门' }),
});
export type DepartmentOrderBody = z.infer<typeof departmentOrderBody>;

/** One department as its unit's 整改办 manages it. */
export const managedDepartmentSchema = z.object({
  /** The department's organisation id. */
  id: z.number().int(),
  /** Its name. */
  name: z.string(),
  /** Its place in the unit's list (1 = first). */
  position: z.number().int(),
  /** false: deactivated, no longer offered in the plan form. */
  isActive: z.boolean(),
  /** Problems not yet closed that it leads or cooperates on, and measures it owns that are not done. */
  openItems: z.number().int(),
  /** Accounts of the department's handlers (经办人). */
  handlers: z.number().int(),
});
export type ManagedDepartment = z.input<typeof managedDepartmentSchema>;

/** GET /units/:id/people/departments. */
export const managedDepartmentsSchema = z.array(managedDepartmentSchema).describe('单位的部门（整改办管理）');

/** 分管 areas and title of a leader. */
const leaderFields = {
  /** The leader's name as shown in the plan. */
  displayName: singleLineText(64, '姓名', { min: 1 }).meta({ example: '李副局长' }),
  /** 职务, e.g. 副局长. */
  title: singleLineText(60, '职务', { min: 0 }).default(''),
  /** 分管 areas as written, e.g. 工程建设、安全生产. */
  areas: singleLineText(200, '分管领域', { min: 0 }).default(''),
};

/**
 * POST /units/:id/leaders: a responsible leader. With `account` the leader
 * signs in (an initial password changed at the first sign-in); without it the
 * leader is an entry to name in plans, whose account cannot sign in until the
 * system administrator sets a password.
 */
export const leaderCreateBody = z.object({
  ...leaderFields,
  /** Sign-in of the leader's account; absent: an entry without sign-in. */
  account: z
    .object({
      /** The user name. */
      username: z
        .string({ error: '用户名应为文本' })
        .trim()
        .regex(/^[A-Za-z0-9_.-]{2,64}$/, { message: '用户名为 2–64 位字母、数字、下划线、点或连字符' }),
      /** The initial password (changed at the first sign-in); the security policy's rules apply. */
      password: secretText(128, '初始密码'),
    })
    .optional(),
});
export type LeaderCreateBody = z.infer<typeof leaderCreateBody>;

/** PATCH /units/:id/leaders/:userId: name, title, areas; isActive false disables the leader's account. */
export const leaderUpdateBody = z
  .object({
    displayName: leaderFields.displayName.optional(),
    title: singleLineText(60, '职务', { min: 0 }).optional(),
    areas: singleLineText(200, '分管领域', { min: 0 }).optional(),
    /** false: the leader no longer serves (the account is disabled); true: serves again. */
    isActive: z.boolean({ error: '是否启用应为 true 或 false' }).optional(),
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), { message: '请填写要修改的内容', path: ['displayName'] });
export type LeaderUpdateBody = z.infer<typeof leaderUpdateBody>;

/** One responsible leader of a unit as its 整改办 manages them. */
export const managedLeaderSchema = z.object({
  /** The leader's user id (the id plans name). */
  id: z.number().int(),
  /** The user name; for an entry without sign-in, the one generated for it. */
  username: z.string(),
  /** The leader's name. */
  displayName: z.string(),
  /** 职务. */
  title: z.string(),
  /** 分管 areas. */
  areas: z.string(),
  /** false: disabled. */
  isActive: z.boolean(),
  /** false: an entry made without sign-in. */
  signIn: z.boolean(),
  /** Problems not yet closed that name this leader. */
  openItems: z.number().int(),
});
export type ManagedLeader = z.input<typeof managedLeaderSchema>;

/** GET /units/:id/people/leaders. */
export const managedLeadersSchema = z.array(managedLeaderSchema).describe('单位的责任领导（整改办管理）');

/** The id of what was made. */
export const peopleCreatedSchema = z.object({ id: z.number().int() });
