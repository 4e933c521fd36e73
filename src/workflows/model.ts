// Domain types of incident workflows: the workflow and its steps, triggers, and runs (instances) with
// each step's durable state. Pure rules only; no I/O.

export interface StepInput {
  name: string;
  value: string;
}

export interface Step {
  id: string;
  name: string;
  actionId: string;
  inputs: StepInput[];
}

export interface Workflow {
  id: string;
  name: string;
  description: string | null;
  teamId: string | null;
  isEnabled: boolean;
  steps: Step[];
  createdBy: string | null;
  createdAt: number;
  updatedAt: number;
}

export type TriggerType = 'conditional' | 'manual';

export interface Trigger {
  id: string;
  workflowId: string;
  triggerType: TriggerType;
  condition: string | null;
  allServices: boolean;
  serviceIds: string[];
  createdAt: number;
}

/**
 * A step's state in a run. `sending` is written (committed) before a non-idempotent effect leaves
 * the process: a run found in it after a crash does not repeat the effect.
 */
export type StepStatus = 'pending' | 'sending' | 'retrying' | 'succeeded' | 'failed';

export interface StepRun {
  status: StepStatus;
  attempt: number;
  result: string | null;
  error: string | null;
  startedAt: number | null;
  finishedAt: number | null;
}

export type InstanceStatus = 'running' | 'completed' | 'failed';

export interface Instance {
  id: string;
  workflowId: string;
  workflowName: string;
  triggerId: string | null;
  incidentId: string;
  /** The user the steps act as: who started it by hand, or the workflow's creator. */
  actingUserId: string | null;
  steps: Step[];
  stepRuns: StepRun[];
  status: InstanceStatus;
  nextStep: number;
  dueAt: number;
  leaseUntil: number;
  createdAt: number;
  updatedAt: number;
  completedAt: number | null;
}

/** Attempts a step gets (the first included) before the run fails. */
export const MAX_ATTEMPTS = 5;

/** Backoff before attempt n+1: base, 2×base, 4×base … */
export function retryDelayMs(attempt: number, baseMs: number): number {
  return baseMs * 2 ** Math.max(0, attempt - 1);
}

export const pendingRun = (): StepRun => ({ status: 'pending', attempt: 0, result: null, error: null, startedAt: null, finishedAt: null });

/** A new run of the workflow on the incident, due now. */
export function newInstance(
  w: Pick<Workflow, 'id' | 'name' | 'steps'>,
  v: { id: string; incidentId: string; triggerId: string | null; actingUserId: string | null; now: number },
): Instance {
  return {
    id: v.id,
    workflowId: w.id,
    workflowName: w.name,
    triggerId: v.triggerId,
    incidentId: v.incidentId,
    actingUserId: v.actingUserId,
    steps: w.steps,
    stepRuns: w.steps.map(pendingRun),
    status: w.steps.length ? 'running' : 'completed',
    nextStep: 0,
    dueAt: v.now,
    leaseUntil: 0,
    createdAt: v.now,
    updatedAt: v.now,
    completedAt: w.steps.length ? null : v.now,
  };
}

/** The input's value by name (PagerDuty names inputs in words: "Priority", "Conference URL"). */
export function inputOf(step: Pick<Step, 'inputs'>, name: string): string | undefined {
  return step.inputs.find((i) => i.name === name)?.value;
}
