/**
 * What the account pages take from src/domain: the request schemas (the forms
 * validate with them) and the answers' types, inferred from the response schemas.
 */
export { passwordChangeBody, mfaEnableBody, mfaVerifyBody, mfaDisableBody, totpCode } from '../../../../domain/schemas/security.js';
export type { PasswordChangeBody, MfaVerifyBody } from '../../../../domain/schemas/security.js';
export type { MfaSetup, PasswordRules, RecoveryCodes, SessionInfo, SessionList } from '../../../../domain/schemas/responses/security.js';
export type { Session } from '../../../../domain/schemas/responses/auth.js';
