/** The twelve rates in the order of docs/metrics.md (their labels come from the API; these are for pickers before it answers). */
export const METRIC_KEYS_UI = [
  'timely_acceptance',
  'on_time_completion',
  'response',
  'resolution',
  'participation',
  'satisfaction',
  'return_visit',
  'repeat',
  'return',
  'closure',
  'mediation_success',
  'hazard_closeout',
] as const;
export type MetricKeyUI = (typeof METRIC_KEYS_UI)[number];
export const metricMessageKey = (k: MetricKeyUI) => `m_${k}` as const;
