import type { IntegrationType } from './model.js';

/** Which event API a vendor's tool speaks to Tocsin; `native` payloads go to /integration/{key}/enqueue. */
export type EventsApi = 'v2' | 'v1' | 'email' | 'native';

export interface Vendor {
  /** Stable: never change an id once shipped (clients store them). */
  id: string;
  name: string;
  longName: string;
  websiteUrl: string;
  description: string;
  integrationGuideUrl: string;
  /** PagerDuty's generic_service_type: which generic integration the vendor's tool resembles. */
  genericServiceType: string;
  eventsApi: EventsApi;
  /** The integration type a vendor integration gets when the client names no type. */
  integrationType: IntegrationType;
  /** For native vendors: the name of the payload translator in events/. */
  translator: string | null;
}

type Row = [id: string, name: string, website: string, api: EventsApi, what: string, type?: IntegrationType, translator?: string, longName?: string];

const GUIDE = (slug: string) => `https://www.pagerduty.com/docs/guides/${slug}-integration-guide/`;

// Ids: PagerDuty's own vendor id where public code shows it (sources in docs/compatibility.md):
// Amazon CloudWatch, Datadog, SolarWinds Orion, Backstage. The others keep the "P" + 6 characters
// Tocsin derived once from the name, because no public source gives PagerDuty's id for them.
const rows: Row[] = [
  ['PZQ6AUS', 'Amazon CloudWatch', 'https://aws.amazon.com/cloudwatch', 'native', 'monitors AWS resources and applications; alarms reach Tocsin through SNS', 'aws_cloudwatch_inbound_integration', 'cloudwatch'],
  ['PAM4FGS', 'Datadog', 'https://www.datadoghq.com', 'native', 'monitors servers, containers, applications and logs; monitors notify Tocsin through its webhook', 'events_api_v2_inbound_integration', 'datadog'],
  ['PAVZBDG', 'Prometheus', 'https://prometheus.io', 'native', 'open-source metrics and alerting; Alertmanager sends its webhook payloads to Tocsin', 'events_api_v2_inbound_integration', 'alertmanager', 'Prometheus Alertmanager'],
  ['PRA5OAT', 'Grafana', 'https://grafana.com', 'native', 'dashboards and alerting over many data sources; Grafana Alerting sends its webhook payloads to Tocsin', 'events_api_v2_inbound_integration', 'grafana'],
  ['PVTRLI2', 'Nagios', 'https://www.nagios.org', 'v1', 'open-source host and service monitoring, through the PagerDuty agent or notification commands', 'nagios_inbound_integration'],
  ['PRLOONE', 'Zabbix', 'https://www.zabbix.com', 'v2', 'open-source monitoring of networks, servers and applications, through its PagerDuty media type'],
  ['PYX1FPX', 'New Relic', 'https://newrelic.com', 'v2', 'application performance monitoring and observability platform'],
  ['P7W96BJ', 'AppDynamics', 'https://www.appdynamics.com', 'v2', 'application performance monitoring for distributed applications'],
  ['PU570GB', 'Pingdom', 'https://www.pingdom.com', 'v1', 'website uptime and performance monitoring', 'pingdom_inbound_integration'],
  ['PGZ5INP', 'Wormly', 'https://www.wormly.com', 'v1', 'website and server uptime monitoring with alerts', 'generic_events_api_inbound_integration'],
  ['P11V37D', 'SignalFx', 'https://www.splunk.com/en_us/products/observability.html', 'v2', 'real-time metrics monitoring (Splunk Observability Cloud)', undefined, undefined, 'Splunk Observability Cloud (SignalFx)'],
  ['PMR4IA1', 'Sentry', 'https://sentry.io', 'v2', 'application error tracking and performance monitoring'],
  ['P1G0YDG', 'Icinga', 'https://icinga.com', 'v1', 'open-source monitoring of hosts and services, a Nagios-compatible engine', 'generic_events_api_inbound_integration'],
  ['PB5K87O', 'Splunk', 'https://www.splunk.com', 'v2', 'search, monitoring and alerting over machine data and logs'],
  ['P32EOHQ', 'Elastic', 'https://www.elastic.co', 'v2', 'Elasticsearch and Kibana alerting rules and Watcher actions'],
  ['P78THJS', 'Dynatrace', 'https://www.dynatrace.com', 'v2', 'full-stack observability with automatic problem detection'],
  ['PBKHY7E', 'ServiceNow', 'https://www.servicenow.com', 'v2', 'IT service management: incidents raised in ServiceNow open incidents here'],
  ['PXFKQFT', 'Jira', 'https://www.atlassian.com/software/jira', 'v2', 'issue and service-desk tracking: Jira automation rules open incidents here', undefined, undefined, 'Jira Service Management'],
  ['PFPG7TJ', 'Azure Monitor', 'https://azure.microsoft.com/products/monitor', 'v2', 'monitoring of Azure resources and applications through action groups', undefined, undefined, 'Microsoft Azure Monitor'],
  ['PM83LDD', 'Google Cloud Monitoring', 'https://cloud.google.com/monitoring', 'v2', 'monitoring of Google Cloud resources (formerly Stackdriver) through notification channels'],
  ['PRC9QVB', 'Honeycomb', 'https://www.honeycomb.io', 'v2', 'observability for distributed systems: triggers and SLO burn alerts'],
  ['PUD0LN4', 'Checkly', 'https://www.checklyhq.com', 'v2', 'synthetic monitoring and API checks'],
  ['PYO562W', 'UptimeRobot', 'https://uptimerobot.com', 'v2', 'website, port and keyword uptime monitoring'],
  ['PX0R91I', 'StatusCake', 'https://www.statuscake.com', 'v2', 'website uptime, page speed and SSL monitoring'],
  ['P36OWMW', 'Site24x7', 'https://www.site24x7.com', 'v2', 'website, server, network and cloud monitoring'],
  ['PYM9XN6', 'LogicMonitor', 'https://www.logicmonitor.com', 'v2', 'infrastructure monitoring for networks, servers and clouds'],
  ['PNGSZ3L', 'PRTG Network Monitor', 'https://www.paessler.com/prtg', 'email', 'network monitoring; its notifications arrive by email', 'generic_email_inbound_integration'],
  ['P4B29MM', 'SolarWinds Orion', 'https://www.solarwinds.com', 'v2', 'network and systems monitoring platform'],
  ['PQ18RR4', 'Zenoss', 'https://www.zenoss.com', 'v1', 'IT infrastructure and service monitoring', 'generic_events_api_inbound_integration'],
  ['PJLD20I', 'Sumo Logic', 'https://www.sumologic.com', 'v2', 'log analytics and monitoring with scheduled-search alerts'],
  ['P2RTJFX', 'Loggly', 'https://www.loggly.com', 'v1', 'log management with saved-search alerts', 'generic_events_api_inbound_integration'],
  ['PRGAZUU', 'Bugsnag', 'https://www.bugsnag.com', 'v2', 'application stability and error monitoring'],
  ['PTZGS9M', 'Rollbar', 'https://rollbar.com', 'v2', 'error tracking and real-time alerting for application errors'],
  ['PH0JPXK', 'Catchpoint', 'https://www.catchpoint.com', 'v2', 'digital experience and synthetic monitoring'],
  ['PDKO1AM', 'Uptime Kuma', 'https://uptime.kuma.pet', 'v2', 'self-hosted uptime monitoring'],
  ['PQGBQBG', 'Netdata', 'https://www.netdata.cloud', 'v2', 'real-time infrastructure monitoring with health alarms'],
  ['PD3QRTU', 'Zendesk', 'https://www.zendesk.com', 'v2', 'customer support ticketing: urgent tickets open incidents here'],
  ['PFNBOOG', 'GitHub', 'https://github.com', 'v2', 'code hosting: workflow failures and security alerts open incidents here'],
  ['PRO19CT', 'Backstage', 'https://backstage.io', 'v2', "developer portal: PagerDuty's Backstage plugin creates this integration on a service and reads its integration key"],
  ['P16MSK4', 'Microsoft SCOM', 'https://learn.microsoft.com/system-center/scom', 'email', 'System Center Operations Manager alerts, sent by email', 'generic_email_inbound_integration', undefined, 'Microsoft System Center Operations Manager'],
];

