import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ACTIONS, can, ROLES, userWriteDenial, type Action, type Actor, type Role, type TeamRole } from './model.js';

function actor(role: Role, teams: Record<string, TeamRole> = {}, extra: Partial<Actor> = {}): Actor {
  return { kind: 'user', userId: 'PSELF01', role, readOnly: false, principal: 'p', teamRoles: new Map(Object.entries(teams)), ...extra };
}

// What each account role may do on objects that belong to no team (a team role adds nothing there).
const Y = true;
const N = false;
const expected: Record<Role, Record<Action, boolean>> = {
  //             svc.create svc.update svc.delete integ  ep.write sched  users  self   t.create t.write t.delete incid  maint  hooks  tags  fields
  owner: row([Y, Y, Y, Y, Y, Y, Y, Y, Y, Y, Y, Y, Y, Y, Y, Y]),
  admin: row([Y, Y, Y, Y, Y, Y, Y, Y, Y, Y, Y, Y, Y, Y, Y, Y]),
  user: row([Y, Y, Y, N, Y, Y, N, Y, N, N, N, Y, Y, N, Y, N]),
  limited_user: row([N, N, N, N, N, N, N, Y, N, N, N, Y, N, N, N, N]),
  restricted_access: row([N, N, N, N, N, N, N, Y, N, N, N, N, N, N, N, N]),
  observer: row([N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N]),
  read_only_user: row([N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N]),
  read_only_limited_user: row([N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N]),
};
function row(values: boolean[]): Record<Action, boolean> {
  assert.equal(values.length, ACTIONS.length);
  return Object.fromEntries(ACTIONS.map((a, i) => [a, values[i]])) as Record<Action, boolean>;
}

describe('can', () => {
  for (const role of ROLES) {
    for (const action of ACTIONS) {
      it(`${role} ${expected[role][action] ? 'may' : 'may not'} ${action} on an object of no team`, () => {
        assert.equal(can(actor(role), action, []), expected[role][action]);
      });
    }
  }

  it('refuses every write to a read-only token, even for the owner', () => {
    for (const action of ACTIONS) assert.equal(can(actor('owner', {}, { readOnly: true }), action, []), false);
  });

  // Team roles: a manager of team T manages T's objects; a responder only works T's incidents.
  const teamCases: Array<[Role, TeamRole, Action, boolean]> = [
    ['limited_user', 'manager', 'integrations.write', true],
    ['user', 'manager', 'integrations.write', true],
    ['restricted_access', 'manager', 'services.update', true],
    ['restricted_access', 'manager', 'escalation_policies.write', true],
    ['restricted_access', 'manager', 'schedules.write', true],
    ['restricted_access', 'responder', 'schedules.write', false],
    ['restricted_access', 'manager', 'teams.write', true],
    ['restricted_access', 'manager', 'teams.delete', false],
    ['limited_user', 'manager', 'users.write', false],
    ['limited_user', 'manager', 'webhooks.write', false],
    ['restricted_access', 'responder', 'incidents.write', true],
    ['restricted_access', 'responder', 'services.update', false],
    ['limited_user', 'responder', 'integrations.write', false],
    ['restricted_access', 'observer', 'incidents.write', false],
    ['user', 'observer', 'integrations.write', false],
    ['observer', 'manager', 'services.update', false],
    ['read_only_user', 'manager', 'teams.write', false],
    ['read_only_limited_user', 'responder', 'incidents.write', false],
  ];
  for (const [role, teamRole, action, ok] of teamCases) {
    it(`${role} who is ${teamRole} of T ${ok ? 'may' : 'may not'} ${action} on T's objects, and not on U's`, () => {
      assert.equal(can(actor(role, { T: teamRole }), action, ['T']), ok);
      assert.equal(can(actor(role, { T: teamRole }), action, ['U']), expected[role][action]);
    });
  }

  it('lets a manager of any team create a service, but not a team-less escalation policy', () => {
    assert.equal(can(actor('limited_user', { T: 'manager' }), 'services.create', []), true);
    assert.equal(can(actor('limited_user', { T: 'manager' }), 'escalation_policies.write', []), false);
    assert.equal(can(actor('limited_user', { T: 'responder' }), 'services.create', []), false);
  });

  it('treats an account token (admin) like an admin', () => {
    const acct = actor('admin', {}, { kind: 'account', userId: null });
    for (const action of ACTIONS) assert.equal(can(acct, action), true);
  });
});

describe('userWriteDenial', () => {
  const owner = { id: 'POWNER1', role: 'owner' as Role };
  const other = { id: 'POTHER1', role: 'user' as Role };
  const self = (role: Role) => ({ id: 'PSELF01', role });
  const cases: Array<[string, Actor, Parameters<typeof userWriteDenial>[1], boolean]> = [
    ['admin creates a user', actor('admin'), { op: 'create', role: 'user' }, true],
    ['admin creates an admin', actor('admin'), { op: 'create', role: 'admin' }, true],
    ['admin creates an owner', actor('admin'), { op: 'create', role: 'owner' }, false],
    ['owner creates an owner (transfer)', actor('owner'), { op: 'create', role: 'owner' }, true],
    ['account token creates an owner', actor('admin', {}, { kind: 'account', userId: null }), { op: 'create', role: 'owner' }, false],
    ['user creates a user', actor('user'), { op: 'create', role: 'user' }, false],
    ['team manager creates a user', actor('limited_user', { T: 'manager' }), { op: 'create', role: 'user' }, false],
    ['admin edits a user', actor('admin'), { op: 'update', target: other, role: 'limited_user' }, true],
    ['admin edits the owner', actor('admin'), { op: 'update', target: owner }, false],
    ['admin makes a user owner', actor('admin'), { op: 'update', target: other, role: 'owner' }, false],
    ['owner makes a user owner', actor('owner'), { op: 'update', target: other, role: 'owner' }, true],
    ['user edits their own profile', actor('user'), { op: 'update', target: self('user') }, true],
    ['user keeps their own role', actor('user'), { op: 'update', target: self('user'), role: 'user' }, true],
    ['user raises their own role', actor('user'), { op: 'update', target: self('user'), role: 'admin' }, false],
    ['admin changes their own role', actor('admin'), { op: 'update', target: self('admin'), role: 'user' }, false],
    ['owner changes their own role', actor('owner'), { op: 'update', target: self('owner'), role: 'admin' }, false],
    ['observer edits their own profile', actor('observer'), { op: 'update', target: self('observer') }, false],
    ['user edits another user', actor('user'), { op: 'update', target: other }, false],
    ['admin deletes a user', actor('admin'), { op: 'delete', target: other }, true],
    ['admin deletes the owner', actor('admin'), { op: 'delete', target: owner }, false],
    ['user deletes a user', actor('user'), { op: 'delete', target: other }, false],
    ['user deletes themselves', actor('user'), { op: 'delete', target: self('user') }, false],
    ['read-only admin token edits a user', actor('admin', {}, { readOnly: true }), { op: 'update', target: other }, false],
  ];
  for (const [name, a, w, ok] of cases) {
    it(`${ok ? 'allows' : 'refuses'}: ${name}`, () => {
      const reason = userWriteDenial(a, w);
      if (ok) assert.equal(reason, null);
      else assert.match(reason ?? '', /\w/);
    });
  }
});
