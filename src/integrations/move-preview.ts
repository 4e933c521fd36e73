import { InvalidInputError } from '../errors.js';
import type { Service } from '../services/index.js';
import type { Db } from '../store/db.js';
import { EVENTS_V2_TYPE, type Integration } from './model.js';
import { liveIntegration, liveService } from './write.js';

export interface SettingDifference {
  /** The service field, as the REST API names it. */
  setting: string;
  source: unknown;
  destination: unknown;
}

export interface MovePreview {
  integration: Integration;
  source: Service;
  destination: Service;
  differences: SettingDifference[];
  /** Sentences for the UI's confirmation dialog. */
  warnings: string[];
}

const compared: Array<[string, (s: Service) => unknown]> = [
  ['escalation_policy', (s) => s.escalationPolicyId],
  ['incident_urgency_rule', (s) => s.incidentUrgencyRule],
  ['support_hours', (s) => s.supportHours],
  ['scheduled_actions', (s) => s.scheduledActions],
  ['alert_creation', (s) => s.alertCreation],
  ['acknowledgement_timeout', (s) => s.acknowledgementTimeout],
  ['auto_resolve_timeout', (s) => s.autoResolveTimeout],
  ['alert_grouping_parameters', (s) => s.alertGroupingParameters],
  ['auto_pause_notifications_parameters', (s) => s.autoPauseNotificationsParameters],
  ['status', (s) => s.state],
];

/** What would change for an integration's events if it moved to the destination service. */
export async function previewMove(db: Db, serviceId: string, integrationId: string, destinationId: string): Promise<MovePreview> {
  const source = await liveService(db, serviceId);
  const integration = await liveIntegration(db, serviceId, integrationId);
  if (!destinationId) throw new InvalidInputError('destination_service_id must be given.');
  const destination = await liveService(db, destinationId).catch(() => {
    throw new InvalidInputError(`Service ${destinationId} not found.`);
  });
  const differences: SettingDifference[] = [];
  for (const [setting, get] of compared) {
    const a = get(source);
    const b = get(destination);
    if (JSON.stringify(a) !== JSON.stringify(b)) differences.push({ setting, source: a, destination: b });
  }
  const warnings: string[] = [];
  if (destination.id === source.id) warnings.push('The integration is already on this service.');
  if (destination.state === 'disabled') warnings.push('The destination service is disabled: events will not open incidents there.');
  if (integration.type === EVENTS_V2_TYPE && destination.alertCreation === 'create_incidents') {
    warnings.push('The destination service creates incidents only; Events API v2 integrations need create_alerts_and_incidents.');
  }
  if (differences.length) warnings.push('The destination service has different settings: incidents opened through this integration will follow them.');
  return { integration, source, destination, differences, warnings };
}
