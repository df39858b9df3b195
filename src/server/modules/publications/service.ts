/**
 * Publication of a round's public notice, and what anyone may do with a
 * publication: read it, download it, verify a file against it.
 *
 * What is digested (SM3, hex), and why two digests:
 * - `textDigest` = SM3 of the notice's text, UTF-8: its paragraphs one per line,
 *   as `documentText` writes them and the saved version stored them (the version's
 *   own digest). The stamp is not part of that text, so the stamp can quote it.
 * - `docxDigest` = SM3 of the .docx bytes as stored and served, stamp included.
 *   A file cannot contain its own digest, so this one lives in the database and
 *   in the audit chain (the `notice.publish` row), not in the file.
 * The stamp — the last lines of the .docx, under the date — carries the
 * publication code, the publication date, the text digest and the verification
 * address. A downloaded .docx (or the published text as .txt) verifies when its
 * SM3 equals a publication's; the code on paper leads to the page that lists both.
 */
import { randomInt } from 'node:crypto';
import type { AppContext } from '../../context.js';
import type { Queryable } from '../../db/index.js';
import type { Config } from '../../config.js';
import { beijingDate } from '../../lib/clock.js';
import { conflict, notFound } from '../../lib/errors.js';
import { abilities, enforce } from '../../lib/policy.js';
import { sm3 } from '../../lib/sm3.js';
import type { Actor } from '../auth/actor.js';
import { writeAudit } from '../audit/service.js';
import { noticeRepo } from '../notices/repository.js';
import {
  STATUS_WORD,
  chineseDate,
  composeDocument,
  documentText,
  headingLabel,
  leaves,
  renderDocx,
  type LedgerItem,
  type RoundFacts,
} from '../../../domain/document/index.js';
import { analyseText } from '../../../domain/notice/index.js';
import { draftContentSchema, roundFactsSchema } from '../../../domain/schemas/notices.js';
import { CODE_ALPHABET, type StatusRow } from '../../../domain/schemas/publications.js';
import { publicationRepo, type PublicationRow } from './repository.js';
import * as policy from './policy.js';
import { limitOffset, pageOf, type PageQuery } from '../../lib/paging.js';

/** The portal's address: PUBLIC_URL, or the server's own when unset. */
export function publicBase(config: Config): string {
  return (config.PUBLIC_URL ?? `http://${config.HOST}:${config.PORT}`).replace(/\/+$/, '');
}

