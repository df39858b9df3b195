/**
 * The portal's pages as functions of their data: no I/O here (routes.ts reads
 * and writes through the modules' services). Headings are in order, every form
 * field has a label, errors are tied to their fields, tables have captions and
 * header cells: what axe-core and GB/T 37668 ask of a page.
 */
import { blockFromText } from '../../domain/document/model.js';
import type { StatusRow } from '../../domain/schemas/publications.js';
import { FEEDBACK_STATUS_ZH, type FeedbackStatus } from '../../domain/schemas/feedback.js';
import { beijingTime, digest, errorSummary, h, type Html } from './html.js';

interface PubRef {
  code: string;
  title: string;
  publishedAt: Date;
}

export function homePage(units: { id: number; name: string; publications: PubRef[] }[]): Html {
  return h`<h1>巡视巡察整改情况通报</h1>
<p>以下单位已公开发布整改情况通报。点击通报标题阅读全文、下载 Word 文件，或对整改工作提出意见建议。</p>
${
  units.length
    ? h`<ul class="cards">${units.map(
        (u) => h`<li><h2><a href="/public/units/${u.id}">${u.name}</a></h2>
<ul>${u.publications.slice(0, 3).map(
          (p) =>
            h`<li><a href="/public/n/${p.code}">${p.title}</a>
<span class="meta">（${beijingTime(p.publishedAt)}发布）</span></li>`,
        )}</ul>
</li>`,
      )}</ul>`
    : h`<p class="box">目前还没有公开发布的整改情况通报。</p>`
}`;
}

export function unitPage(u: { id: number; name: string; publications: PubRef[] }): Html {
  return h`<p class="meta"><a href="/public/">通报公开</a> › ${u.name}</p>
<h1>${u.name}</h1>
<h2>已发布的整改情况通报</h2>
<ul class="cards">${u.publications.map(
    (p) =>
      h`<li><a href="/public/n/${p.code}">${p.title}</a><br>
<span class="meta">发布时间：${beijingTime(p.publishedAt)}&#12288;发布编号：${p.code}</span></li>`,
  )}</ul>
<div class="actions"><a class="button" href="/public/feedback?unit=${u.id}">对${u.name}的整改工作提出意见建议</a></div>`;
}

/** The notice's paragraphs: the title, headings by their labels, the signature and date at the right. */
function noticeBody(lines: string[]): Html {
  const lastBlank = lines.lastIndexOf('');
  const out: Html[] = [];
  lines.forEach((line, i) => {
    if (i === 0 || line === '') return;
    if (i === 1 && lines[2] === '') {
      out.push(h`<p class="center">${line}</p>`);
      return;
    }
    if (lastBlank > 2 && i > lastBlank) {
      out.push(h`<p class="right">${line}</p>`);
      return;
    }
    const b = blockFromText(line);
    if (b.kind === 'heading' && b.level === 1) out.push(h`<h2>${b.label}${b.heading}${b.body ?? ''}</h2>`);
    else if (b.kind === 'heading' && !b.body && b.heading.length <= 60)
      out.push(h`<h${b.level + 1}>${b.label}${b.heading}</h${b.level + 1}>`);
    else if (b.kind === 'heading') out.push(h`<p><strong>${b.label}${b.heading}</strong>${b.body ?? ''}</p>`);
    else out.push(h`<p>${line}</p>`);
  });
  return h`${out}`;
}

export function statusTableHtml(rows: StatusRow[]): Html {
  return h`<h2 id="status">问题整改情况表</h2>
<div class="table-wrap" role="region" aria-labelledby="status-caption" tabindex="0">
<table>
<caption id="status-caption">各项问题的整改状态（与通报同时发布）</caption>
<thead><tr><th scope="col">序号</th><th scope="col">问题</th><th scope="col">牵头部门</th>
<th scope="col">整改时限</th><th scope="col">状态</th></tr></thead>
<tbody>${rows.map(
    (r) =>
      h`<tr class="level-${r.level}"><td>${r.label}</td><td>${r.title}</td><td>${r.leadDept ?? ''}</td>
<td>${r.deadline ?? ''}</td><td>${r.status ?? ''}</td></tr>`,
  )}</tbody>
