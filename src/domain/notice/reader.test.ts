import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { AlignmentType, Document, LevelFormat, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import { NoticeInputError } from './types.js';
import { decodeText, MAX_NOTICE_BYTES, readNotice, readNoticeText, sniffFormat } from './read/index.js';
import { chineseNumber, formatNumber } from './read/docx-numbering.js';
import { htmlToLines } from './read/html-lines.js';
import { storedZip } from './read/test-zip.js';
import { layoutNotice, makePdf, PAGE } from './read/test-pdf.js';
import { makeDoc } from './read/test-doc.js';

const enc = new TextEncoder();
const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(new URL(`../../../fixtures/ledgers/${name}`, import.meta.url)));

function refusal(fn: () => unknown, code: NoticeInputError['code']): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof NoticeInputError, `expected NoticeInputError, got ${String(err)}`);
    assert.equal(err.code, code);
    assert.match(err.userMessage, /[\u4e00-\u9fff]/, 'userMessage is Chinese');
    assert.doesNotMatch(err.message, /[\u4e00-\u9fff]/, 'message is English');
    return true;
  });
}

async function refusalAsync(p: Promise<unknown>, code: NoticeInputError['code']): Promise<void> {
  await assert.rejects(p, (err: unknown) => err instanceof NoticeInputError && err.code === code);
}

/** Deterministic noise: a flaky refusal test would be worse than none. */
function noise(n: number, seed = 7): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

function utf16(text: string, order: 'le' | 'be', bom = true): Uint8Array {
  const out: number[] = bom ? (order === 'le' ? [0xff, 0xfe] : [0xfe, 0xff]) : [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (order === 'le') out.push(c & 0xff, c >> 8);
    else out.push(c >> 8, c & 0xff);
  }
  return Uint8Array.from(out);
}

describe('sniffFormat refusals', () => {
  test('empty input', () => refusal(() => sniffFormat(new Uint8Array(0)), 'empty'));

  test('a PDF is recognised by its header (junk before it allowed), not refused', () => {
    assert.equal(sniffFormat(enc.encode('%PDF-1.7\n%âãÏÓ\n1 0 obj\n'), 'x.pdf'), 'pdf');
    assert.equal(sniffFormat(enc.encode('junk\n%PDF-1.4\n1 0 obj\n%%EOF\n')), 'pdf');
  });

  test('a text that merely mentions %PDF- is still text', () => {
    assert.equal(sniffFormat(enc.encode('附件格式说明：文件头为 %PDF- 的是 PDF 文件。\n')), 'text');
  });

  test('images by magic number', () => {
    const images = [
      [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13],
      [0xff, 0xd8, 0xff, 0xe0, 0, 16],
      [...enc.encode('GIF89a'), 1, 0],
      [...enc.encode('BM'), 0x46, 0, 0, 0, 0, 0, 0, 0, 0x36, 0, 0, 0, 0x28, 0],
      [0x49, 0x49, 0x2a, 0x00, 8, 0, 0, 0],
      [...enc.encode('RIFF'), 0x24, 0, 0, 0, ...enc.encode('WEBPVP8 ')],
    ];
    for (const bytes of images) refusal(() => sniffFormat(Uint8Array.from(bytes)), 'image');
  });

  test('random binary', () => refusal(() => sniffFormat(noise(4096)), 'binary'));

  test('high bytes without controls pass the sniff but no encoding reads them', async () => {
    const garbage = noise(2000, 3).map((b) => 0x80 | b);
    await refusalAsync(readNotice({ bytes: garbage }), 'binary');
  });

  test('50 MB is refused in well under 100 ms, without decoding', () => {
    const big = new Uint8Array(50 * 1024 * 1024).fill(0x41);
    const t0 = performance.now();
    refusal(() => sniffFormat(big), 'too-large');
    assert.ok(performance.now() - t0 < 100);
    assert.equal(MAX_NOTICE_BYTES, 20 * 1024 * 1024);
  });

  test('a zip that is neither docx nor xlsx', () => {
    refusal(() => sniffFormat(storedZip({ 'readme.txt': 'hello', 'photo.jpg': 'x' })), 'unsupported');
  });

  test('a zip declaring more than it can hold is refused before inflating', () => {
    const bomb = storedZip({ '[Content_Types].xml': '<Types/>', 'word/document.xml': 'x' }, { declaredSize: 0xfffffff0 });
    refusal(() => sniffFormat(bomb), 'too-large');
  });

  test('legacy Word (.doc) is read; a legacy Excel (.xls) gets advice to save as .xlsx', () => {
    const ole = Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]);
    assert.equal(sniffFormat(ole, '通报.doc'), 'doc');
    assert.equal(sniffFormat(ole), 'doc');
    refusal(() => sniffFormat(ole, '台账.xls'), 'unsupported');
    try {
      sniffFormat(ole, '台账.xls');
    } catch (err) {
      assert.match((err as NoticeInputError).userMessage, /\.xlsx/);
    }
  });

  test('truncated and hollow Office files are corrupt', async () => {
    const docx = await makeDocx();
    refusal(() => sniffFormat(docx.subarray(0, docx.length - 200)), 'corrupt');
    await refusalAsync(readNotice({ bytes: storedZip({ 'word/document.xml': 'not xml at all' }) }), 'corrupt');
  });
});

