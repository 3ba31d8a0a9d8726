// Hotspot topics on 附件3 (messages with likes).   npx tsx bench/hotspots.ts
import { readJsonl, clean, machine, table } from './data.js';
import { findHotspots } from '../src/text/hotspots.js';
import type { HotspotDoc } from '../src/text/hotspots.js';
import { tokenize } from '../src/text/tokenize.js';

const rows = readJsonl('attachment3_messages_with_votes.jsonl');
const t0 = performance.now();
const docs: HotspotDoc[] = rows.map((r) => {
  const title = clean(r['留言主题']);
  return {
    id: r['留言编号']!,
    // The title states the matter; counting it twice keeps long stories from drowning it.
    tokens: tokenize(`${title} ${title} ${clean(r['留言详情'])}`, 'exact'),
    createdAt: new Date(r['留言时间']!.replace(' ', 'T') + '+08:00'),
    // The only place in the data is the masked district (A3区); a case record has a real one.
    place: /(A\d*(?:区|县))/.exec(title)?.[1],
    votes: Number(r['点赞数'] ?? 0),
  };
});
const tokenMs = performance.now() - t0;
const byId = new Map(rows.map((r) => [r['留言编号']!, r]));

function show(name: string, periodStart: string, periodEnd: string, previousPeriodStart: string): void {
  const t = performance.now();
  const topics = findHotspots(docs, { periodStart: new Date(periodStart), periodEnd: new Date(periodEnd), previousPeriodStart: new Date(previousPeriodStart), maxTopics: 5 });
  const ms = performance.now() - t;
  const inPeriod = docs.filter((d) => d.createdAt >= new Date(periodStart) && d.createdAt < new Date(periodEnd)).length;
  console.log(`\n## ${name}: ${periodStart} … ${periodEnd} (${inPeriod} cases; previous period from ${previousPeriodStart}) — clustered in ${ms.toFixed(0)} ms`);
  table(['#', 'label (key phrases)', 'size', 'previous', 'growth', 'likes', 'places', 'heat'], topics.map((tp, i) => [
    i + 1, tp.label, tp.size, tp.previousSize, tp.growth === null ? 'new' : `${(tp.growth * 100).toFixed(0)} %`, tp.votes,
    tp.places.slice(0, 3).map((p) => `${p.name}×${p.count}`).join(' '), tp.heat.toFixed(1)]));
  topics.forEach((tp, i) => {
    console.log(`\n${i + 1}. ${tp.label} — cases: ${tp.caseIds.slice(0, 6).map((id) => `${id} 「${clean(byId.get(id)!['留言主题']).slice(0, 28)}」`).join('; ')}${tp.caseIds.length > 6 ? ` … (+${tp.caseIds.length - 6})` : ''}`);
  });
}

console.log(`# Hotspots on attachment3 (${docs.length} messages) — ${machine()}; tokenising took ${(tokenMs / 1000).toFixed(1)} s`);
show('Whole year 2019', '2019-01-01T00:00:00+08:00', '2020-02-01T00:00:00+08:00', '2018-01-01T00:00:00+08:00');
show('每月一题: December 2019 vs November', '2019-12-01T00:00:00+08:00', '2020-01-01T00:00:00+08:00', '2019-11-01T00:00:00+08:00');