</table>
</div>`;
}

export function noticePage(p: {
  code: string;
  unitId: number;
  unitName: string;
  title: string;
  lines: string[];
  textDigest: string;
  docxDigest: string;
  publishedAt: Date;
  statusTable: StatusRow[] | null;
}): Html {
  return h`<p class="meta"><a href="/public/">通报公开</a> › <a href="/public/units/${p.unitId}">${p.unitName}</a></p>
<article class="doc" aria-labelledby="doc-title">
<h1 id="doc-title" class="title">${p.title}</h1>
<p class="meta center">${p.unitName}&#12288;${beijingTime(p.publishedAt)}发布&#12288;发布编号：${p.code}</p>
${noticeBody(p.lines)}
</article>
<div class="actions">
<a class="button" href="/public/n/${p.code}/docx" download>下载 Word 文件（.docx）</a>
<a class="button secondary" href="/public/n/${p.code}/text" download>下载正文文本（.txt）</a>
<a class="button secondary" href="/public/feedback?unit=${p.unitId}&amp;publication=${p.code}">提出意见建议</a>
</div>
${p.statusTable ? statusTableHtml(p.statusTable) : null}
<h2>核验信息</h2>
<div class="box">
<p>Word 文件的 SM3 摘要：${digest(p.docxDigest)}</p>
<p>正文文本的 SM3 摘要（印于 Word 文件末尾）：${digest(p.textDigest)}</p>
<p><a href="/public/verify/${p.code}">核验手中的文件是否与本次发布一致</a></p>
</div>`;
}

export interface VerifyOutcome {
  match: boolean;
  digest: string;
  matchedOn: 'docx' | 'text' | null;
  publication: { code: string; unitName: string; title: string; version: number; publishedAt: Date } | null;
}

function outcome(r: VerifyOutcome): Html {
  if (r.match && r.publication) {
    const what = r.matchedOn === 'docx' ? 'Word 文件' : '正文文本';
    return h`<div class="box ok" role="status"><h2>核验通过</h2>
<p>该${what}与已发布的通报完全一致：<a href="/public/n/${r.publication.code}">${r.publication.title}</a>${h`（${
      r.publication.unitName
    }，第 ${r.publication.version} 版，${beijingTime(r.publication.publishedAt)}发布，发布编号 ${r.publication.code}）。`}</p>
<p>SM3：${digest(r.digest)}</p></div>`;
  }
  return h`<div class="box bad" role="status"><h2>核验未通过</h2>
<p>没有任何已发布的通报与之完全一致。文件可能被修改过、另存过，或不是从本站下载的发布版本。</p>
<p>SM3：${digest(r.digest)}</p></div>`;
}

export function verifyPage(o: {
  result?: VerifyOutcome;
  digestValue?: string;
  errors?: Record<string, string>;
  publication?: {
    code: string;
    unitName: string;
    title: string;
    version: number;
    publishedAt: Date;
    textDigest: string;
    docxDigest: string;
  } | null;
}): Html {
  const errors = o.errors ?? {};
  const pub = o.publication;
  const action = pub ? `/public/verify/${pub.code}` : '/public/verify';
  return h`<h1>${pub ? `核验：${pub.title}` : '文件核验'}</h1>
