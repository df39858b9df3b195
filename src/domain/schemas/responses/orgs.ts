/** Answers of the organisations module: the visible tree, a unit's departments and leaders. */
import { z } from 'zod';
import { idSchema, refSchema } from './common.js';
import { orgKindSchema } from './auth.js';

/** One organisation of the tree with the visible organisations under it. Recursive, so a named OpenAPI component. */
export const orgNodeSchema = z
  .object({
    /** The organisation id. */
    id: idSchema,
    /** Its parent organisation; null for the inspection office. */
    parentId: idSchema.nullable(),
    /** office (巡察办), unit (被巡察单位) or department. */
    kind: orgKindSchema,
    /** Its name. */
    name: z.string(),
    /** The visible organisations directly under it. */
    get children(): z.ZodArray<typeof orgNodeSchema> {
      return z.array(orgNodeSchema);
    },
  })
  .meta({ id: 'OrgNode' });
export type OrgNode = z.input<typeof orgNodeSchema>;

/** GET /orgs/tree: the roots the user sees (the office, or their units/departments when the office is not theirs). */
export const orgTreeSchema = z.array(orgNodeSchema).describe('可见的组织树');

/** GET /units/:id/departments: the unit's departments by id. */
export const departmentsSchema = z.array(refSchema).describe('单位的部门 {id, name}');
export type Department = z.input<typeof refSchema>;

/** A person who may be named 责任领导 of a unit's problems. */
export const leaderSchema = z.object({
  /** The leader's user id. */
  id: idSchema,
  /** The leader's name. */
  displayName: z.string(),
});
export type Leader = z.input<typeof leaderSchema>;

/** GET /units/:id/leaders. */
export const leadersSchema = z.array(leaderSchema).describe('单位的责任领导');
