import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { forEachDialect, openTestDatabase } from '../testing/dialects.js';
import type { EscalationPolicy } from './model.js';
import {
  deleteEscalationPolicy,
  findEscalationPolicyById,
  insertEscalationPolicy,
  listEscalationPolicies,
  listPoliciesTargetingUser,
  updateEscalationPolicy,
} from './store.js';

function policy(id: string, name: string, userIds: string[]): EscalationPolicy {
  return {
    id,
    name,
    description: null,
    numLoops: 1,
    onCallHandoffNotifications: 'if_has_services',
    teamIds: [],
    createdAt: 1000,
    deletedAt: null,
    rules: userIds.map((u, i) => ({
      id: `R${id}${i}`,
      escalationDelayInMinutes: 30 + i,
      assignmentStrategy: null,
      targets: [{ type: 'user_reference', id: u }],
    })),
  };
}

forEachDialect((dialect) => {
  describe(`${dialect}: escalation store`, async () => {
    const { db } = await openTestDatabase(dialect);

    it('round-trips a policy with its rules in order', async () => {
      await insertEscalationPolicy(db, policy('PEP0001', 'Alpha', ['PUSER01', 'PUSER02']));
      const p = await findEscalationPolicyById(db, 'PEP0001');
      assert.ok(p);
      assert.equal(p.numLoops, 1);
      assert.deepEqual(
        p.rules.map((r) => [r.escalationDelayInMinutes, r.targets[0].id]),
        [
          [30, 'PUSER01'],
          [31, 'PUSER02'],
        ],
      );
      assert.equal(await findEscalationPolicyById(db, 'PNOPE00'), null);
    });

    it('replaces rules on update and filters by user, query and order', async () => {
      await insertEscalationPolicy(db, policy('PEP0002', 'beta 100%', ['PUSER02']));
      await updateEscalationPolicy(db, { ...policy('PEP0001', 'Alpha', ['PUSER03']), numLoops: 0 });
      const p = await findEscalationPolicyById(db, 'PEP0001');
      assert.deepEqual(p?.rules.map((r) => r.targets[0].id), ['PUSER03']);
      const byUser = await listEscalationPolicies(db, { userIds: ['PUSER02'], limit: 25, offset: 0 });
      assert.deepEqual(byUser.items.map((x) => x.id), ['PEP0002']);
      const byQuery = await listEscalationPolicies(db, { query: '100%', limit: 25, offset: 0 });
      assert.deepEqual(byQuery.items.map((x) => x.id), ['PEP0002']);
      assert.equal((await listEscalationPolicies(db, { query: '_', limit: 25, offset: 0 })).count, 0);
      const desc = await listEscalationPolicies(db, { sortDesc: true, limit: 1, offset: 0 });
      assert.deepEqual([desc.items.map((x) => x.name), desc.count], [['beta 100%'], 2]);
      assert.deepEqual(await listPoliciesTargetingUser(db, 'PUSER03'), [{ id: 'PEP0001', name: 'Alpha' }]);
    });

    it('deletes a policy softly: hidden, but found with includeDeleted, and its name is free again', async () => {
      await deleteEscalationPolicy(db, 'PEP0002', 5000);
      assert.equal(await findEscalationPolicyById(db, 'PEP0002'), null);
      const gone = await findEscalationPolicyById(db, 'PEP0002', { includeDeleted: true });
      assert.deepEqual([gone?.deletedAt, gone?.rules.length], [5000, 1]);
      assert.deepEqual(await listPoliciesTargetingUser(db, 'PUSER02'), []);
      assert.equal((await listEscalationPolicies(db, { limit: 25, offset: 0 })).count, 1);
      await insertEscalationPolicy(db, policy('PEP0003', 'beta 100%', ['PUSER02']));
    });
  });
});