describe('decodeText', () => {
  const sample = '一、问题整改情况\r\n（一）学习不够深入。\r整改时限：2024年6月底\n';
  const expected = '一、问题整改情况\n（一）学习不够深入。\n整改时限：2024年6月底\n';

  test('UTF-8 with and without BOM, CRLF/CR → LF, NUL dropped', () => {
    assert.deepEqual(decodeText(enc.encode(sample)), { text: expected, encoding: 'utf-8' });
    const bom = Uint8Array.from([0xef, 0xbb, 0xbf, ...enc.encode(sample)]);
    assert.deepEqual(decodeText(bom), { text: expected, encoding: 'utf-8' });
    assert.equal(decodeText(enc.encode('甲\u0000乙')).text, '甲乙');
  });

  test('UTF-16 LE and BE with BOM', () => {
    assert.deepEqual(decodeText(utf16(sample, 'le')), { text: expected, encoding: 'utf-16le' });
    assert.deepEqual(decodeText(utf16(sample, 'be')), { text: expected, encoding: 'utf-16be' });
    assert.equal(sniffFormat(utf16(sample, 'le')), 'text');
  });

  test('UTF-16 LE without BOM, recognised by where its NUL bytes sit', () => {
    const bytes = utf16(sample, 'le', false);
    assert.equal(sniffFormat(bytes), 'text');
    assert.deepEqual(decodeText(bytes), { text: expected, encoding: 'utf-16le' });
  });

  test('GB18030 fixture (made with iconv) decodes to its UTF-8 original', () => {
    const decoded = decodeText(fixture('notice-gb18030.txt'));
    assert.equal(decoded.encoding, 'gb18030');
    assert.equal(decoded.text, new TextDecoder().decode(fixture('notice-gb18030.utf8.txt')));
  });

  test('readNoticeText reports the encoding', async () => {
    const r = await readNoticeText({ bytes: fixture('notice-gb18030.txt'), filename: '通报.txt' });
    assert.equal(r.source, 'text');
    assert.equal(r.encoding, 'gb18030');
    assert.match(r.text, /^中共青溪县文化旅游局党组/);
  });

  test('a file of blanks is empty', async () => {
    await refusalAsync(readNotice({ bytes: enc.encode(' \r\n\u3000\n') }), 'empty');
  });
});

