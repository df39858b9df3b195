/**
 * What the people page takes from src/domain: the request schemas its forms
 * validate with, and the answers' types (the JSON on the wire).
 */
import type { z } from 'zod';
import type * as people from '../../../../domain/schemas/people.js';

export { departmentCreateBody, leaderCreateBody, leaderUpdateBody } from '../../../../domain/schemas/people.js';
export type {
  DepartmentCreateBody,
  DepartmentUpdateBody,
  LeaderCreateBody,
  LeaderUpdateBody,
  ManagedDepartment,
  ManagedLeader,
} from '../../../../domain/schemas/people.js';
export type PeopleCreated = z.input<typeof people.peopleCreatedSchema>;
