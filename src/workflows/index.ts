// workflows: incident workflows (PagerDuty's, the guide's "response plays"): workflows and their
// steps, conditional and manual triggers, and durable runs. Owns the tables incident_workflows,
// incident_workflow_triggers, incident_workflow_trigger_services, incident_workflow_instances.
// It acts on incidents through incidents/index.ts, and on priorities, responders, subscribers and
// status updates through its ResponsePort (ports.ts), which src/app.ts wires.
export type { ResponsePort, TargetRef } from './ports.js';
/** The real ResponsePort (priorities, responders, status updates), for src/app.ts. */
export { responsePort } from './wiring.js';
/** The incident.event listener (src/reactions.ts): starts conditional triggers' runs. */
export { onIncidentEvent } from './start.js';
/** The durable step runner (app.ts starts it; tests call runDue()). */
export { WorkflowRunner, type RunnerOptions } from './runner.js';