/** A notice mixing literal labels, real Word numbering and a table. */
async function makeDocx(): Promise<Uint8Array> {
  const p = (text: string, numbering?: { reference: string; level: number }) => new Paragraph({ children: [new TextRun(text)], numbering });
  const cell = (text: string) => new TableCell({ children: [p(text)], width: { size: 2000, type: WidthType.DXA } });
  const doc = new Document({
    numbering: {
      config: [
        {
          reference: 'problems',
          levels: [
            { level: 0, format: LevelFormat.DECIMAL, text: '%1.', alignment: AlignmentType.LEFT },
            { level: 1, format: LevelFormat.DECIMAL, text: '（%2）', alignment: AlignmentType.LEFT },
          ],
        },
        {
          reference: 'aspects',
          levels: [{ level: 0, format: LevelFormat.CHINESE_COUNTING, text: '（%1）', alignment: AlignmentType.LEFT }],
        },
      ],
    },
    sections: [
      {
        children: [
          new Paragraph({
            children: [new TextRun({ text: '青溪县文化旅游局关于巡察整改情况的通报', bold: true })],
            alignment: AlignmentType.CENTER,
          }),
          p('一、巡察反馈问题整改落实情况'),
          p('（一）学习贯彻党的创新理论不够深入的问题'),
          p('理论学习中心组学习流于形式', { reference: 'problems', level: 0 }),
          p('整改措施：修订学习制度，全年集中学习12次。整改时限：2024年6月底。'),
          p('意识形态工作责任制落实不到位', { reference: 'problems', level: 0 }),
          p('专题研究不够', { reference: 'problems', level: 1 }),
          p('阵地管理不严', { reference: 'problems', level: 1 }),
          p('基层党组织建设薄弱的问题', { reference: 'aspects', level: 0 }),
          p('“三会一课”制度执行不严格', { reference: 'problems', level: 0 }),
          new Table({
            rows: [
              new TableRow({ children: [cell('序号'), cell('问题'), cell('责任单位'), cell('整改时限')] }),
              new TableRow({ children: [cell('1'), cell('台账不规范'), cell('办公室'), cell('2024年6月30日')] }),
            ],
          }),
          p('中共青溪县文化旅游局党组'),
          p('2024年7月15日'),
        ],
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}

describe('docx', () => {
  test('Word numbering is recomputed as Word shows it, across interruptions', async () => {
    const bytes = await makeDocx();
    assert.equal(sniffFormat(bytes, '通报.docx'), 'docx');
    const { text, source } = await readNoticeText({ bytes });
    assert.equal(source, 'docx');
    const lines = text.split('\n');
    assert.deepEqual(lines.slice(0, 10), [
      '青溪县文化旅游局关于巡察整改情况的通报',
      '一、巡察反馈问题整改落实情况',
      '（一）学习贯彻党的创新理论不够深入的问题',
      '1.理论学习中心组学习流于形式',
      '整改措施：修订学习制度，全年集中学习12次。整改时限：2024年6月底。',
      '2.意识形态工作责任制落实不到位', // continues after the body paragraph, as in Word
      '（1）专题研究不够',
      '（2）阵地管理不严',
      '（一）基层党组织建设薄弱的问题', // its own list: chineseCounting, "（%1）"
      '3.“三会一课”制度执行不严格', // the problems list continues
    ]);
    assert.deepEqual(lines.slice(10), [
      '序号\t问题\t责任单位\t整改时限',
      '1\t台账不规范\t办公室\t2024年6月30日',
      '中共青溪县文化旅游局党组',
      '2024年7月15日',
    ]);
  });

  test('readNotice parses the Word text with source docx', async () => {
    const parsed = await readNotice({ bytes: await makeDocx(), filename: '通报.docx' });
    assert.equal(parsed.source, 'docx');
    assert.ok(parsed.lines.some((l) => l.startsWith('2.意识形态')));
    assert.ok(parsed.nodes.length > 0);
  });

  test('list items without a recomputable number get labels by depth below the last label', () => {
    const html =
      '<h1>通报</h1><p>（一）政治建设方面</p><ol><li>学习不够<ol><li>专题少</li></ol></li><li>制度&amp;执行不严</li></ol>' +
      '<ul><li>要点</li></ul><p>1.一<br />二</p>';
    assert.deepEqual(htmlToLines(html), [
      '通报',
      '（一）政治建设方面',
      '1.学习不够',
      '（1）专题少',
      '2.制度&执行不严',
      '要点',
      '1.一',
      '二',
    ]);
    assert.deepEqual(htmlToLines('<ol><li>甲</li><li>乙</li></ol>'), ['一、甲', '二、乙']);
  });

  test('number formats', () => {
    assert.deepEqual(
      [1, 10, 11, 20, 21, 105, 110].map((n) => chineseNumber(n)),
      ['一', '十', '十一', '二十', '二十一', '一百零五', '一百一十'],
    );
    assert.equal(formatNumber(3, 'decimalEnclosedCircle'), '③');
    assert.equal(formatNumber(2, 'ideographTraditional'), '乙');
    assert.equal(formatNumber(12, 'chineseLegalSimplified'), '拾贰');
  });
});

describe('pdf', () => {
  const notice = [
    '示例县统计局关于县委巡察反馈问题整改情况的通报',
    '根据县委统一部署，县委第二巡察组于2023年3月1日至4月28日对县统计局进行了巡察，并于2023年6月2日反馈了巡察意见。现将整改情况通报如下。',
    '一、整改落实情况',
    '（一）统计数据质量管控不严的问题',
    '整改进展情况：已完成。制定《统计数据质量审核办法》，对2021年以来上报的数据逐项复核，更正差错数据15处，约谈数据报送不及时的单位6家，并将数据质量纳入年度考核，相关做法在全县推广。',
    '（二）统计执法检查偏少的问题',
    '整改进展情况：正在推进。已开展执法检查12次。',
    '2023年9月1日',
  ];

  test('lines in reading order, headers, footers and page numbers removed, a paragraph broken across pages joined', async () => {
    const pages = layoutNotice(notice, { header: '示例县统计局', pageNumbers: true, linesPerPage: 4 });
    assert.ok(pages.length >= 3, 'the long paragraph runs over a page break');
    const bytes = makePdf(pages);
    assert.equal(sniffFormat(bytes, '通报.pdf'), 'pdf');
    const { text, source, fileFormat } = await readNoticeText({ bytes });
    assert.equal(source, 'text');
    assert.equal(fileFormat, 'pdf');
    assert.deepEqual(text.split('\n'), notice);
    const parsed = await readNotice({ bytes, filename: '通报.pdf' });
    assert.equal(parsed.fileFormat, 'pdf');
    assert.deepEqual(parsed.counts, { groups: 0, themes: 0, problems: 2, measures: 0 });
    assert.equal(parsed.meta.date, '2023-09-01');
  });

  test('runs drawn out of order are put back in reading order', async () => {
    const size = 12;
    const y = PAGE.height - 100;
    // The second line (a new, indented paragraph) is drawn first, and the first line in two runs,
    // right half first.
    const bytes = makePdf([
      {
        texts: [
          { x: 72 + 2 * size, y: y - 22, size, text: '第二行是另一个段落的文字。' },
          { x: 72 + 8 * size, y, size, text: '以及它的后半部分。' },
          { x: 72, y, size, text: '第一行开头的前半部分' },
        ],
      },
    ]);
    assert.deepEqual((await readNoticeText({ bytes })).text.split('\n'), [
      '第一行开头的前半部分以及它的后半部分。',
      '第二行是另一个段落的文字。',
    ]);
  });

  test('a scan with no text layer is refused with advice to run OCR', async () => {
    const scan = makePdf([
      { texts: [], image: true },
      { texts: [], image: true },
    ]);
    await assert.rejects(readNotice({ bytes: scan, filename: '扫描件.pdf' }), (err: unknown) => {
      assert.ok(err instanceof NoticeInputError);
      assert.equal(err.code, 'pdf');
      assert.match(err.userMessage, /文字识别（OCR）/);
      return true;
    });
  });

  test('a damaged PDF is corrupt', async () => {
    await refusalAsync(readNotice({ bytes: enc.encode('%PDF-1.7\n1 0 obj << /Type /Catalog >>\n%%EOF\n') }), 'corrupt');
  });
});

describe('doc', () => {
  test('paragraphs and table rows of a legacy Word file, quotes kept', async () => {
    const bytes = makeDoc([
      '示例局关于巡察整改情况的通报',
      '一、关于“台账不规范”的问题',
      ['序号', '问题', '责任单位'],
      ['1', '台账不全', '办公室'],
      '2023年9月1日',
    ]);
    assert.equal(sniffFormat(bytes, '通报.doc'), 'doc');
    const { text, fileFormat } = await readNoticeText({ bytes, filename: '通报.doc' });
    assert.equal(fileFormat, 'doc');
    assert.deepEqual(text.split('\n'), [
      '示例局关于巡察整改情况的通报',
      '一、关于“台账不规范”的问题',
      '序号\t问题\t责任单位',
      '1\t台账不全\t办公室',
      '2023年9月1日',
    ]);
    assert.equal((await readNotice({ bytes })).fileFormat, 'doc');
  });

  test('a compound file that holds no Word document is corrupt', async () => {
    const ole = Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...new Uint8Array(600)]);
    await refusalAsync(readNotice({ bytes: ole, filename: '通报.doc' }), 'corrupt');
  });
});
