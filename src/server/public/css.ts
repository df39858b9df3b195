/**
 * The portal's one stylesheet, served as /public/assets/portal.css. Sizes are in
 * rem, so the large-print mode (html.large) enlarges everything by changing the
 * root size alone, and the layout reflows rather than overflows. Colours meet
 * WCAG 2.1 AA contrast (4.5:1 for text) on their backgrounds.
 */
export const PORTAL_CSS = `
*,*::before,*::after{box-sizing:border-box}
html{font-size:100%;-webkit-text-size-adjust:100%}
html.large{font-size:137.5%}
body{margin:0;font-family:"PingFang SC","Microsoft YaHei","Noto Sans CJK SC","Source Han Sans SC",sans-serif;
  line-height:1.7;color:#1a1a1a;background:#fff}
.wrap{max-width:52rem;margin:0 auto;padding:0 1rem}
a{color:#0b4f9c;text-underline-offset:.15em}
a:hover{color:#08386f}
:focus-visible{outline:3px solid #c25400;outline-offset:2px}
.skip{position:absolute;left:-999px;top:0;background:#fff;padding:.5rem 1rem;z-index:10}
.skip:focus{left:0}
header.site{background:#a4161a;color:#fff}
header.site a{color:#fff}
.bar{display:flex;flex-wrap:wrap;align-items:center;justify-content:space-between;gap:.5rem;padding-top:.75rem;padding-bottom:.5rem}
.brand{font-size:1.25rem;font-weight:700;text-decoration:none}
.large-switch{border:1px solid #fff;border-radius:.25rem;padding:.25rem .75rem;text-decoration:none;white-space:nowrap}
.nav{list-style:none;display:flex;flex-wrap:wrap;gap:.25rem 1.25rem;margin:0;padding:0 0 .6rem}
.nav a{text-decoration:none;font-weight:600}
.nav a:hover,.nav a:focus-visible{text-decoration:underline}
main{padding-top:1.25rem;padding-bottom:2rem;min-height:60vh}
main:focus{outline:none}
h1{font-size:1.5rem;line-height:1.4;margin:.5rem 0 1rem}
h2{font-size:1.2rem;margin:1.5rem 0 .5rem}
h3{font-size:1.05rem;margin:1.2rem 0 .4rem}
.meta{color:#4a4a4a;font-size:.95rem}
.cards{list-style:none;padding:0;margin:0;display:grid;gap:.75rem}
.cards>li{border:1px solid #d0d7de;border-radius:.4rem;padding:.75rem 1rem}
.cards ul{margin:.25rem 0 0;padding-left:1.25rem}
.cards h2{margin:0 0 .25rem;font-size:1.1rem}
.doc{font-size:1.05rem}
.doc h2{font-size:1.1rem}
.doc h3,.doc h4{font-size:1.05rem}
.doc p{margin:.4rem 0;text-indent:2em}
.doc .title{text-align:center;font-size:1.4rem}
.doc .center{text-align:center;text-indent:0}
.doc .right{text-align:right;text-indent:0}
.actions{display:flex;flex-wrap:wrap;gap:.5rem;margin:1rem 0}
.button,button{display:inline-block;font:inherit;font-weight:600;background:#0b4f9c;color:#fff;border:0;
  border-radius:.3rem;padding:.5rem 1rem;text-decoration:none;cursor:pointer;min-height:2.75rem}
.button.secondary{background:#fff;color:#0b4f9c;border:1px solid #0b4f9c}
.button:hover,button:hover{background:#08386f;color:#fff}
.box{border:1px solid #d0d7de;border-radius:.4rem;padding:.75rem 1rem;margin:1rem 0;background:#f6f8fa}
.ok{border-color:#1a7f37;background:#effaf2}
.bad{border-color:#b42318;background:#fef3f2}
.digest{font-family:ui-monospace,Consolas,monospace;overflow-wrap:anywhere}
.table-wrap{overflow-x:auto}
table{border-collapse:collapse;width:100%;font-size:.95rem}
caption{text-align:left;font-weight:700;padding:.25rem 0}
th,td{border:1px solid #d0d7de;padding:.4rem .5rem;text-align:left;vertical-align:top}
th{background:#f0f3f6}
tr.level-1 td{font-weight:700;background:#f6f8fa}
tr.level-2 td{font-weight:600}
form .field{margin:0 0 1rem}
label{display:block;font-weight:600;margin-bottom:.25rem}
.hint{display:block;color:#4a4a4a;font-size:.9rem;font-weight:400}
label .hint{display:inline}
.req{color:#b42318}
input[type=text],input[type=tel],input[type=email],textarea{width:100%;font:inherit;padding:.5rem;
  border:1px solid #6b7280;border-radius:.3rem;background:#fff;color:#1a1a1a}
input[type=file]{font:inherit;max-width:100%}
textarea{min-height:9rem}
[aria-invalid=true]{border-color:#b42318;border-width:2px}
.error{color:#b42318;font-weight:600;display:block}
.errors{border:2px solid #b42318;border-radius:.4rem;padding:.5rem 1rem;margin:0 0 1rem}
.errors h2{margin:.25rem 0;font-size:1.05rem}
.captcha{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem}
.captcha input[type=text]{max-width:8rem}
.captcha img{border:1px solid #6b7280;border-radius:.3rem;max-width:100%;height:auto}
.code{font-family:ui-monospace,Consolas,monospace;font-size:1.6rem;font-weight:700;letter-spacing:.08em}
footer.site{border-top:1px solid #d0d7de;color:#4a4a4a;font-size:.9rem;padding:.5rem 0 1.5rem}
@media print{header.site,footer.site,.actions,.skip{display:none}}
`;
