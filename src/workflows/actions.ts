// The built-in actions a workflow step can run (GET /incident_workflows/actions lists them), their
// inputs, and the checks a step's inputs pass when a workflow is saved. Ids follow PagerDuty's
// `pagerduty.com:incident-workflows:<name>:<version>` form; inputs are named in words as
// PagerDuty's are, and their values are strings (JSON text for lists of references).
import { InvalidInputError } from '../errors.js';
import { urlProblem } from '../notify/index.js';
import { inputOf, type Step } from './model.js';
import type { TargetRef } from './ports.js';

export type InputType = 'text' | 'singleChoice' | 'json';

export interface ActionInput {
  name: string;
  type: InputType;
  isRequired: boolean;
  /** For singleChoice: the allowed values. */
  choices?: string[];
  /** For json reference lists: the reference types allowed. */
  refTypes?: TargetRef['type'][];
  description: string;
}

export interface Action {
  id: string;
  name: string;
  description: string;
  /** `http`: the effect leaves the process and cannot be undone (never repeated after a crash); `db`: one transaction. */
  effect: 'db' | 'http';
  inputs: ActionInput[];
}

const id = (name: string) => `pagerduty.com:incident-workflows:${name}:1`;
const refs = (types: TargetRef['type'][], what: string): ActionInput => ({
  name: what,
  type: 'json',
  isRequired: true,
  refTypes: types,
  description: `A JSON array of references, e.g. [{"type":"${types[0]}","id":"PABC123"}] (${types.join(', ')}).`,
});

export const ACTIONS: readonly Action[] = [
  {
    id: id('add-responders'),
    name: 'Add Responders',
    description: 'Requests users and escalation policies (whoever is on call) to respond to the incident, with a message.',
    effect: 'db',
    inputs: [refs(['user_reference', 'escalation_policy_reference'], 'Responders'), { name: 'Message', type: 'text', isRequired: false, description: 'Shown to the responders.' }],
  },
  {
    id: id('add-subscribers'),
    name: 'Add Subscribers',
    description: "Subscribes users and teams to the incident's status updates.",
    effect: 'db',
    inputs: [refs(['user_reference', 'team_reference'], 'Subscribers')],
  },
  {
    id: id('send-status-update'),
    name: 'Send Status Update',
    description: "Sends a status update to the incident's subscribers by email.",
    effect: 'db',
    inputs: [{ name: 'Message', type: 'text', isRequired: true, description: 'The status update.' }],
  },
  {
    id: id('set-priority'),
    name: 'Set Priority',
    description: "Sets the incident's priority by its name, such as P1.",
    effect: 'db',
    inputs: [{ name: 'Priority', type: 'text', isRequired: true, description: 'A priority name, e.g. P1.' }],
  },
  {
    id: id('set-urgency'),
    name: 'Set Urgency',
    description: "Changes the incident's urgency.",
    effect: 'db',
    inputs: [{ name: 'Urgency', type: 'singleChoice', isRequired: true, choices: ['high', 'low'], description: 'high or low.' }],
  },
  {
    id: id('add-note'),
    name: 'Add Note',
    description: 'Adds a note to the incident.',
    effect: 'db',
    inputs: [{ name: 'Note', type: 'text', isRequired: true, description: 'The note.' }],
  },
  {
    id: id('add-conference-bridge'),
    name: 'Add Conference Bridge',
    description: 'Sets the conference bridge (number and/or URL) of the incident.',
    effect: 'db',
    inputs: [
      { name: 'Conference Number', type: 'text', isRequired: false, description: 'A phone number, e.g. +1 415-555-0100,,123#.' },
      { name: 'Conference URL', type: 'text', isRequired: false, description: 'A meeting URL.' },
    ],
  },
  {
    id: id('reassign'),
    name: 'Reassign',
    description: 'Reassigns the incident to users, or to an escalation policy (its first level).',
    effect: 'db',
    inputs: [refs(['user_reference', 'escalation_policy_reference'], 'Assignees')],
  },
  {
    id: id('send-http-request'),
    name: 'Send HTTP Request',
    description:
      'POSTs a JSON body to a URL (private and loopback addresses refused unless TOCSIN_WEBHOOK_ALLOW_PRIVATE). Retried on 5xx, 429 and network errors; never repeated once its answer is recorded.',
    effect: 'http',
    inputs: [
      { name: 'URL', type: 'text', isRequired: true, description: 'An http(s) URL.' },
      { name: 'Body', type: 'json', isRequired: false, description: 'JSON text; default: the incident reference.' },
      { name: 'Headers', type: 'json', isRequired: false, description: 'A JSON object of header names to values.' },
    ],
  },
];

