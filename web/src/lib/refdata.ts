/** Reference data shared by several pages; one file per API call keeps the endpoints easy to find. */
import { get } from './api';
import type { Lang } from '../i18n/lang';

export interface Unit {
  id: string;
  parentId: string | null;
  code: string;
  name: string;
  type: string;
  depth: number;
  path: string;
  active?: boolean;
}
export interface Category {
  id: string;
  code: string;
  name: string;
  kind: string;
  parentId: string | null;
  nameZh?: string;
  nameEn?: string | null;
  active?: boolean;
}
export interface ClockRule {
  key: string;
  amount: number;
  unit: 'day' | 'workday' | 'hour';
  source: string;
  descriptionZh: string;
  descriptionEn: string;
}
export interface ClockRules {
  items: ClockRule[];
  warnings: { fractions: number[]; beforeHours: number[] };
  holidayYears: number[];
}

const cache = new Map<string, Promise<unknown>>();
function cached<T>(key: string, fn: () => Promise<T>): Promise<T> {
  let p = cache.get(key) as Promise<T> | undefined;
  if (!p) {
    p = fn();
    p.catch(() => cache.delete(key));
    cache.set(key, p);
  }
  return p;
}
export const invalidate = (prefix: string) => {
  for (const k of [...cache.keys()]) if (k.startsWith(prefix)) cache.delete(k);
};

export const fetchUnits = (lang: Lang) => cached(`units:${lang}`, () => get<{ items: Unit[] }>('/api/units').then((r) => r.items));
export const fetchCategories = (lang: Lang) => cached(`categories:${lang}`, () => get<{ items: Category[] }>('/api/categories').then((r) => r.items));
export const fetchClockRules = () => cached('clock-rules', () => get<ClockRules>('/api/admin/clock-rules'));

/** Units as an antd TreeSelect tree, built from the flat path-ordered list. */
export interface UnitNode {
  value: string;
  title: string;
  key: string;
  children: UnitNode[];
}
export function unitTree(units: Unit[]): UnitNode[] {
  const nodes = new Map<string, UnitNode>();
  const roots: UnitNode[] = [];
  for (const u of units) nodes.set(u.id, { value: u.id, key: u.id, title: u.name, children: [] });
  for (const u of units) {
    const n = nodes.get(u.id)!;
    const parent = u.parentId ? nodes.get(u.parentId) : undefined;
    if (parent) parent.children.push(n);
    else roots.push(n);
  }
  return roots;
}
