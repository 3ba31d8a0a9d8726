/** The period, unit and category of a dashboard, kept in the address (so a view can be bookmarked and shared). */
import { useCallback, useMemo } from 'react';
import { DatePicker, Select, Space, TreeSelect } from 'antd';
import dayjs from 'dayjs';
import { useSearchParams } from 'react-router-dom';
import { useI18n } from '../../i18n/i18n';
import { fetchCategories, fetchUnits, unitTree, type Category, type Unit } from '../../lib/refdata';
import { UnitPicker as SharedUnitPicker } from '../../components/UnitPicker';
import { useFetch } from '../../lib/useFetch';
import { PERIOD_KEYS, periodRange, type PeriodKey } from './format';

export interface DashParams {
  period: PeriodKey;
  from: string;
  to: string;
  unitId?: string;
  categoryId?: string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function useDashParams(defaultPeriod: Exclude<PeriodKey, 'custom'> = 'this_month') {
  const [sp, setSp] = useSearchParams();
  const params = useMemo<DashParams>(() => {
    const raw = sp.get('period') as PeriodKey | null;
    const period: PeriodKey = raw && PERIOD_KEYS.includes(raw) ? raw : defaultPeriod;
    const from = sp.get('from');
    const to = sp.get('to');
    const range = period === 'custom' && from && to && DAY.test(from) && DAY.test(to) ? { from, to } : periodRange(period === 'custom' ? defaultPeriod : period);
    return { period: period === 'custom' && range.from !== from ? defaultPeriod : period, ...range, unitId: sp.get('unitId') || undefined, categoryId: sp.get('categoryId') || undefined };
  }, [sp, defaultPeriod]);
  const set = useCallback(
    (patch: Partial<Record<'period' | 'from' | 'to' | 'unitId' | 'categoryId' | string, string | undefined>>) => {
      setSp(
        (prev) => {
          const next = new URLSearchParams(prev);
          for (const [k, v] of Object.entries(patch)) {
            if (v === undefined || v === '') next.delete(k);
            else next.set(k, v);
          }
          return next;
        },
        { replace: false },
      );
    },
    [setSp],
  );
  return { params, set, search: sp };
}

export function useUnits() {
  const { lang } = useI18n();
  const units = useFetch(() => fetchUnits(lang), [lang]);
  const list = units.data ?? [];
  const byId = useMemo(() => new Map(list.map((u) => [u.id, u])), [list]);
  const tree = useMemo(() => unitTree(list), [list]);
  /** the unit and its ancestors inside the user's scope, top first */
  const chain = useCallback(
    (id: string | undefined): Unit[] => {
      const out: Unit[] = [];
      let u = id ? byId.get(id) : list[0];
      while (u) {
        out.unshift(u);
        u = u.parentId ? byId.get(u.parentId) : undefined;
      }
      return out;
    },
    [byId, list],
  );
  return { list, byId, tree, chain, root: list[0], loading: units.loading };
}

interface CatNode {
  value: string;
  title: string;
  key: string;
  children: CatNode[];
}
export function useCategories() {
  const { lang } = useI18n();
  const cats = useFetch(() => fetchCategories(lang), [lang]);
  const list = useMemo(() => (cats.data ?? []).filter((c) => c.active !== false), [cats.data]);
  const byId = useMemo(() => new Map(list.map((c) => [c.id, c])), [list]);
  const tree = useMemo(() => {
    const nodes = new Map<string, CatNode>();
    const roots: CatNode[] = [];
    for (const c of list) nodes.set(c.id, { value: c.id, key: c.id, title: (lang === 'en' && c.nameEn) || c.name, children: [] });
    for (const c of list) {
      const parent = c.parentId ? nodes.get(c.parentId) : undefined;
      (parent ? parent.children : roots).push(nodes.get(c.id)!);
    }
    return roots;
  }, [list, lang]);
  const chain = useCallback(
    (id: string | undefined): Category[] => {
      const out: Category[] = [];
      let c = id ? byId.get(id) : undefined;
      while (c) {
        out.unshift(c);
        c = c.parentId ? byId.get(c.parentId) : undefined;
      }
      return out;
    },
    [byId],
  );
  const name = (c: Category) => (lang === 'en' && c.nameEn) || c.name;
  return { list, byId, tree, chain, name };
}

/** Period picker: this month, last month, this quarter, this year, or a custom range (at most 366 days). */
export function PeriodPicker({ params, set }: { params: DashParams; set: ReturnType<typeof useDashParams>['set'] }) {
  const { t } = useI18n();
  const labels: Record<PeriodKey, string> = { this_month: t('dbThisMonth'), last_month: t('dbLastMonth'), this_quarter: t('dbThisQuarter'), this_year: t('dbThisYear'), custom: t('dbCustom') };
  return (
    <Space wrap size={4}>
      <Select<PeriodKey>
        aria-label={t('dbPeriod')}
        data-testid="period-select"
        value={params.period}
        style={{ minWidth: 110 }}
        options={PERIOD_KEYS.map((k) => ({ value: k, label: labels[k] }))}
        onChange={(v) => (v === 'custom' ? set({ period: 'custom', from: params.from, to: params.to }) : set({ period: v, from: undefined, to: undefined }))}
      />
      {params.period === 'custom' ? (
        <DatePicker.RangePicker
          allowClear={false}
          value={[dayjs(params.from), dayjs(params.to)]}
          disabledDate={(d, info) => {
            const from = info?.from;
            return !!from && Math.abs(d.diff(from, 'day')) > 365;
          }}
          onChange={(v) => v?.[0] && v[1] && set({ period: 'custom', from: v[0].format('YYYY-MM-DD'), to: v[1].format('YYYY-MM-DD') })}
        />
      ) : (
        <span className="ms-muted" data-testid="period-range">
          {params.from} – {params.to}
        </span>
      )}
    </Space>
  );
}

export function UnitPicker({ value, onChange, units }: { value: string | undefined; onChange(id: string | undefined): void; units: ReturnType<typeof useUnits> }) {
  const { t } = useI18n();
  return (
    <SharedUnitPicker
      aria-label={t('dbUnit')}
      data-testid="unit-picker"
      style={{ width: 240 }}
      value={value ?? units.root?.id}
      units={units.list}
      allowClear={false}
      onChange={(v: string) => onChange(v && v !== units.root?.id ? v : undefined)}
      placeholder={t('dbUnit')}
    />
  );
}

export function CategoryPicker({ value, onChange, cats }: { value: string | undefined; onChange(id: string | undefined): void; cats: ReturnType<typeof useCategories> }) {
  const { t } = useI18n();
  return (
    <TreeSelect
      aria-label={t('dbCategory')}
      data-testid="category-picker"
      style={{ width: 200 }}
      value={value}
      treeData={cats.tree}
      showSearch
      allowClear
      treeNodeFilterProp="title"
      listHeight={360}
      popupMatchSelectWidth={280}
      onChange={(v: string | undefined) => onChange(v || undefined)}
      placeholder={t('dbAllCategories')}
    />
  );
}
