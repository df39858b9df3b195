/**
 * The .docx layout read back from the produced XML, not taken on trust: the file
 * is unzipped and word/document.xml, styles.xml, settings.xml and the footers are
 * read for the GB/T 9704-2012 values of DESIGN §5 — A4, margins 37/28/26/35 mm,
 * 22 lines × 28 characters, 仿宋_GB2312 3号 at a fixed line, headings by level,
 * 方正小标宋简体 2号 title, dates without zero padding, "— N —" page numbers in
 * 4号宋体 at the outside corners of odd and even pages.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { listZipEntries, readZipEntry } from '../../src/domain/notice/read/zip.js';
import {
  chineseDate,
  chineseNumber,
  headingLabel,
  blockFromText,
  renderDocx,
  signatureIndents,
  documentLines,
  diffLines,
  type DocumentModel,
} from '../../src/domain/document/index.js';

const SAMPLE: DocumentModel = {
  title: '江城市水务局关于市委第三巡察组巡察反馈意见整改进展情况的通报',
  subtitle: '（2026年11月）',
  addressee: '中共江城市委巡察工作领导小组：',
  blocks: [
    { kind: 'paragraph', text: '根据市委统一部署，现将巡察整改进展情况予以公布。' },
    { kind: 'heading', level: 1, label: '一、', heading: '整改工作组织开展情况' },
    { kind: 'heading', level: 2, label: '（一）', heading: '加强组织领导。', body: '成立整改工作领导小组。' },
    { kind: 'heading', level: 3, label: '1.', heading: '着力解决防汛排涝责任落实不到位问题' },
    { kind: 'heading', level: 4, label: '（1）', heading: '针对“汛前隐患排查不彻底”的问题' },
    { kind: 'paragraph', text: '整改进展情况：已完成。' },
  ],
  signature: '江城市水务局',
  date: '2024-02-05',
};

async function unzip(bytes: Uint8Array): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const e of listZipEntries(bytes)) {
    if (e.name.endsWith('.xml') || e.name.endsWith('.rels'))
      out.set(e.name, new TextDecoder().decode(await readZipEntry(bytes, e, 10_000_000)));
  }
  return out;
}

/** The attributes of the first element `tag` in `xml` (after `from`, when given). */
function attrs(xml: string, tag: string, from = 0): Record<string, string> {
  const at = xml.indexOf(`<${tag}`, from);
  assert.ok(at >= 0, `no <${tag}> in the XML`);
  const el = xml.slice(at, xml.indexOf('>', at));
  return Object.fromEntries([...el.matchAll(/([\w:]+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
}

/** The XML of one style by id. */
function style(styles: string, id: string): string {
  const m = new RegExp(`<w:style [^>]*w:styleId="${id}"[^>]*>([\\s\\S]*?)</w:style>`).exec(styles);
  assert.ok(m, `style ${id} missing`);
  return m[1];
}

/** The paragraph whose text contains `text`. */
function paragraph(doc: string, text: string): string {
  const m = [...doc.matchAll(/<w:p>([\s\S]*?)<\/w:p>/g)].find((p) => p[1].includes(text));
  assert.ok(m, `no paragraph with ${text}`);
  return m[1];
}

test('page: A4, GB/T 9704 margins, a 22 × 28 document grid', async () => {
  const parts = await unzip(await renderDocx(SAMPLE));
  const doc = parts.get('word/document.xml')!;
  assert.deepEqual(attrs(doc, 'w:pgSz'), { 'w:w': '11906', 'w:h': '16838', 'w:orient': 'portrait' });
  const mar = attrs(doc, 'w:pgMar');
  // 37 mm = 2098, 26 mm = 1474, 35 mm = 1984, 28 mm = 1587 twips (1 mm = 56.693 twips)
  assert.deepEqual([mar['w:top'], mar['w:right'], mar['w:bottom'], mar['w:left']], ['2098', '1474', '1984', '1587']);
  // type area 225 mm high: 12756 twips / 22 lines → 579 twips = 28.95 pt; 156 mm wide: 8845 / 28 chars
  const grid = attrs(doc, 'w:docGrid');
  assert.equal(grid['w:type'], 'linesAndChars');
  assert.equal(grid['w:linePitch'], '579');
  const typeHeight = 16838 - Number(mar['w:top']) - Number(mar['w:bottom']);
  assert.ok(22 * Number(grid['w:linePitch']) <= typeHeight && 22 * (Number(grid['w:linePitch']) + 1) > typeHeight, '22 lines fit, exactly');
  const pitchPt = (11906 - 1587 - 1474) / 28 / 20;
  assert.equal(Number(grid['w:charSpace']), Math.round((pitchPt - 16) * 4096));
  assert.equal(grid['w:charSpace'], '-841');
});

test('body: 仿宋_GB2312 3号, fixed line spacing, first line indented two characters', async () => {
  const parts = await unzip(await renderDocx(SAMPLE));
  const styles = parts.get('word/styles.xml')!;
  const defaults = styles.slice(styles.indexOf('<w:docDefaults>'), styles.indexOf('</w:docDefaults>'));
  const fonts = attrs(defaults, 'w:rFonts');
  assert.equal(fonts['w:eastAsia'], '仿宋_GB2312');
  assert.equal(fonts['w:ascii'], '仿宋_GB2312');
  assert.equal(fonts['w:hint'], 'eastAsia');
  assert.equal(attrs(defaults, 'w:sz')['w:val'], '32', '16 pt in half-points');
  assert.deepEqual(attrs(defaults, 'w:spacing'), { 'w:after': '0', 'w:before': '0', 'w:line': '579', 'w:lineRule': 'exact' });
  const ind = attrs(defaults, 'w:ind');
  assert.equal(ind['w:firstLineChars'], '200');
  assert.equal(ind['w:firstLine'], '632');
  assert.equal(attrs(defaults, 'w:jc')['w:val'], 'both');
  assert.equal(attrs(defaults, 'w:lang')['w:eastAsia'], 'zh-CN');
});

test('title 方正小标宋简体 2号 centred; headings 黑体, 楷体, 仿宋 by level', async () => {
  const parts = await unzip(await renderDocx(SAMPLE));
  const styles = parts.get('word/styles.xml')!;
  const doc = parts.get('word/document.xml')!;
  const title = style(styles, 'zgTitle');
  assert.equal(attrs(title, 'w:rFonts')['w:eastAsia'], '方正小标宋简体');
  assert.equal(attrs(title, 'w:sz')['w:val'], '44');
  assert.equal(attrs(title, 'w:jc')['w:val'], 'center');
  assert.equal(attrs(title, 'w:ind')['w:firstLineChars'], '0');
  assert.match(paragraph(doc, SAMPLE.title), /<w:pStyle w:val="zgTitle"\/>/);
  const expected: Record<number, string> = { 1: '黑体', 2: '楷体_GB2312', 3: '仿宋_GB2312', 4: '仿宋_GB2312' };
  for (const level of [1, 2, 3, 4]) {
    const s = style(styles, `zgHeading${level}`);
    assert.equal(attrs(s, 'w:rFonts')['w:eastAsia'], expected[level], `level ${level}`);
    assert.equal(attrs(s, 'w:sz')['w:val'], '32');
    assert.equal(attrs(s, 'w:outlineLvl')['w:val'], String(level - 1));
  }
  // "（一）加强组织领导。" in 楷体 (the style), the run-on body back in 仿宋
  const h2 = paragraph(doc, '加强组织领导');
  assert.match(h2, /<w:pStyle w:val="zgHeading2"\/>/);
  const runOn = [...h2.matchAll(/<w:r>([\s\S]*?)<\/w:r>/g)].find((r) => r[1].includes('成立整改工作领导小组'))![1];
  assert.equal(attrs(runOn, 'w:rFonts')['w:eastAsia'], '仿宋_GB2312');
  assert.equal(attrs(runOn, 'w:sz')['w:val'], '32');
  assert.match(paragraph(doc, '着力解决'), /zgHeading3/);
  assert.match(paragraph(doc, '汛前隐患'), /zgHeading4/);
});

test('signature and date: no zero padding, date two characters right of the signature', async () => {
  const parts = await unzip(await renderDocx(SAMPLE));
  const doc = parts.get('word/document.xml')!;
  const date = paragraph(doc, '2024年2月5日');
  assert.doesNotMatch(doc, /2024年02月/);
  assert.match(date, /zgSignature/);
  const sig = paragraph(doc, `>${SAMPLE.signature}<`);
  const rSig = Number(attrs(sig, 'w:ind')['w:right']);
  const rDate = Number(attrs(date, 'w:ind')['w:right']);
  const pitch = (11906 - 1587 - 1474) / 28;
  // 江城市水务局 = 6 chars; 2024年2月5日 = 3 CJK + 6 digits = 6 chars wide: the signature right-indents 4, the date 2
  assert.equal(Math.round(rSig / pitch), 4);
  assert.equal(Math.round(rDate / pitch), 2);
  // a long signature stands 2 chars from the right and the date moves in
  const long = signatureIndents('中共江城市水务局党组巡察整改工作领导小组', '2024年2月5日');
  assert.equal(Math.round(long.signature / pitch), 2);
  assert.equal(Math.round(long.date / pitch), 20 - 6 - 2 + 2);
  assert.equal(attrs(style(parts.get('word/styles.xml')!, 'zgSignature'), 'w:jc')['w:val'], 'right');
});

test('page numbers: "— N —" in 4号宋体, odd pages right, even pages left, one character in', async () => {
  const parts = await unzip(await renderDocx(SAMPLE));
  const doc = parts.get('word/document.xml')!;
  const rels = parts.get('word/_rels/document.xml.rels')!;
  assert.match(parts.get('word/settings.xml')!, /<w:evenAndOddHeaders\/>/);
  const footerOf = (type: string) => {
    const id = attrs(doc, `w:footerReference w:type="${type}"`)['r:id'];
    const target = new RegExp(`Id="${id}"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Id="${id}"`).exec(rels)!;
    return parts.get(`word/${target[1] ?? target[2]}`)!;
  };
  const styles = parts.get('word/styles.xml')!;
  const pn = style(styles, 'zgPageNumber');
  assert.equal(attrs(pn, 'w:rFonts')['w:eastAsia'], '宋体');
  assert.equal(attrs(pn, 'w:sz')['w:val'], '28', '14 pt');
  for (const [type, side, jc] of [
    ['default', 'w:right', 'right'],
    ['even', 'w:left', 'left'],
  ] as const) {
    const f = footerOf(type);
    assert.match(f, /zgPageNumber/);
    assert.equal(attrs(f, 'w:jc')['w:val'], jc, type);
    assert.equal(attrs(f, 'w:ind')[side], '280', `${type}: one 4号 character from the edge`);
    assert.match(f, />— <\/w:t>[\s\S]*<w:instrText[^>]*>PAGE<\/w:instrText>[\s\S]*> —<\/w:t>/);
  }
  // the number's top 7 mm under the type area: the footer's bottom ≈ 23 mm from the edge
  const footer = Number(attrs(doc, 'w:pgMar')['w:footer']);
  assert.ok(Math.abs(footer / 56.693 - 23.06) < 0.1, `footer distance ${footer}`);
});

test('dates, numbers, labels and the text form', () => {
  assert.equal(chineseDate('2024-02-05'), '2024年2月5日');
  assert.equal(chineseDate('2026-11-21'), '2026年11月21日');
  assert.equal(chineseDate('2020-05'), '2020年5月');
  assert.throws(() => chineseDate('2024/2/5'));
  assert.deepEqual([1, 10, 12, 20, 21, 99].map(chineseNumber), ['一', '十', '十二', '二十', '二十一', '九十九']);
  assert.deepEqual(
    [headingLabel(1, 3), headingLabel(2, 11), headingLabel(3, 7), headingLabel(4, 61)],
    ['三、', '（十一）', '7.', '（61）'],
  );
  assert.deepEqual(blockFromText('(二)制定整改方案。针对反馈问题……'), {
    kind: 'heading',
    level: 2,
    label: '（二）',
    heading: '制定整改方案。',
    body: '针对反馈问题……',
  });
  assert.deepEqual(blockFromText('3.着力解决问题'), { kind: 'heading', level: 3, label: '3.', heading: '着力解决问题' });
  assert.deepEqual(blockFromText('2026.5 的数字不是标题'), { kind: 'paragraph', text: '2026.5 的数字不是标题' });
  const lines = documentLines(SAMPLE);
  assert.equal(lines[0], SAMPLE.title);
  assert.equal(lines.at(-1), '2024年2月5日');
  assert.ok(lines.includes('（一）加强组织领导。成立整改工作领导小组。'));
  const d = diffLines(['a', 'b', 'c'], ['a', 'x', 'c', 'd']);
  assert.deepEqual(d, [
    { op: 'same', text: 'a' },
    { op: 'removed', text: 'b' },
    { op: 'added', text: 'x' },
    { op: 'same', text: 'c' },
    { op: 'added', text: 'd' },
  ]);
});
