// The Slack message of an incident (Block Kit): title linked to the incident, service, urgency,
// status, assignees, and Acknowledge / Resolve buttons until it is resolved. Pure.
import type { KnownBlock } from '@slack/web-api';

export interface IncidentCard {
  id: string;
  number: number;
  title: string;
  status: 'triggered' | 'acknowledged' | 'resolved';
  urgency: 'high' | 'low';
  serviceName: string;
  assignees: string[];
  htmlUrl: string;
  /** The conference bridge, shown as a field when the incident has one. */
  conferenceBridge?: { conference_number: string | null; conference_url: string | null } | null;
}

/** The action ids of the buttons, read back by the interactivity endpoint. */
export const ACTIONS = { acknowledge: 'tocsin_acknowledge', resolve: 'tocsin_resolve' } as const;

/** Slack's mrkdwn needs only &, < and > escaped. */
export function escapeMrkdwn(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const STATUS = { triggered: ':red_circle: Triggered', acknowledged: ':large_yellow_circle: Acknowledged', resolved: ':large_green_circle: Resolved' };

function bridgeField(b: IncidentCard['conferenceBridge']): Array<{ type: 'mrkdwn'; text: string }> {
  const url = b?.conference_url?.trim();
  const parts = [b?.conference_number?.trim() ? escapeMrkdwn(b.conference_number.trim()) : null, url && /^https?:\/\//.test(url) ? `<${url}|Join>` : url ? escapeMrkdwn(url) : null].filter(Boolean);
  return parts.length ? [{ type: 'mrkdwn', text: `*Conference bridge*\n${parts.join(' · ')}` }] : [];
}

export function incidentMessage(c: IncidentCard): { text: string; blocks: KnownBlock[] } {
  const title = escapeMrkdwn(c.title.slice(0, 2500));
  const text = `[#${c.number}] ${c.title}`.slice(0, 3000);
  const blocks: KnownBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text: `*<${c.htmlUrl}|#${c.number}: ${title}>*` } },
    {
      type: 'section',
      fields: [
        { type: 'mrkdwn', text: `*Service*\n${escapeMrkdwn(c.serviceName)}` },
        { type: 'mrkdwn', text: `*Urgency*\n${c.urgency === 'high' ? 'High' : 'Low'}` },
        { type: 'mrkdwn', text: `*Status*\n${STATUS[c.status]}` },
        { type: 'mrkdwn', text: `*Assigned to*\n${c.assignees.length ? escapeMrkdwn(c.assignees.join(', ')) : 'Nobody'}` },
        ...bridgeField(c.conferenceBridge),
      ],
    },
  ];
  if (c.status !== 'resolved') {
    blocks.push({
      type: 'actions',
      block_id: 'tocsin_incident_actions',
      elements: [
        { type: 'button', action_id: ACTIONS.acknowledge, text: { type: 'plain_text', text: 'Acknowledge' }, value: c.id },
        { type: 'button', action_id: ACTIONS.resolve, text: { type: 'plain_text', text: 'Resolve' }, value: c.id, style: 'primary' },
      ],
    });
  }
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `<${c.htmlUrl}|View incident #${c.number} in Tocsin>` }] });
  return { text, blocks };
}