const byId = new Map(ACTIONS.map((a) => [a.id, a]));

export function findAction(actionId: string): Action | undefined {
  return byId.get(actionId);
}

/** The references of a JSON reference-list input (checked when the workflow was saved). */
export function refsOf(step: Step, name: string): TargetRef[] {
  return JSON.parse(inputOf(step, name) ?? '[]') as TargetRef[];
}

function checkJson(step: Step, input: ActionInput, value: string, n: number): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw new InvalidInputError(`Step ${n} (${step.name}): input "${input.name}" must be JSON.`);
  }
  if (input.refTypes) {
    const ok =
      Array.isArray(parsed) &&
      parsed.length > 0 &&
      parsed.every((r) => r && typeof r === 'object' && typeof r.id === 'string' && input.refTypes!.includes(r.type));
    if (!ok) throw new InvalidInputError(`Step ${n} (${step.name}): input "${input.name}" must be a non-empty JSON array of ${input.refTypes.join(' or ')} objects with an id.`);
  }
  if (input.name === 'Headers') {
    const ok = parsed && typeof parsed === 'object' && !Array.isArray(parsed) && Object.values(parsed).every((v) => typeof v === 'string');
    if (!ok) throw new InvalidInputError(`Step ${n} (${step.name}): input "Headers" must be a JSON object of strings.`);
  }
}

/** Refuses (400) a step whose action is unknown or whose inputs its action would refuse. */
export function checkStep(step: Step, n: number, opts: { allowPrivate: boolean }): void {
  const action = byId.get(step.actionId);
  if (!action) throw new InvalidInputError(`Step ${n} (${step.name}): unknown action_id "${step.actionId}" (GET /incident_workflows/actions lists them).`);
  for (const given of step.inputs) {
    if (!action.inputs.some((i) => i.name === given.name)) {
      throw new InvalidInputError(`Step ${n} (${step.name}): ${action.name} has no input "${given.name}" (it has ${action.inputs.map((i) => `"${i.name}"`).join(', ')}).`);
    }
  }
  for (const input of action.inputs) {
    const value = inputOf(step, input.name);
    if (value === undefined || value === '') {
      if (input.isRequired) throw new InvalidInputError(`Step ${n} (${step.name}): input "${input.name}" is required.`);
      continue;
    }
    if (input.choices && !input.choices.includes(value)) throw new InvalidInputError(`Step ${n} (${step.name}): input "${input.name}" must be one of ${input.choices.join(', ')}.`);
    if (input.type === 'json') checkJson(step, input, value, n);
  }
  if (action.id === id('send-http-request')) {
    const problem = urlProblem(inputOf(step, 'URL')!, opts.allowPrivate);
    if (problem) throw new InvalidInputError(`Step ${n} (${step.name}): ${problem.replace('delivery_method.url', 'URL')}`);
  }
  if (action.id === id('add-conference-bridge') && !inputOf(step, 'Conference Number') && !inputOf(step, 'Conference URL')) {
    throw new InvalidInputError(`Step ${n} (${step.name}): give a "Conference Number", a "Conference URL" or both.`);
  }
}
