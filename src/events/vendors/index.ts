import { translateAlertmanager } from './alertmanager.js';
import { translateCloudWatch } from './cloudwatch.js';
import { translateDatadog } from './datadog.js';
import { translateGrafana } from './grafana.js';
import type { Translator } from './types.js';

export type { TranslateResult, Translator } from './types.js';

/** Translators by the name the vendor catalog gives (integrations' `Vendor.translator`). */
export const TRANSLATORS: Record<string, Translator> = {
  alertmanager: translateAlertmanager,
  grafana: translateGrafana,
  cloudwatch: translateCloudWatch,
  datadog: translateDatadog,
};
