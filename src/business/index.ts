// business: PagerDuty's business services and service dependencies; owns the tables
// business_services and service_dependencies. Depends on accounts (teams, roles) and services
// (technical services); nothing depends on it.
export type { BusinessService, Dependency } from './model.js';
