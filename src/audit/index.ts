// audit: PagerDuty's audit records for users, teams, escalation policies, schedules and services;
// owns the table audit_records. Reads those objects through accounts, escalation, schedules and
// services (their index.ts) to record each change's fields before and after; nothing depends on it.
export type { AuditRecord, RootType } from './model.js';
