/**
 * missing-field: a ledger row (family "row") without a lead department or a
 * deadline — the two fields that make a task trackable (who, by when). Rows nested
 * under another row (a measure under its problem) inherit both and are not checked.
 */
import type { Finding, ParsedNotice } from '../types.js';
import { byId, quote } from './util.js';

export function checkMissingFields(p: ParsedNotice): Finding[] {
  const ids = byId(p);
  const out: Finding[] = [];
  for (const n of p.nodes) {
    if (n.family !== 'row' || n.kind === 'group') continue;
    const parent = n.parentId ? ids.get(n.parentId) : undefined;
    if (parent?.family === 'row' && parent.kind !== 'group') continue;
    // an unnumbered measure split out of a notice's paragraph is not a ledger row: its problem carries the fields
    if (n.kind === 'measure' && parent && parent.family !== 'row') continue;
    const missing = [!n.leadDepartment && '责任单位', !n.deadline && !n.rectifyKind && '整改时限'].filter(Boolean);
    if (missing.length === 0) continue;
    out.push({
      rule: 'missing-field',
      severity: 'warning',
      line: n.line,
      nodeIds: [n.id],
      message: `第${n.label}项${quote(n.title, 20)}未填写${missing.join('、')}。`,
      suggestion: `补填${missing.join('、')}，否则无法督办和预警。`,
    });
  }
  return out;
}
