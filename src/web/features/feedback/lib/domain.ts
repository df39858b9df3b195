/** What the feedback feature takes from src/domain: the inbox's answer types and the update request. */
export { feedbackUpdateBody, FEEDBACK_STATUSES } from '../../../../domain/schemas/feedback.js';
export type { FeedbackItem, FeedbackPage, FeedbackStatus, FeedbackUpdateBody } from '../../../../domain/schemas/feedback.js';
export type { LedgerPage } from '../../../../domain/schemas/responses/problems.js';
