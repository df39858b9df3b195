/**
 * The portal's HTML: escaping, the page frame, and small pieces the pages share.
 * Server-rendered and script-free: every action is a link or a form, so the pages
 * work by keyboard and on any phone, and fit the Content-Security-Policy (no
 * inline script, no other origin). Text is escaped at one place, `h`; a page is
 * assembled from `Html` values only, so unescaped text cannot slip in.
 */

/** Markup that is already safe. */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escape(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESC[c]);
}

type Part = Html | string | number | null | undefined | false | readonly Part[];

function render(p: Part): string {
  if (p === null || p === undefined || p === false) return '';
  if (p instanceof Html) return p.value;
  if (Array.isArray(p)) return p.map(render).join('');
  return escape(String(p));
}

/** A template tag: literal markup, interpolations escaped (Html values and arrays of them kept). */
export function h(strings: TemplateStringsArray, ...parts: Part[]): Html {
  let out = strings[0];
  parts.forEach((p, i) => {
    out += render(p) + strings[i + 1];
  });
  return new Html(out);
}

export interface PageOptions {
  title: string;
  /** The portal path of the page, for the large-print switch to come back to. */
  path: string;
  large: boolean;
  body: Html;
}

const SITE = '整改情况公开';

/** The large-print switch: a link (works without script) that sets a cookie and comes back. */
function largeSwitch(path: string, large: boolean): Html {
  const href = `/public/large?on=${large ? 0 : 1}&back=${encodeURIComponent(path)}`;
  return h`<a class="large-switch" href="${href}">${large ? '标准字号' : '长者模式（大字）'}</a>`;
}

export function page(o: PageOptions): string {
  return `<!doctype html>${h`<html lang="zh-CN" class="${o.large ? 'large' : ''}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${o.title} - ${SITE}</title>
<link rel="stylesheet" href="/public/assets/portal.css">
</head>
<body>
<a class="skip" href="#main">跳到正文</a>
<header class="site">
<div class="wrap bar">
<a class="brand" href="/public/">${SITE}</a>
${largeSwitch(o.path, o.large)}
</div>
<nav class="wrap" aria-label="网站导航">
<ul class="nav">
<li><a href="/public/">通报公开</a></li>
<li><a href="/public/verify">文件核验</a></li>
<li><a href="/public/track">意见建议查询</a></li>
</ul>
</nav>
</header>
<main id="main" class="wrap" tabindex="-1">
${o.body}
</main>
<footer class="site">
<div class="wrap">
<p>本站公开巡视巡察整改情况通报，并受理公众意见建议。通报文件可在“文件核验”中核对是否与发布版本一致。</p>
</div>
</footer>
</body>
</html>`}`;
}

/** "2026年11月21日 10:00" in Beijing time, whatever the host's zone. */
export function beijingTime(d: Date): string {
  const b = new Date(d.getTime() + 8 * 3600_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${b.getUTCFullYear()}年${b.getUTCMonth() + 1}月${b.getUTCDate()}日 ${pad(b.getUTCHours())}:${pad(b.getUTCMinutes())}`;
}

/** A 64-character digest broken into groups of 8, so it wraps on a phone and reads aloud. */
export function digest(hex: string): Html {
  return h`<code class="digest">${hex.match(/.{1,8}/g)?.join(' ') ?? hex}</code>`;
}

/** The field errors of a form: a summary at the top (announced), each linking to its field. */
export function errorSummary(errors: Record<string, string>, labels: Record<string, string>): Html | null {
  const entries = Object.entries(errors);
  if (!entries.length) return null;
  return h`<div class="errors" role="alert" tabindex="-1" id="errors">
<h2>提交未成功，请修改以下内容：</h2>
<ul>${entries.map(([f, m]) => h`<li><a href="#f-${f}">${labels[f] ?? f}：${m}</a></li>`)}</ul>
</div>`;
}