const defaultType: Record<EventsApi, IntegrationType> = {
  v2: 'events_api_v2_inbound_integration',
  v1: 'generic_events_api_inbound_integration',
  email: 'generic_email_inbound_integration',
  native: 'events_api_v2_inbound_integration',
};

const serviceType: Record<EventsApi, string> = { v2: 'api', v1: 'api', email: 'email', native: 'api' };

const slug = (name: string) => name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

/** The vendor catalog, sorted by name. */
export const VENDORS: readonly Vendor[] = rows
  .map(([id, name, websiteUrl, eventsApi, what, type, translator, longName]) => ({
    id,
    name,
    longName: longName ?? name,
    websiteUrl,
    description: `${longName ?? name}: ${what}.`,
    integrationGuideUrl: GUIDE(slug(name)),
    genericServiceType: serviceType[eventsApi],
    eventsApi,
    integrationType: type ?? defaultType[eventsApi],
    translator: translator ?? null,
  }))
  .sort((a, b) => a.name.localeCompare(b.name));

/**
 * Ids Tocsin shipped before it adopted PagerDuty's: integrations saved with them keep working (the
 * lookup answers the vendor, which now carries PagerDuty's id).
 */
export const VENDOR_ID_ALIASES: Readonly<Record<string, string>> = {
  PCJ4C5A: 'PAM4FGS', // Datadog
  PQDTWHI: 'P4B29MM', // SolarWinds Orion
};

const byId = new Map(VENDORS.map((v) => [v.id, v]));

/** A vendor of the catalog, or null. */
export function findVendorById(id: string): Vendor | null {
  return byId.get(id) ?? byId.get(VENDOR_ID_ALIASES[id] ?? '') ?? null;
}