/** A random code of groups of CODE_ALPHABET characters joined by '-'. */
export function randomCode(groups: number[]): string {
  return groups.map((n) => Array.from({ length: n }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('')).join('-');
}

/** The lines set under a published notice (see the module comment). */
export function stampLines(o: { code: string; publishedOn: string; textDigest: string; verifyUrl: string }): string[] {
  return [
    `本通报于${chineseDate(o.publishedOn)}公开发布，发布编号：${o.code}`,
    `正文SM3摘要：${o.textDigest}`,
    `核验地址：${o.verifyUrl}（可上传本文件或输入摘要核验）`,
  ];
}

/**
 * The per-problem status table a unit may publish beside its notice: the notice's
 * own numbering (groups （一）, themes 1., problems （1）), each problem's status as
 * notices word it. Organisational facts only: no names.
 */
export function statusTable(facts: RoundFacts): StatusRow[] {
  const rows: StatusRow[] = [];
  const depth = (n: LedgerItem): number => (n.children.length ? 1 + Math.max(...n.children.map(depth)) : 1);
  const deepest = Math.max(0, ...facts.tree.map(depth));
  const counters = { theme: 0, problem: 0 };
  const problem = (p: LedgerItem, level: 2 | 3) =>
    rows.push({
      level,
      label: headingLabel(deepest >= 3 ? 4 : 3, ++counters.problem),
      title: p.title,
      status: STATUS_WORD[p.status],
      leadDept: p.leadDept,
      deadline: p.deadline,
    });
  facts.tree.forEach((g, gi) => {
    rows.push({ level: 1, label: headingLabel(2, gi + 1), title: g.title, status: null, leadDept: null, deadline: null });
    for (const c of g.children.length ? g.children : [g]) {
      if (deepest >= 3 && c.children.length > 0) {
        rows.push({ level: 2, label: headingLabel(3, ++counters.theme), title: c.title, status: null, leadDept: null, deadline: null });
        for (const p of leaves(c.children)) problem(p, 3);
      } else problem(c, 2);
    }
  });
  return rows;
}

function present(config: Config, p: PublicationRow) {
  const base = publicBase(config);
  return {
    id: p.id,
    code: p.code,
    inspectionId: p.inspection_id,
    unitId: p.unit_id,
    kind: p.kind,
    version: p.version_number,
    title: p.title,
    textDigest: p.text_digest,
    docxDigest: p.docx_digest,
    filename: p.filename,
    statusTable: p.status_table != null,
    publishedBy: { id: p.published_by, name: p.published_by_name },
    publishedAt: new Date(p.published_at),
    publicUrl: `${base}/public/n/${p.code}`,
    verifyUrl: `${base}/public/verify/${p.code}`,
  };
}

async function visibleRound(q: Queryable, actor: Actor, inspectionId: number) {
  const round = await noticeRepo.round(q, inspectionId);
  if (!round || !policy.viewPublications(actor, round.unit_id).allowed) throw notFound(`inspection ${inspectionId}`, '该巡视巡察轮次');
  return round;
}

/** GET /inspections/:id/publications. */
export async function listPublications(ctx: AppContext, o: { actor: Actor; inspectionId: number; query: PageQuery }) {
  const round = await visibleRound(ctx.db, o.actor, o.inspectionId);
  const { rows, total } = await publicationRepo.ofInspection(ctx.db, { inspectionId: round.id, ...limitOffset(o.query) });
  return {
    ...pageOf(
      rows.map((r) => present(ctx.config, r)),
      total,
      o.query,
    ),
    abilities: abilities({ publish: policy.publish(o.actor, round.unit_id) }),
  };
}

/**
 * POST /inspections/:id/publications — publishes a saved version of the notice:
 * renders its .docx with the stamp, stores the text and the file with their
 * digests, and writes `notice.publish` into the audit chain, in one transaction.
 */
export async function publish(ctx: AppContext, o: { actor: Actor; inspectionId: number; version: number; statusTable: boolean }) {
  const id = await ctx.db.tx(async (q) => {
    const round = await visibleRound(q, o.actor, o.inspectionId);
    enforce('publishNotice', policy.publish(o.actor, round.unit_id));
    const v = await publicationRepo.version(q, round.id, 'notice', o.version);
    if (!v) throw notFound(`version ${o.version}`, `整改情况通报第 ${o.version} 版`);
    const existing = await publicationRepo.byVersion(q, v.id);
    const errors = analyseText(v.text).findings.filter((f) => f.severity === 'error').length;
    enforce(
      'publishNotice',
      policy.publishable({
        kind: v.kind,
        published: existing ? { code: existing.code, at: chineseDate(beijingDate(new Date(existing.published_at))) } : null,
        errors,
      }),
    );
    const content = draftContentSchema.parse(v.content);
    const facts = roundFactsSchema.parse(v.facts);
    const model = composeDocument('notice', facts, content);
    // The file must say what the version says: a version whose data no longer composes to its text is not published.
    if (documentText(model) !== v.text || sm3(v.text) !== v.digest) {
      throw conflict('version text does not re-compose', '该版本的正文与其数据不一致，请重新保存版本后发布', {
        reason: 'version_inconsistent',
      });
    }
    const now = ctx.clock.now();
    let code = randomCode([5, 5]);
    while (await publicationRepo.codeTaken(q, code)) code = randomCode([5, 5]);
    const base = publicBase(ctx.config);
    const bytes = await renderDocx(model, {
      stamp: stampLines({ code, publishedOn: beijingDate(now), textDigest: v.digest, verifyUrl: `${base}/public/verify/${code}` }),
    });
    const docxDigest = sm3(bytes);
    const name = model.title.replace(/[\\/:*?"<>|]/g, '').slice(0, 80) || '整改情况通报';
    const pubId = await publicationRepo.insert(q, {
      code,
      inspectionId: round.id,
      unitId: round.unit_id,
      kind: 'notice',
      versionId: v.id,
      versionNumber: v.number,
      title: model.title,
      text: v.text,
      textDigest: v.digest,
      docx: bytes,
      docxDigest,
      filename: `${name}（${code}）.docx`,
      statusTable: o.statusTable ? statusTable(facts) : null,
      by: o.actor.id,
      at: now,
    });
    await writeAudit(q, {
      at: now,
      actorId: o.actor.id,
      actorName: o.actor.username,
      action: 'notice.publish',
      objectType: 'publication',
      objectId: pubId,
      unitId: round.unit_id,
      detail: { code, inspectionId: round.id, version: v.number, textDigest: v.digest, docxDigest, statusTable: o.statusTable },
      ip: o.actor.ip,
    });
    return pubId;
  });
  const row = await publicationRepo.byId(ctx.db, id);
  return present(ctx.config, row!);
}

// ───────────────────────────── public ─────────────────────────────

/** GET /public/publications/:code — a publication as anyone reads it. */
export async function publicPublication(ctx: AppContext, code: string) {
  const p = await publicationRepo.byCode(ctx.db, code);
  if (!p) throw notFound(`publication ${code}`, '该发布编号对应的通报');
  return {
    code: p.code,
    unitId: p.unit_id,
    unitName: p.unit_name,
    title: p.title,
    lines: p.text.replace(/\n$/, '').split('\n'),
    textDigest: p.text_digest,
    docxDigest: p.docx_digest,
    filename: p.filename,
    publishedAt: new Date(p.published_at),
    statusTable: (p.status_table as StatusRow[] | null) ?? null,
  };
}

/** The published .docx, byte for byte. */
export async function publishedDocx(ctx: AppContext, code: string) {
  const f = await publicationRepo.docx(ctx.db, code);
  if (!f) throw notFound(`publication ${code}`, '该发布编号对应的通报');
  return { bytes: Buffer.from(f.docx), filename: f.filename, digest: f.docx_digest };
}

/** The published text (UTF-8), whose SM3 is the text digest printed on the .docx. */
export async function publishedText(ctx: AppContext, code: string) {
  const p = await publicationRepo.byCode(ctx.db, code);
  if (!p) throw notFound(`publication ${code}`, '该发布编号对应的通报');
  return { text: p.text, filename: p.filename.replace(/\.docx$/, '.txt'), digest: p.text_digest };
}

/** Whether a digest is a published .docx's or text's; which publication, and when. */
export async function verifyDigest(q: Queryable, digest: string) {
  const p = await publicationRepo.byDigest(q, digest);
  return {
    match: !!p,
    digest,
    matchedOn: p ? p.matched_on : null,
    publication: p
      ? {
          code: p.code,
          unitName: p.unit_name,
          title: p.title,
          version: p.version_number,
          publishedAt: new Date(p.published_at),
          textDigest: p.text_digest,
          docxDigest: p.docx_digest,
        }
      : null,
  };
}

/** POST /public/verify with a file: the SM3 of its bytes, looked up. */
export async function verifyBytes(q: Queryable, bytes: Uint8Array) {
  return verifyDigest(q, sm3(bytes));
}

/** GET /public/units — units with published notices and their publications, newest first. */
export async function publicUnits(ctx: AppContext) {
  const rows = await publicationRepo.all(ctx.db, 2000);
  const units = new Map<number, { id: number; name: string; publications: { code: string; title: string; publishedAt: Date }[] }>();
  for (const r of rows) {
    const u = units.get(r.unit_id) ?? units.set(r.unit_id, { id: r.unit_id, name: r.unit_name, publications: [] }).get(r.unit_id)!;
    u.publications.push({ code: r.code, title: r.title, publishedAt: new Date(r.published_at) });
  }
  return { units: [...units.values()] };
}

/** A unit's publications for its portal page; null when the unit has none (the portal shows only units that published). */
export async function unitPublications(ctx: AppContext, unitId: number) {
  const rows = await publicationRepo.ofUnit(ctx.db, unitId);
  if (!rows.length) return null;
  return {
    id: unitId,
    name: rows[0].unit_name,
    publications: rows.map((r) => ({ code: r.code, title: r.title, publishedAt: new Date(r.published_at) })),
  };
}

/** The publication with a code, for the verification page it is printed with. */
export async function publicationByCode(q: Queryable, code: string) {
  const p = await publicationRepo.byCode(q, code);
  return p
    ? {
        code: p.code,
        unitName: p.unit_name,
        title: p.title,
        version: p.version_number,
        publishedAt: new Date(p.published_at),
        textDigest: p.text_digest,
        docxDigest: p.docx_digest,
      }
    : null;
}
