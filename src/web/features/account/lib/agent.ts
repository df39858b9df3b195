/**
 * A session's browser as a person recognises it ("Chrome 131 · Windows"), from the User-Agent the server
 * kept: the raw string says little to most people, and a session one does not recognise is the one to end.
 * Browsers built on Chromium (360, QQ, Sogou) name themselves after Chrome's token, so they read as Chrome.
 */
const BROWSERS: [RegExp, string][] = [
  [/\bEdg(?:e|A|iOS)?\/(\d+)/, 'Edge'],
  [/\bFirefox\/(\d+)/, 'Firefox'],
  [/\bOPR\/(\d+)/, 'Opera'],
  [/\b(?:Headless)?Chrome\/(\d+)/, 'Chrome'],
  [/\bCriOS\/(\d+)/, 'Chrome'],
  [/\bVersion\/(\d+)[^ ]* (?:Mobile\/\S+ )?Safari\//, 'Safari'],
];
const SYSTEMS: [RegExp, string][] = [
  [/Windows NT/, 'Windows'],
  [/iPhone|iPad|iPod/, 'iOS'],
  [/Android/, 'Android'],
  [/Mac OS X|Macintosh/, 'macOS'],
  [/CrOS/, 'ChromeOS'],
  [/Linux|X11/, 'Linux'],
];

/** "Chrome 131 · Linux", "Firefox 128", "Windows", or null when nothing is recognised. */
export function describeAgent(ua: string): string | null {
  const b = BROWSERS.map(([re, name]) => [re.exec(ua), name] as const).find(([m]) => m);
  const os = SYSTEMS.find(([re]) => re.test(ua))?.[1];
  const browser = b ? `${b[1]} ${b[0]![1]}` : null;
  const parts = [browser, os].filter((x): x is string => !!x);
  return parts.length ? parts.join(' · ') : null;
}
