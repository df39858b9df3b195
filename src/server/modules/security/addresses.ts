/**
 * Address ranges of the security policy ("10.1.0.0/16", "fd00::/8", one
 * address) matched with Node's BlockList, IPv4-mapped IPv6 addresses
 * ("::ffff:10.1.2.3", as a dual-stack socket reports IPv4 clients) included.
 */
import { BlockList, isIP } from 'node:net';

const lists = new Map<string, BlockList>();

function listOf(ranges: readonly string[]): BlockList {
  const key = ranges.join(',');
  let list = lists.get(key);
  if (list) return list;
  list = new BlockList();
  for (const r of ranges) {
    const [addr, prefix] = r.split('/');
    const type = isIP(addr) === 6 ? 'ipv6' : 'ipv4';
    if (!isIP(addr)) continue; // the request schema refused it already; an old saved value is skipped, not fatal
    if (prefix === undefined) list.addAddress(addr, type);
    else list.addSubnet(addr, Number(prefix), type);
  }
  if (lists.size > 100) lists.clear();
  lists.set(key, list);
  return list;
}

/** Whether the address lies in one of the ranges (an unknown address never does). */
export function inRanges(ip: string | null, ranges: readonly string[]): boolean {
  if (!ip) return false;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  const addr = mapped ? mapped[1] : ip;
  const type = isIP(addr);
  if (!type) return false;
  return listOf(ranges).check(addr, type === 6 ? 'ipv6' : 'ipv4');
}

/** Whether each range is one BlockList accepts (a 400 otherwise, naming the entry). */
export function invalidRanges(ranges: readonly string[]): number[] {
  return ranges.flatMap((r, i) => {
    const [addr, prefix] = r.split('/');
    const v = isIP(addr);
    if (!v) return [i];
    if (prefix !== undefined && (!/^\d{1,3}$/.test(prefix) || Number(prefix) > (v === 6 ? 128 : 32))) return [i];
    return [];
  });
}
