/**
 * Refusals of the reader, worded once.
 *
 * Every refusal carries a Chinese message for the person who uploaded the file
 * (what is wrong and what to do instead) and an English one for logs; the code
 * is what the server maps to a status and the web to an icon.
 */
import { NoticeInputError } from '../types.js';

export type RefusalCode = NoticeInputError['code'];

/** Inputs above this are refused before any decoding (20 MiB). */
export const MAX_NOTICE_BYTES = 20 * 1024 * 1024;

const MIB = 1024 * 1024;

export function refuse(code: RefusalCode, detail?: string): NoticeInputError {
  const [zh, en] = wording(code, detail);
  return new NoticeInputError(code, zh, en);
}

function wording(code: RefusalCode, detail: string | undefined): [string, string] {
  switch (code) {
    case 'empty':
      return ['文件为空，请选择包含通报或台账内容的文件。', 'Input is empty.'];
    case 'pdf':
      // Readable PDFs are read; what is refused is a scan, a picture of text with no text layer.
      return [
        '这份 PDF 没有可读取的文字层，应是扫描件或图片，需要先进行文字识别（OCR）。请用 WPS、Adobe Acrobat 等工具识别文字后另存为 Word 文档（.docx），或上传原始的 Word/文本文件。',
        `PDF has no text layer (a scan): it needs OCR${detail ? ` (${detail})` : ''}.`,
      ];
    case 'image':
      return [
        '这是一张图片，不含可读取的文字。请上传通报的 Word 文档（.docx/.doc）、带文字层的 PDF、纯文本（.txt）或 Excel 台账（.xlsx）。',
        'Image input is not supported; upload .docx, .txt or .xlsx.',
      ];
    case 'binary':
      return [
        '无法识别文件内容：它不是文本，也不是 Word 或 Excel 文件。请将原文另存为 UTF-8 纯文本或 Word 文档（.docx）后再导入。',
        `Input is binary or in an unknown encoding${detail ? ` (${detail})` : ''}.`,
      ];
    case 'too-large':
      return [
        `文件过大（超过 ${MAX_NOTICE_BYTES / MIB} MB 或解压后内容过多）。请删去图片等附件，或将台账拆分后分批导入。`,
        `Input exceeds the reader's limits${detail ? ` (${detail})` : ''}.`,
      ];
    case 'unsupported':
      return [unsupportedZh(detail), `Unsupported format${detail ? `: ${detail}` : ''}.`];
    case 'corrupt':
      return [
        detail?.startsWith('pdf')
          ? 'PDF 文件已损坏或不完整，无法读取。请重新导出 PDF，或上传原始的 Word 文档、纯文本文件。'
          : '文件已损坏或不完整，无法打开。请在 Word/WPS 或 Excel 中打开后重新保存，再导入。',
        `Input is corrupt${detail ? `: ${detail}` : ''}.`,
      ];
  }
}

/** Formats we recognise but cannot read each get advice on what to save as. */
function unsupportedZh(detail: string | undefined): string {
  switch (detail) {
    case 'doc':
      return '这是旧版 Word 文档（.doc/.wps），其中的文字无法读取，请在 Word 或 WPS 中另存为 .docx 后再导入。';
    case 'pdf-password':
      return '这份 PDF 设有打开密码，无法读取。请解除密码后再导入，或上传原始的 Word/文本文件。';
    case 'xls':
      return '这是旧版 Excel 表格（.xls/.et），请在 Excel 或 WPS 中另存为 .xlsx 后再导入。';
    case 'ole':
      return '这是旧版 Office 文件（.doc/.xls），请另存为 .docx 或 .xlsx 后再导入。';
    case 'rtf':
      return 'RTF 格式暂不支持，请在 Word 或 WPS 中另存为 .docx 后再导入。';
    case 'ofd':
      return 'OFD 版式文件无法准确读取编号和段落，请将原文导出为 Word 文档（.docx）或纯文本（.txt）后再导入。';
    case 'odf':
      return 'OpenDocument 格式（.odt/.ods）暂不支持，请另存为 .docx 或 .xlsx 后再导入。';
    case 'xlsb':
      return 'Excel 二进制工作簿（.xlsb）暂不支持，请另存为 .xlsx 后再导入。';
    case 'archive':
      return '这是压缩包，请解压后逐个上传其中的 Word、文本或 Excel 文件。';
    default:
      return '无法识别的文件格式。请上传 Word 文档（.docx/.doc）、PDF、纯文本（.txt）或 Excel 台账（.xlsx）。';
  }
}
