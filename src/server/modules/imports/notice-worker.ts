/**
 * Reads notices on a worker thread: a 20 MB ledger or a pathological text can
 * take a second or more to parse, and the HTTP server's thread must keep
 * answering meanwhile. Requests are handled one at a time, in order.
 */
import { parentPort } from 'node:worker_threads';
import { readNotice, NoticeInputError, type LedgerMapping } from '../../../domain/notice/index.js';

interface Req {
  id: number;
  bytes: Uint8Array;
  filename?: string;
  mapping?: LedgerMapping;
}

const port = parentPort!;
let chain = Promise.resolve();
port.on('message', (req: Req) => {
  chain = chain.then(async () => {
    try {
      const parsed = await readNotice({ bytes: req.bytes, filename: req.filename, mapping: req.mapping });
      port.postMessage({ id: req.id, parsed });
    } catch (e) {
      if (e instanceof NoticeInputError)
        port.postMessage({ id: req.id, refused: { code: e.code, userMessage: e.userMessage, message: e.message } });
      else port.postMessage({ id: req.id, error: (e as Error).stack ?? String(e) });
    }
  });
});
