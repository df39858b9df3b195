// The three real notices of the shared corpus, held against what a careful reader
// counted by hand (`*.expected.json`): metadata, the tree's shape, counted and stated
// totals, every known defect found, and no error beyond the known defects.
// The corpus lives outside the repository; without it these tests skip, visibly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyseText } from '../../src/domain/notice/index.js';
import type { NoticeNode, ParsedNotice } from '../../src/domain/notice/types.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const corpusDir = path.resolve(repoRoot, '../shared/corpus');

interface ExpectedTheme {
  label: string;
  problems?: number;
}
interface ExpectedGroup {
  label: string;
  title?: string;
  problems?: number;
  first?: number;
  last?: number;
  themes?: number | ExpectedTheme[];
  measures?: number[];
}
interface ExpectedDefect {
  kind: string;
  label?: string;
  minCount?: number;
  examples?: string[];
}
interface Expected {
  file: string;
  title: string;
  issuer: string;
  date: string;
  inspection: ParsedNotice['meta']['inspection'];
  groups: ExpectedGroup[];
  counted: Partial<ParsedNotice['counts']>;
  stated: Record<string, unknown>;
  defects?: ExpectedDefect[];
}

/** The rule that reports each kind of known defect. */
const DEFECT_RULE: Record<string, string> = {
  'duplicate-group-number': 'numbering-duplicate',
  'duplicate-group-title': 'duplicate-title',
  'malformed-date': 'date-malformed',
};

const NOTICES = ['wuhan-eco-env-2020', 'donghu-env-water-2024', 'nankai-univ-xunshi-2022'];

for (const name of NOTICES) {
  test(`corpus: ${name}`, async (t) => {
    const txt = path.join(corpusDir, `${name}.txt`);
    if (!existsSync(txt)) {
      const msg = `corpus notice not found at ${txt}; skipping (the corpus lives in ../shared/corpus)`;
      console.log(msg);
      t.skip(msg);
      return;
    }
    const raw = readFileSync(txt, 'utf8');
    const expected = JSON.parse(readFileSync(path.join(corpusDir, `${name}.expected.json`), 'utf8')) as Expected;
    const p = analyseText(raw);
    const children = (id: string, kind?: NoticeNode['kind']): NoticeNode[] =>
      p.nodes.filter((n) => n.parentId === id && (!kind || n.kind === kind));
    const under = (id: string, kind: NoticeNode['kind']): NoticeNode[] => {
      const out: NoticeNode[] = [];
      const walk = (pid: string): void => {
        for (const c of children(pid)) {
          if (c.kind === kind) out.push(c);
          walk(c.id);
        }
      };
      walk(id);
      return out;
    };

    await t.test('metadata', () => {
      assert.deepEqual(
        { title: p.meta.title, issuer: p.meta.issuer, date: p.meta.date, inspection: p.meta.inspection },
        { title: expected.title, issuer: expected.issuer, date: expected.date, inspection: expected.inspection },
      );
    });

    await t.test('groups, themes, problems and measures per group', () => {
      const groups = p.nodes.filter((n) => n.kind === 'group');
      assert.deepEqual(
        groups.map((g) => g.label),
        expected.groups.map((g) => g.label),
      );
      expected.groups.forEach((eg, i) => {
        const g = groups[i];
        const where = `group ${i + 1} ${eg.label}`;
        if (eg.title !== undefined) assert.equal(g.title, eg.title, where);
        const problems = under(g.id, 'problem');
        if (eg.problems !== undefined) assert.equal(problems.length, eg.problems, where);
        if (eg.first !== undefined) assert.equal(problems[0]?.label, `${eg.first}.`, where);
        if (eg.last !== undefined) assert.equal(problems[problems.length - 1]?.label, `${eg.last}.`, where);
        const themes = children(g.id, 'theme');
        if (typeof eg.themes === 'number') assert.equal(themes.length, eg.themes, where);
        if (Array.isArray(eg.themes)) {
          assert.deepEqual(
            themes.map((th) => ({ label: th.label, problems: under(th.id, 'problem').length })),
            eg.themes.map((th) => ({ label: th.label, problems: th.problems })),
            where,
          );
        }
        if (eg.measures !== undefined) {
          // Measures per theme; an aspect with measures directly under it counts as one list.
          const lists = themes.length ? themes.map((th) => under(th.id, 'measure').length) : [];
          const direct = children(g.id, 'measure').length;
          assert.deepEqual(direct ? [...lists, direct] : lists, eg.measures, where);
        }
      });
    });

    await t.test('counted totals', () => {
      for (const [k, v] of Object.entries(expected.counted)) {
        assert.equal(p.counts[k as keyof ParsedNotice['counts']], v, k);
      }
    });

    await t.test('stated totals', () => {
      for (const [k, v] of Object.entries(expected.stated)) assert.deepEqual(p.stated[k], v, k);
    });

    await t.test('every known defect is found, and no other error', () => {
      const defects = expected.defects ?? [];
      for (const d of defects) {
        const rule = DEFECT_RULE[d.kind];
        assert.ok(rule, `no rule mapped for defect kind ${d.kind}`);
        const found = p.findings.filter((f) => f.rule === rule);
        assert.ok(found.length >= (d.minCount ?? 1), `${d.kind}: ${found.length} found`);
        if (d.label) {
          // Reported at the group that repeats the number, not at the first one.
          const repeated = p.nodes.filter((n) => n.kind === 'group' && n.label === d.label);
          assert.ok(
            found.some((f) => f.nodeIds?.includes(repeated[repeated.length - 1].id)),
            d.kind,
          );
        }
        for (const ex of d.examples ?? []) {
          assert.ok(
            found.some((f) => f.message.includes(`“${ex.replace(/[^\d-]+$/, '')}`)),
            `${d.kind}: example ${ex}`,
          );
        }
      }
      const allowed = new Set(defects.map((d) => DEFECT_RULE[d.kind]));
      const stray = p.findings.filter((f) => f.severity === 'error' && !allowed.has(f.rule));
      assert.deepEqual(stray, []);
    });

    if (name.startsWith('donghu')) {
      await t.test('items 34 and 35 share their opening sentence (boilerplate)', () => {
        const ids = ['34.', '35.'].map((l) => p.nodes.find((n) => n.kind === 'problem' && n.label === l)!.id);
        assert.ok(p.findings.some((f) => f.rule === 'boilerplate' && ids.every((id) => f.nodeIds?.includes(id))));
      });
    }
    if (name.startsWith('nankai')) {
      await t.test('stated problems that cannot be itemised are reported as unverifiable', () => {
        const info = p.findings.filter((f) => f.rule === 'total-mismatch');
        assert.ok(info.length >= 1 && info.every((f) => f.severity === 'info' && /无法核对/.test(f.message)));
      });
    }
  });
}
