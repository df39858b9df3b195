import type { AppContext } from '../../context.js';
import type { Actor } from '../auth/actor.js';
import { notFound, badRequest } from '../../lib/errors.js';
import { enforce } from '../../lib/policy.js';
import { writeAudit } from '../audit/service.js';
import { afterProgress } from '../../../domain/workflow/index.js';
import { formalismOfText } from '../../../domain/notice/check/formalism.js';
import type { ProgressFields } from '../../../domain/schemas/index.js';
import { loadProblem, getProblem } from '../problems/service.js';
import { factsOf } from '../problems/presenter.js';
import * as policy from './policy.js';
import { problemRepo } from '../problems/repository.js';
import { progressRepo } from './repository.js';
import { checkEvidenceType, openBlob, putBlob } from './store.js';

export interface UploadedFile {
  filename: string;
  bytes: Buffer;
}

/**
 * Appends a progress entry with its evidence. Files are checked and stored
 * (content-addressed) before the transaction; the entry, the evidence rows, a
 * first-progress status change and the audit row commit together.
 */
export async function addProgress(ctx: AppContext, o: { actor: Actor; problemId: number; fields: ProgressFields; files: UploadedFile[] }) {
  const { actor, problemId, fields, files } = o;
  // visibility first, so a foreign id answers 404 before any file is looked at
  await loadProblem(ctx.db, actor, problemId);
  const typed = files.map((f) => ({ ...f, mime: checkEvidenceType(f.filename, f.bytes) }));
  const stored: (UploadedFile & { mime: string; digest: string })[] = [];
  for (const f of typed) stored.push({ ...f, digest: await putBlob(ctx.config, f.bytes) });
  await ctx.db.tx(async (q) => {
    const row = await loadProblem(q, actor, problemId, true);
    enforce('addProgress', policy.addProgress(actor, factsOf(row)));
    if (fields.measureId) {
      const m = await problemRepo.measureById(q, fields.measureId);
      if (!m || m.problem_id !== problemId)
        throw badRequest('measure not of problem', '所选措施不属于该问题', [{ path: 'measureId', message: '措施不属于该问题' }]);
    }
    const now = ctx.clock.now();
    const next = afterProgress({ status: row.status, rectifyKind: row.rectify_kind });
    const pid = await progressRepo.insert(q, {
      problemId,
      measureId: fields.measureId ?? null,
      authorId: actor.id,
      text: fields.text,
      figures: fields.figures ?? null,
      at: now,
      // the checker's formalism rule, as the form showed it while it was written (issue 9)
      formalism: formalismOfText(fields.text, '整改进展', !!fields.figures && Object.keys(fields.figures).length > 0),
    });
    for (const f of stored) {
      await progressRepo.insertEvidence(q, {
        progressId: pid,
        problemId,
        digest: f.digest,
        filename: f.filename,
        mime: f.mime,
        size: f.bytes.length,
        at: now,
      });
    }
    if (next !== row.status) {
      await problemRepo.setStatus(q, problemId, row.status, next, now);
      await problemRepo.insertTransition(q, {
        problemId,
        action: 'start',
        from: row.status,
        to: next,
        actorId: actor.id,
        reason: '报送首条整改进展',
        at: now,
      });
    } else {
      await problemRepo.updatePlan(q, problemId, {}, now);
    }
    await writeAudit(q, {
      at: now,
      actorId: actor.id,
      actorName: actor.username,
      action: 'progress.add',
      objectType: 'problem',
      objectId: problemId,
      unitId: row.unit_id,
      detail: { progressId: pid, evidence: stored.map((f) => f.digest) },
      ip: actor.ip,
    });
  });
  return getProblem(ctx, { actor, problemId });
}

/** GET /evidence/:id — a file of a problem the actor may see (404 otherwise, as for an absent one). */
export async function evidenceFile(ctx: AppContext, o: { actor: Actor; evidenceId: number }) {
  const { actor, evidenceId: id } = o;
  const ev = await progressRepo.evidenceById(ctx.db, id);
  if (!ev) throw notFound(`evidence ${id}`, '该佐证材料');
  await loadProblem(ctx.db, actor, ev.problem_id).catch(() => {
    throw notFound(`evidence ${id}`, '该佐证材料');
  });
  return { ...ev, ...(await openBlob(ctx.config, ev.digest)) };
}
