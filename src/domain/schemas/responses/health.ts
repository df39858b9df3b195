/** The answer of GET /api/health. */
import { z } from 'zod';

export const healthSchema = z
  .object({
    /** Always "ok" when the server answers at all. */
    status: z.literal('ok'),
    /** The database engine in use. */
    db: z.enum(['pglite', 'postgres']),
  })
  .describe('服务正常及所用数据库引擎');
export type Health = z.input<typeof healthSchema>;
