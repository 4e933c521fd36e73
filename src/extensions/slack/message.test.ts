import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { escapeMrkdwn, incidentMessage, type IncidentCard } from './message.js';

const card: IncidentCard = { id: 'PINC001', number: 7, title: 'DB <down>', status: 'triggered', urgency: 'low', serviceName: 'A & B', assignees: [], htmlUrl: 'http://t/ui/incidents/PINC001' };

describe('incidentMessage', () => {
  it('escapes mrkdwn in titles and names', () => {
    assert.equal(escapeMrkdwn('a<b>&c'), 'a&lt;b&gt;&amp;c');
    const m = incidentMessage(card);
    assert.equal(m.text, '[#7] DB <down>');
    assert.match(JSON.stringify(m.blocks), /DB &lt;down&gt;/);
    assert.match(JSON.stringify(m.blocks), /A &amp; B/);
    assert.match(JSON.stringify(m.blocks), /Nobody/);
  });
  it('shows the conference bridge as a field when there is one, the URL as a link', () => {
    assert.doesNotMatch(JSON.stringify(incidentMessage(card).blocks), /Conference bridge/);
    const m = JSON.stringify(incidentMessage({ ...card, conferenceBridge: { conference_number: '+1 555 0100', conference_url: 'https://meet.example/x' } }).blocks);
    assert.match(m, /\*Conference bridge\*\\n\+1 555 0100 · <https:\/\/meet\.example\/x\|Join>/);
  });
  it('shows the buttons until the incident is resolved', () => {
    for (const status of ['triggered', 'acknowledged'] as const) assert.ok(incidentMessage({ ...card, status }).blocks.some((b) => b.type === 'actions'));
    assert.ok(!incidentMessage({ ...card, status: 'resolved' }).blocks.some((b) => b.type === 'actions'));
  });
});
