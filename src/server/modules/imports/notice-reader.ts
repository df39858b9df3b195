import type { Worker } from 'node:worker_threads';
import { NoticeInputError, type LedgerMapping, type ParsedNotice } from '../../../domain/notice/index.js';
import { startWorker } from '../../lib/worker.js';

/** A parse that takes longer than this is stopped (its worker is replaced) and refused. */
export const READ_TIMEOUT_MS = 30_000;

type Reply = {
  id: number;
  parsed?: ParsedNotice;
  refused?: { code: NoticeInputError['code']; userMessage: string; message: string };
  error?: string;
};
interface Pending {
  resolve: (p: ParsedNotice) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
}

let worker: Worker | null = null;
const pending = new Map<number, Pending>();
let seq = 0;

function spawn(): Worker {
  const w = startWorker(new URL('./notice-worker.js', import.meta.url), new URL('./notice-worker.ts', import.meta.url), null);
  w.unref();
  w.on('message', (m: Reply) => {
    const p = pending.get(m.id);
    if (!p) return;
    pending.delete(m.id);
    clearTimeout(p.timer);
    if (pending.size === 0) w.unref();
    if (m.parsed) p.resolve(m.parsed);
    else if (m.refused) p.reject(new NoticeInputError(m.refused.code, m.refused.userMessage, m.refused.message));
    else p.reject(new Error(`notice worker: ${m.error}`));
  });
  w.on('error', (e) => fail(w, e));
  w.on('exit', (code) => fail(w, new Error(`notice worker exited with code ${code}`)));
  return w;
}

function fail(w: Worker, e: Error): void {
  if (worker !== w) return;
  worker = null;
  for (const p of pending.values()) {
    clearTimeout(p.timer);
    p.reject(e);
  }
  pending.clear();
}

/**
 * `readNotice` on the notice worker thread. Refusals arrive as NoticeInputError,
 * as if called in-process; a parse past READ_TIMEOUT_MS is refused as too large.
 */
export function readNoticeOffThread(bytes: Uint8Array, filename?: string, mapping?: LedgerMapping): Promise<ParsedNotice> {
  worker ??= spawn();
  const w = worker;
  const id = ++seq;
  w.ref();
  return new Promise<ParsedNotice>((resolve, reject) => {
    const timer = setTimeout(() => {
      pending.delete(id);
      reject(
        new NoticeInputError(
          'too-large',
          '文档过于庞大或复杂，解析超时。请拆分后分别导入。',
          `notice parse exceeded ${READ_TIMEOUT_MS} ms`,
        ),
      );
      // the worker may be stuck in this parse: replace it (other waiting parses fail and can be retried)
      void w.terminate();
    }, READ_TIMEOUT_MS);
    pending.set(id, { resolve, reject, timer });
    w.postMessage({ id, bytes, filename, mapping });
  });
}
