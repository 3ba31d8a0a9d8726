/**
 * Small-count suppression of a public report (公开版): a count from 1 to k − 1 could point at the one petitioner
 * behind it (the only complaint about a small street office, the two collective visits of a village), so it is shown
 * as "<k"; a rate whose denominator is below k is shown as "—" (its numerator would be readable from it). Zero stays
 * 0: "nothing happened" identifies no one. An internal report shows every figure.
 */
export class Suppressor {
  constructor(
    readonly enabled: boolean,
    readonly k: number,
  ) {}

  /** true when the count is hidden in this report */
  small(n: number): boolean {
    return this.enabled && n >= 1 && n < this.k;
  }

  count(n: number): number | string {
    return this.small(n) ? `<${this.k}` : n;
  }

  /** a comparison of two counts or rates is hidden when either side is */
  hidden(a: number, b: number): boolean {
    return this.enabled && (a < this.k || b < this.k);
  }

  rate(m: { rate: number | null; denominator: number }): string {
    if (m.rate === null || (this.enabled && m.denominator < this.k)) return '—';
    return `${(m.rate * 100).toFixed(1)}%`;
  }

  score(set: { composite: { score: number | null }; metrics: { key: string; denominator: number }[] }): string {
    if (set.composite.score === null) return '—';
    const parts = set.metrics.filter((m) => ['response', 'resolution', 'satisfaction'].includes(m.key));
    if (this.enabled && parts.some((m) => m.denominator < this.k)) return '—';
    return set.composite.score.toFixed(1);
  }
}
