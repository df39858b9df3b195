/**
 * A browser-like global scope for the web's component tests under node --test:
 * a jsdom window whose globals (document, HTMLElement, events, localStorage…)
 * are copied onto Node's global object, plus the few browser functions jsdom
 * does not implement and Ant Design calls. Import it first in every
 * test/web/*.test.tsx, before React or antd is loaded: react-dom decides at
 * import time whether it runs in a DOM.
 */
import { JSDOM } from 'jsdom';
import { timeoutManager } from '@tanstack/react-query';

const dom = new JSDOM('<!doctype html><html lang="zh-CN"><head></head><body></body></html>', {
  url: 'http://127.0.0.1/',
  pretendToBeVisual: true,
});
const win = dom.window;
const g = globalThis as unknown as Record<string, unknown>;

// What Node already has (fetch, Response, URL, TextEncoder, timers…) stays Node's;
// everything else the window offers becomes a global, as in a browser.
for (const key of Object.getOwnPropertyNames(win)) {
  if (key in g || key.startsWith('_')) continue;
  g[key] = (win as unknown as Record<string, unknown>)[key];
}
g.window = win;
g.document = win.document;
g.navigator = win.navigator;
g.self = win;

// Ant Design's responsive grid and Descriptions subscribe to media queries; jsdom has
// no layout, so every query reports "does not match" (the desktop-first defaults).
const matchMedia = (query: string): MediaQueryList => {
  const mql: MediaQueryList = {
    matches: false,
    media: query,
    onchange: null,
    addListener: () => undefined,
    removeListener: () => undefined,
    addEventListener: () => undefined,
    removeEventListener: () => undefined,
    dispatchEvent: () => false,
  };
  return mql;
};
win.matchMedia = matchMedia;
g.matchMedia = matchMedia;

// jsdom throws "Not implemented" for getComputedStyle(el, pseudoElement), which antd's
// scrollbar measuring calls; the pseudo element's style is not needed, so answer the element's.
const computed = win.getComputedStyle.bind(win);
const getComputedStyle = (el: Element) => computed(el);
win.getComputedStyle = getComputedStyle;
g.getComputedStyle = getComputedStyle;

// rc-resize-observer (antd tables, tabs) needs ResizeObserver; nothing resizes in jsdom.
class NoResizeObserver {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
}
g.ResizeObserver ??= NoResizeObserver;
g.requestAnimationFrame ??= (cb: FrameRequestCallback) => setTimeout(() => cb(Date.now()), 0);
g.cancelAnimationFrame ??= (id: ReturnType<typeof setTimeout>) => clearTimeout(id);

// Ant Design's forms post to a fresh MessageChannel for every batch of changes and
// never close it. A browser collects such a port; Node keeps the process alive while
// a port has a handler. The same macrotask, delivered by setImmediate, holds nothing open.
class ImmediatePort {
  onmessage: ((e: { data: unknown }) => void) | null = null;
  peer: ImmediatePort | null = null;
  postMessage(data: unknown): void {
    const to = this.peer;
    setImmediate(() => to?.onmessage?.({ data }));
  }
  addEventListener(type: string, fn: (e: { data: unknown }) => void): void {
    if (type === 'message') this.onmessage = fn;
  }
  removeEventListener(type: string): void {
    if (type === 'message') this.onmessage = null;
  }
  start(): void {}
  close(): void {
    this.onmessage = null;
  }
}
class ImmediateChannel {
  readonly port1 = new ImmediatePort();
  readonly port2 = new ImmediatePort();
  constructor() {
    this.port1.peer = this.port2;
    this.port2.peer = this.port1;
  }
}
g.MessageChannel = ImmediateChannel;

// React warns about updates outside act() unless it knows it runs in a test.
g.IS_REACT_ACT_ENVIRONMENT = true;

// react-query keeps an unmounted query for its gcTime (5 minutes) on a timer; a
// test process would wait for it before exiting. In tests those timers must not
// hold the process open (set before any QueryClient is made).
timeoutManager.setTimeoutProvider({
  setTimeout: (cb, ms) => setTimeout(cb, ms).unref(),
  clearTimeout: (id) => clearTimeout(id),
  setInterval: (cb, ms) => setInterval(cb, ms).unref(),
  clearInterval: (id) => clearInterval(id),
});

/** Closes the window (its own timers) once a file's tests are done. */
export function closeWindow(): void {
  win.close();
}
