import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { PassThrough } from 'node:stream';
import { XLSX_MIME, errorResponses, idParam } from '../../../domain/schemas/index.js';
import { ledgerXlsx } from '../../../domain/schemas/publications.js';
import type { AppContext } from '../../context.js';
import { requireActor } from '../../http/auth.js';
import { startLedgerExport } from './service.js';
import { sendDownload } from '../../http/download.js';

/** The ledger as Excel, streamed as it is written. */
export function exportRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/inspections/:id/ledger.xlsx',
    {
      schema: {
        tags: ['exports'],
        summary: '导出三清单一台账（Excel，流式）',
        params: idParam,
        response: { 200: ledgerXlsx, ...errorResponses },
      },
    },
    async (req, reply) => {
      const job = await startLedgerExport(ctx, { actor: requireActor(req), inspectionId: req.params.id });
      const out = new PassThrough();
      // Errors after the first byte cannot change the status: the log has them and the download breaks off.
      job.write(out).catch((e: unknown) => {
        req.log.error(e);
        out.destroy(e instanceof Error ? e : new Error(String(e)));
      });
      return sendDownload(reply, { filename: job.filename, mime: XLSX_MIME, stream: out });
    },
  );
}
