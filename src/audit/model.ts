// Audit records (PagerDuty's /audit/records): who changed which user, team, escalation policy,
// schedule or service, when, how (token, OAuth, browser), and each changed field before and after.
export const ROOT_TYPES = ['users', 'teams', 'schedules', 'escalation_policies', 'services'] as const;
export type RootType = (typeof ROOT_TYPES)[number];
export type AuditAction = 'create' | 'update' | 'delete';
export type MethodType = 'browser' | 'oauth' | 'api_token' | 'other';

export interface AuditField {
  name: string;
  before_value?: string | null;
  value?: string | null;
}

export interface AuditRecord {
  id: string;
  executionTime: number;
  rootType: RootType;
  rootId: string;
  rootSummary: string | null;
  action: AuditAction;
  /** `user_reference` or `api_key_reference` (an account token); null when unknown. */
  actor: { type: string; id: string; summary: string | null } | null;
  method: { type: MethodType; truncatedToken: string | null; description: string | null };
  requestId: string | null;
  remoteAddress: string | null;
  fields: AuditField[];
}

/** Field names never recorded (secrets and bookkeeping). */
const HIDDEN = /password|hash|secret|token|^created_at$|^updated_at$|^deleted_at$|^revision$/i;

const snake = (k: string) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const text = (v: unknown): string | null => (v === null || v === undefined ? null : typeof v === 'string' ? v : JSON.stringify(v));

/**
 * The fields of a change between two states of an object (null: it did not exist): on create each
 * field's `value`, on delete each `before_value`, on update only the fields that changed, with both.
 */
export function diffFields(before: Record<string, unknown> | null, after: Record<string, unknown> | null): AuditField[] {
  const keys = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])].filter((k) => !HIDDEN.test(snake(k)) && k !== 'id');
  const out: AuditField[] = [];
  for (const k of keys) {
    const b = before ? text(before[k]) : undefined;
    const a = after ? text(after[k]) : undefined;
    if (before && after && b === a) continue;
    out.push({ name: snake(k), ...(before ? { before_value: b } : {}), ...(after ? { value: a } : {}) });
  }
  return out;
}
