// doctor: `tocsin doctor` checks the configuration, the database, the SMTP relay, the notification
// channels and the public URL, and prints what to fix. It reads other modules only through their
// index.ts and changes nothing anywhere.
import { ConfigError, loadConfig } from '../config.js';
import { countContactMethodsByType } from '../notify/index.js';
import { checkDatabase, checkHttpProvider, checkOwner, checkPublicUrl, checkSettings, checkSmtpRelay, type Finding } from './checks.js';

export type { Finding } from './checks.js';

/** Runs every check with the environment's settings, writes the report; resolves to the exit code (1 when something is wrong). */
export async function runDoctor(env: Record<string, string | undefined>, write: (text: string) => void): Promise<number> {
  const findings: Finding[] = [];
  const report = () => {
    write(formatReport(findings));
    return findings.some((f) => f.status === 'fail') ? 1 : 0;
  };
  let config;
  try {
    config = loadConfig(env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    findings.push({ status: 'fail', area: 'configuration', what: err.message, fix: 'correct that variable (README.md, Configuration); the other checks need valid settings' });
    return report();
  }
  findings.push(...checkSettings(config));
  const { findings: db, database } = await checkDatabase(config);
  findings.push(...db);
  let contacts: Partial<Record<string, number>> = {};
  if (database) {
    try {
      findings.push(...(await checkOwner(database, config)));
      contacts = await countContactMethodsByType(database.db);
    } catch {
      // An old schema without these tables: the migration finding already says what to do.
    } finally {
      await database.close();
    }
  }
  const [relay, provider, url] = await Promise.all([checkSmtpRelay(config, contacts), checkHttpProvider(config, contacts), checkPublicUrl(config)]);
  findings.push(...relay, ...provider, ...url);
  return report();
}

const LABEL = { ok: 'ok  ', warn: 'warn', fail: 'FAIL' } as const;

/** The report a person reads: one line per finding, what to do under each problem, a summary. */
export function formatReport(findings: Finding[]): string {
  const lines = ['tocsin doctor', ''];
  for (const f of findings) {
    lines.push(`${LABEL[f.status]}  ${f.area}: ${f.what}`);
    if (f.fix && f.status !== 'ok') lines.push(`      fix: ${f.fix}`);
  }
  const fails = findings.filter((f) => f.status === 'fail').length;
  const warns = findings.filter((f) => f.status === 'warn').length;
  lines.push('');
  if (fails) lines.push(`${fails} problem${fails === 1 ? '' : 's'} to fix${warns ? `, ${warns} warning${warns === 1 ? '' : 's'}` : ''}.`);
  else if (warns) lines.push(`No problems; ${warns} warning${warns === 1 ? '' : 's'} to read.`);
  else lines.push('Everything looks right.');
  return lines.join('\n') + '\n';
}
