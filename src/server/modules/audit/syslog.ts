/**
 * Audit checkpoints sent to a syslog server as well (issue 13 point 4), so a copy of every signed checkpoint
 * lives on a machine the database's operators do not administer: whoever truncates the table and rewrites the
 * checkpoint file on this host still leaves the syslog server's copy, which `verify` can be run against.
 *
 * One RFC 5424 message per line of the checkpoint file, over UDP (RFC 5426): facility 13 (log audit), severity
 * notice for a checkpoint and warning for a reset; MSGID `checkpoint` or `reset`; the checkpoint's fields as
 * structured data (SD-ID under the documentation enterprise number 32473, RFC 5612); the MSG is the signed line
 * itself, byte for byte, after a UTF-8 BOM, so the receiver holds what the file holds and the MAC still checks.
 *
 * UDP is fire-and-forget: a syslog server that is down must not stop the audit trail, so a failed send is a
 * process warning, never an error of the checkpoint.
 */
import { createSocket } from 'node:dgram';
import { isIPv6 } from 'node:net';
import { hostname } from 'node:os';

const FACILITY_LOG_AUDIT = 13;
const SEVERITY = { notice: 5, warning: 4 } as const;
const SD_ID = 'zgCheckpoint@32473';
/** RFC 5426 recommends staying within what IPv4 delivers unfragmented on any path; a checkpoint line is far below. */
const MAX_BYTES = 2048;

export interface SyslogTarget {
  host: string;
  port: number;
}

/** `udp://HOST:PORT` (validated by the configuration) → host and port; IPv6 hosts in brackets. */
export function parseSyslogUrl(url: string): SyslogTarget {
  const m = /^udp:\/\/(?:\[([0-9A-Fa-f:.]+)\]|([A-Za-z0-9.-]+)):(\d{1,5})$/.exec(url);
  const port = m ? Number(m[3]) : NaN;
  if (!m || port < 1 || port > 65535) throw new Error(`SYSLOG_URL ${url} is not udp://HOST:PORT`);
  return { host: m[1] ?? m[2], port };
}

/** PRINTUSASCII without space, as HOSTNAME, APP-NAME, PROCID and MSGID must be; "-" when nothing is left. */
function headerField(s: string, max: number): string {
  const clean = s.replace(/[^\x21-\x7e]/g, '').slice(0, max);
  return clean || '-';
}

/** An SD-PARAM value: `"`, `\` and `]` escaped (RFC 5424 6.3.3). */
function sdValue(v: unknown): string {
  return String(v).replace(/["\\\]]/g, (c) => `\\${c}`);
}

export interface SyslogLine {
  kind: 'checkpoint' | 'reset';
  /** ISO instant of the line (the checkpoint's `at`). */
  at: string;
  /** Its fields, as structured data (scalars only). */
  fields: Record<string, string | number | null>;
  /** The signed JSON line as written to the checkpoint file. */
  line: string;
}

/** The RFC 5424 message of a checkpoint line. */
export function formatSyslog(l: SyslogLine, o: { host?: string; pid?: number } = {}): Buffer {
  const pri = FACILITY_LOG_AUDIT * 8 + (l.kind === 'reset' ? SEVERITY.warning : SEVERITY.notice);
  const params = Object.entries(l.fields)
    .filter(([, v]) => v != null)
    .map(([k, v]) => `${k}="${sdValue(v)}"`)
    .join(' ');
  const header = [
    `<${pri}>1`,
    l.at,
    headerField(o.host ?? hostname(), 255),
    'zhenggai',
    headerField(String(o.pid ?? process.pid), 128),
    l.kind,
  ].join(' ');
  return Buffer.concat([
    Buffer.from(`${header} [${SD_ID}${params ? ` ${params}` : ''}] `, 'utf8'),
    Buffer.from([0xef, 0xbb, 0xbf]),
    Buffer.from(l.line, 'utf8'),
  ]);
}

/** Sends one message; resolves when handed to the network (or failed: a warning, not an error). */
export async function sendSyslog(url: string, message: Buffer): Promise<boolean> {
  try {
    const t = parseSyslogUrl(url);
    if (message.length > MAX_BYTES) throw new Error(`message of ${message.length} bytes exceeds ${MAX_BYTES}`);
    const socket = createSocket(isIPv6(t.host) ? 'udp6' : 'udp4');
    try {
      await new Promise<void>((resolve, reject) => socket.send(message, t.port, t.host, (e) => (e ? reject(e) : resolve())));
    } finally {
      socket.close();
    }
    return true;
  } catch (e) {
    process.emitWarning(`audit checkpoint not sent to syslog ${url}: ${(e as Error).message}`, { code: 'ZG_SYSLOG' });
    return false;
  }
}