${
  pub
    ? h`<div class="box"><p>发布编号 ${pub.code}，${pub.unitName}，第 ${pub.version} 版，${beijingTime(pub.publishedAt)}发布。<a
href="/public/n/${pub.code}">阅读通报</a></p>
<p>Word 文件 SM3：${digest(pub.docxDigest)}</p><p>正文文本 SM3：${digest(pub.textDigest)}</p></div>`
    : h`<p>上传从本站下载的通报文件（Word 或正文文本），或粘贴其 SM3 摘要，核对它是否与某一已发布的版本完全一致。</p>`
}
${o.result ? outcome(o.result) : null}
${errorSummary(errors, { file: '文件', digest: '摘要' })}
<h2>上传文件核验</h2>
<form method="post" action="${action}" enctype="multipart/form-data">
<div class="field">
<label for="f-file">选择文件 <span class="hint">文件只用于计算摘要，不会保存</span></label>
<input type="file" id="f-file" name="file" required ${errors.file ? h`aria-invalid="true" aria-describedby="e-file"` : null}>
${errors.file ? h`<span class="error" id="e-file">${errors.file}</span>` : null}
</div>
<button type="submit">核验文件</button>
</form>
<h2>输入摘要核验</h2>
<form method="get" action="/public/verify">
<div class="field">
<label for="f-digest">SM3 摘要 <span class="hint">64 位十六进制，可含空格</span></label>
<input type="text" id="f-digest" name="digest" value="${o.digestValue ?? ''}" autocomplete="off" spellcheck="false"
${errors.digest ? h`aria-invalid="true" aria-describedby="e-digest"` : null}>
${errors.digest ? h`<span class="error" id="e-digest">${errors.digest}</span>` : null}
</div>
<button type="submit">核验摘要</button>
</form>`;
}

export interface FeedbackFormState {
  unit: { id: number; name: string };
  publication?: { code: string; title: string } | null;
  values: Record<string, string>;
  errors: Record<string, string>;
  captcha: { token: string; image: string } | null;
  contact: { phone: string | null; email: string | null; address: string | null } | null;
}

const FEEDBACK_LABELS: Record<string, string> = {
  subject: '主题',
  text: '内容',
  name: '姓名',
  phone: '联系电话',
  email: '电子邮箱',
  file: '附件',
  captchaAnswer: '验证码',
  unitId: '单位',
  publication: '通报',
};

function field(name: string, o: FeedbackFormState, input: (attrs: Html) => Html, opts: { required?: boolean; hint?: string } = {}): Html {
  const err = o.errors[name];
  const described = [opts.hint ? `h-${name}` : '', err ? `e-${name}` : ''].filter(Boolean).join(' ');
  const required = opts.required ? h` required aria-required="true"` : null;
  const attrs = h`id="f-${name}" name="${name}"${required}${err ? h` aria-invalid="true"` : null}${
    described ? h` aria-describedby="${described}"` : null
  }`;
  return h`<div class="field">
<label for="f-${name}">${FEEDBACK_LABELS[name]}${
    opts.required ? h` <span class="req">（必填）</span>` : h` <span class="hint">（选填）</span>`
  }</label>
${opts.hint ? h`<span class="hint" id="h-${name}">${opts.hint}</span>` : null}
${input(attrs)}
${err ? h`<span class="error" id="e-${name}">${err}</span>` : null}
</div>`;
}

const INTRO = '提交后将得到一个查询码，凭查询码可查看办理状态和答复。姓名、电话、邮箱仅供该单位整改工作办公室联系您，加密保存，不会公开。';

export function feedbackPage(o: FeedbackFormState): Html {
  const v = (k: string) => o.values[k] ?? '';
  const c = o.contact;
  return h`<p class="meta"><a href="/public/">通报公开</a> › <a href="/public/units/${o.unit.id}">${o.unit.name}</a></p>
