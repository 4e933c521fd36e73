import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TRANSLATORS } from '../events/vendors/index.js';
import { isIntegrationType } from './model.js';
import { findVendorById, VENDOR_ID_ALIASES, VENDORS } from './vendor-catalog.js';

describe('vendor catalog', () => {
  it('has at least 30 vendors with unique, PagerDuty-shaped ids and names', () => {
    assert.ok(VENDORS.length >= 30);
    assert.equal(new Set(VENDORS.map((v) => v.id)).size, VENDORS.length);
    assert.equal(new Set(VENDORS.map((v) => v.name)).size, VENDORS.length);
    for (const v of VENDORS) {
      assert.match(v.id, /^P[0-9A-Z]{6}$/, v.name);
      assert.ok(isIntegrationType(v.integrationType), v.name);
      assert.match(v.websiteUrl, /^https:\/\//, v.name);
      assert.equal(findVendorById(v.id), v);
    }
    assert.equal(findVendorById('PNOPE00'), null);
  });

  it("carries PagerDuty's own ids where they are known (Backstage's plugin asks for PRO19CT)", () => {
    assert.equal(findVendorById('PRO19CT')?.name, 'Backstage');
    assert.equal(findVendorById('PAM4FGS')?.name, 'Datadog');
    assert.equal(findVendorById('P4B29MM')?.name, 'SolarWinds Orion');
    assert.equal(findVendorById('PCJ4C5A')?.id, 'PAM4FGS');
    for (const [old, id] of Object.entries(VENDOR_ID_ALIASES)) {
      assert.ok(!VENDORS.some((v) => v.id === old), `${old} is an alias, not a listed id`);
      assert.ok(findVendorById(id), id);
    }
  });

  it('keeps shipped ids stable', () => {
    assert.equal(findVendorById('PZQ6AUS')?.name, 'Amazon CloudWatch');
    assert.equal(findVendorById('PAVZBDG')?.name, 'Prometheus');
    // Tocsin's first Datadog id, now an alias of PagerDuty's.
    assert.equal(findVendorById('PCJ4C5A')?.name, 'Datadog');
    assert.equal(findVendorById('PQDTWHI')?.name, 'SolarWinds Orion');
    assert.equal(findVendorById('PRA5OAT')?.name, 'Grafana');
  });

  it('gives every native vendor a translator the events module knows, and no one else', () => {
    for (const v of VENDORS) {
      if (v.eventsApi === 'native') assert.ok(v.translator && TRANSLATORS[v.translator], `${v.name}: ${v.translator}`);
      else assert.equal(v.translator, null, v.name);
      if (v.eventsApi === 'email') assert.equal(v.integrationType, 'generic_email_inbound_integration', v.name);
    }
  });
});
