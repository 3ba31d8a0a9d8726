import { describe, expect, it } from 'vitest';
import { findHotspots } from '../../src/text/hotspots.js';
import type { HotspotDoc } from '../../src/text/hotspots.js';

const day = (d: string): Date => new Date(`${d}T10:00:00+08:00`);
let n = 0;
const doc = (text: string, date: string, extra: Partial<HotspotDoc> = {}): HotspotDoc => ({ id: `c${String(++n).padStart(3, '0')}`, text, createdAt: day(date), ...extra });

// Hand-made: a growing 搅拌站 matter, a smaller 停车费 matter with many supporters, noise.
const docs: HotspotDoc[] = [
  doc('红枫苑小区旁边搅拌站噪音粉尘扰民', '2026-01-10', { place: '红枫苑', unitId: 'u-env' }),
  doc('红枫苑小区搅拌站深夜施工噪音扰民', '2026-02-03', { place: '红枫苑', unitId: 'u-env' }),
  doc('投诉红枫苑附近搅拌站粉尘污染噪音', '2026-02-05', { place: '红枫苑', unitId: 'u-env' }),
  doc('红枫苑小区搅拌站噪音严重影响休息', '2026-02-09', { place: '红枫苑', unitId: 'u-city' }),
  doc('红枫苑搅拌站粉尘噪音扰民请取缔', '2026-02-15', { place: '红枫苑', unitId: 'u-env' }),
  doc('翠湖湾物业违规收取停车费', '2026-02-04', { place: '翠湖湾', votes: 400 }),
  doc('翠湖湾物业乱收停车费业主不满', '2026-02-11', { place: '翠湖湾', votes: 100 }),
  doc('市图书馆开放时间建议延长', '2026-02-07'),
  doc('公交12路班次太少', '2026-02-08'),
  doc('红枫苑搅拌站噪音', '2025-12-01'), // before the previous period: ignored
];
const periods = { periodStart: day('2026-02-01'), periodEnd: day('2026-03-01'), previousPeriodStart: day('2026-01-01') };

describe('findHotspots', () => {
  const topics = findHotspots(docs, periods);

  it('groups the cases of each matter and drops singletons', () => {
    expect(topics).toHaveLength(2);
    const mixer = topics.find((t) => t.label.includes('搅拌站'))!;
    expect(mixer.caseIds).toEqual(['c002', 'c003', 'c004', 'c005']);
    const parking = topics.find((t) => t.label.includes('停车费'))!;
    expect(parking.caseIds).toEqual(['c006', 'c007']);
  });

  it('reports growth against the previous period, places, units and votes', () => {
    const mixer = topics.find((t) => t.label.includes('搅拌站'))!;
    expect(mixer.previousSize).toBe(1);
    expect(mixer.growth).toBe(3);
    expect(mixer.places).toEqual([{ name: '红枫苑', count: 4 }]);
    expect(mixer.units).toEqual([{ id: 'u-env', count: 3 }, { id: 'u-city', count: 1 }]);
    const parking = topics.find((t) => t.label.includes('停车费'))!;
    expect(parking.growth).toBeNull();
    expect(parking.votes).toBe(500);
  });

  it('ranks by heat, where public support counts', () => {
    expect(topics[0]!.label).toContain('停车费'); // 2 cases but 500 supporters
    expect(topics[0]!.heat).toBeGreaterThan(topics[1]!.heat);
  });

  it('is deterministic whatever the input order', () => {
    expect(findHotspots([...docs].reverse(), periods)).toEqual(topics);
  });
});
