// email: the built-in SMTP server and PagerDuty's email rules (filters, incident-creation modes,
// parsing rules). Owns no table: accepted mail becomes events through events.ingestEvent (the
// durable inbox). Depends on integrations (address lookup) and events, through their index.ts.
import type { Context } from '../context.js';
import type { Events } from '../events/index.js';
import { findIntegrationByEmail } from '../integrations/index.js';
import { toEmailEvent } from './intake.js';
import { createSmtpListener, type SmtpListener } from './listener.js';

/** Every problem of an email integration's settings (empty: valid); integrations answers 400 with them. */
export { emailConfigProblems } from './rules-validate.js';
export { normalizeEmailConfig, type EmailConfig as EmailRulesConfig, type EmailDecision, type EmailMessage } from './model.js';
export { decideEmail } from './decide.js';
export type { SmtpListener, EmailIntake, EmailDelivery } from './listener.js';

const EMAIL_TYPE = 'generic_email_inbound_integration';

/** The SMTP server of this node (app.ts listens on config.smtpPort in start() and closes it in close()). */
export function createEmailServer(ctx: Context, events: Pick<Events, 'ingestEvent'>): SmtpListener {
  return createSmtpListener({
    limits: ctx.config.smtp,
    tls: ctx.config.tls,
    hostname: ctx.config.emailDomain,
    log: ctx.log,
    now: () => ctx.clock.now(),
    intake: {
      async findIntegration(address) {
        const i = await findIntegrationByEmail(ctx.db, address);
        if (!i || i.deletedAt !== null || i.type !== EMAIL_TYPE) return null;
        return { id: i.id, serviceId: i.serviceId, emailConfig: i.emailConfig };
      },
      async deliver(items) {
        // Handed in the same turn, the group commit writes them in one transaction.
        await Promise.all(
          items.map((d) => events.ingestEvent({ integrationId: d.integrationId, serviceId: d.serviceId }, toEmailEvent(d, () => ctx.ids.hex32()))),
        );
      },
    },
  });
}