<h1>意见建议</h1>
<p>对${o.unit.name}的整改工作${o.publication ? h`（《${o.publication.title}》）` : null}提出意见建议。${INTRO}</p>
${errorSummary(o.errors, FEEDBACK_LABELS)}
<form method="post" action="/public/feedback" enctype="multipart/form-data" novalidate>
<input type="hidden" name="unitId" value="${o.unit.id}">
${o.publication ? h`<input type="hidden" name="publication" value="${o.publication.code}">` : null}
${field('subject', o, (a) => h`<input type="text" ${a} maxlength="100" value="${v('subject')}">`, { required: true })}
${field('text', o, (a) => h`<textarea ${a} maxlength="5000">${v('text')}</textarea>`, { required: true, hint: '不超过 5000 字' })}
${field('name', o, (a) => h`<input type="text" ${a} maxlength="50" autocomplete="name" value="${v('name')}">`)}
${field('phone', o, (a) => h`<input type="tel" ${a} maxlength="30" autocomplete="tel" value="${v('phone')}">`)}
${field('email', o, (a) => h`<input type="email" ${a} maxlength="120" autocomplete="email" value="${v('email')}">`)}
${field('file', o, (a) => h`<input type="file" ${a}>`, { hint: 'PDF、图片、Word、Excel 或文本文件，不超过 10 MB' })}
${
  o.captcha
    ? h`<input type="hidden" name="captchaToken" value="${o.captcha.token}">
${field(
  'captchaAnswer',
  o,
  (a) => h`<div class="captcha"><img src="${o.captcha!.image}" alt="验证码图片：一道两个数相加或相减的算式" width="140" height="56">
<input type="text" ${a} inputmode="numeric" autocomplete="off" maxlength="4"></div>`,
  { required: true, hint: '请计算图中算式的结果并填入。看不清可刷新本页换一题；无法识别图片的，可通过下方电话或邮箱反映意见。' },
)}`
    : null
}
<button type="submit">提交意见建议</button>
</form>
${
  c && (c.phone || c.email || c.address)
    ? h`<h2>其他反映渠道</h2><ul>${c.phone ? h`<li>联系电话：${c.phone}</li>` : null}${c.email ? h`<li>电子邮箱：${c.email}</li>` : null}${
        c.address ? h`<li>通信地址：${c.address}</li>` : null
      }</ul>`
    : null
}`;
}

export function feedbackDonePage(code: string, unitName: string): Html {
  return h`<h1>意见建议已提交</h1>
<div class="box ok" role="status">
<p>${unitName}已收到您的意见建议。您的查询码是：</p>
<p class="code">${code}</p>
<p>请记下查询码：它只显示这一次，凭它可以查看办理状态和答复。</p>
</div>
<div class="actions"><a class="button" href="/public/track?code=${code}">查看办理状态</a></div>`;
}

export function trackPage(o: {
  codeValue?: string;
  error?: string;
  state?: {
    code: string;
    unitName: string;
    subject: string;
    status: FeedbackStatus;
    submittedAt: Date;
    answer: string | null;
    answeredAt: Date | null;
  };
  notFound?: boolean;
}): Html {
  const s = o.state;
  return h`<h1>意见建议办理查询</h1>
${o.error ? errorSummary({ code: o.error }, { code: '查询码' }) : null}
<form method="get" action="/public/track">
<div class="field">
<label for="f-code">查询码 <span class="hint">提交意见建议时得到的 12 位查询码，如 7K3M-9QX2-PAB4</span></label>
<input type="text" id="f-code" name="code" value="${o.codeValue ?? ''}" autocomplete="off" spellcheck="false"
${o.error ? h`aria-invalid="true" aria-describedby="e-code"` : null}>
${o.error ? h`<span class="error" id="e-code">${o.error}</span>` : null}
</div>
<button type="submit">查询</button>
</form>
${o.notFound ? h`<div class="box bad" role="status"><p>没有找到该查询码对应的意见建议，请核对后重试。</p></div>` : null}
${
  s
    ? h`<section class="box" aria-labelledby="state-h"><h2 id="state-h">办理状态：${FEEDBACK_STATUS_ZH[s.status]}</h2>
<p>主题：${s.subject}</p>
<p>受理单位：${s.unitName}&#12288;提交时间：${beijingTime(s.submittedAt)}</p>
${
  s.answer
    ? h`<h3>答复${s.answeredAt ? h`（${beijingTime(s.answeredAt)}）` : null}</h3>${s.answer
        .split(/\r?\n/)
        .filter(Boolean)
        .map((l) => h`<p>${l}</p>`)}`
    : h`<p>尚未答复。</p>`
}
</section>`
    : null
}`;
}

export function errorPage(status: number, message: string): Html {
  return h`<h1>${status === 404 ? '页面不存在' : status === 429 ? '操作过于频繁' : '无法完成请求'}</h1>
<div class="box bad" role="alert"><p>${message}</p></div>
<p><a href="/public/">返回首页</a></p>`;
}
