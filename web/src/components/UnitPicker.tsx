import { useMemo, useState } from 'react';
import { Select, Space, Switch, Typography } from 'antd';
import type { DefaultOptionType } from 'antd/es/select';
import { useI18n } from '../i18n/i18n';
import { fetchUnits, type Unit } from '../lib/refdata';
import { areaOfLocation, inArea, matchesUnit, PATH_SEP, unitPaths, type UnitPath } from '../lib/unitPaths';
import { useFetch } from '../lib/useFetch';

export interface UnitPickerProps {
  value?: string | string[];
  onChange?: (value: any) => void;
  multiple?: boolean;
  /** the case's place (cases.location): the area it names is listed first, with a toggle to list only it */
  location?: string | null;
  /** the units to choose from (default: GET /api/units, the user's scope) */
  units?: Unit[];
  /** only these units may be chosen (e.g. active ones); the others are not listed */
  filter?: (u: Unit) => boolean;
  allowClear?: boolean;
  placeholder?: string;
  style?: React.CSSProperties;
  id?: string;
  autoFocus?: boolean;
  disabled?: boolean;
  'aria-label'?: string;
  'data-testid'?: string;
}

/** A unit's path as shown in the list and in the chosen value; the last part (the unit itself) in bold. */
export function UnitPathLabel({ path }: { path: UnitPath }) {
  const head = path.segments.slice(0, -1);
  return (
    <span className="unit-path" data-unit-id={path.unit.id} data-unit-name={path.unit.name} title={`${path.segments.join(PATH_SEP)}（${path.unit.name}，${path.unit.code}）`}>
      {head.length > 0 && <Typography.Text type="secondary">{head.join(PATH_SEP) + PATH_SEP}</Typography.Text>}
      <strong>{path.segments.at(-1)}</strong>
    </span>
  );
}

/**
 * The one way the workbench picks a unit: a searchable list of every unit in the user's scope, each shown with its
 * full path (江城市 › 东湖区 › 住房和城乡建设局), matched by name, code and the areas above it — typing
 * "住房和城乡建设局" lists every district's bureau with its path. Given a case's place, the area it names comes first,
 * the other units (city departments, other districts) below it; a switch, off by default, lists only that area. Keyboard: type, arrows,
 * Enter.
 */
export function UnitPicker({ value, onChange, multiple, location, units: given, filter, allowClear = true, placeholder, style, ...rest }: UnitPickerProps) {
  const { t, lang } = useI18n();
  // units handed in by the page are used as they are; otherwise the (cached) list of the user's scope
  const fetched = useFetch(() => (given ? Promise.resolve([] as Unit[]) : fetchUnits(lang)), [!given, lang]);
  const list = given ?? fetched.data ?? [];
  const paths = useMemo(() => unitPaths(list), [list]);
  const area = useMemo(() => areaOfLocation(paths, location), [paths, location]);
  // the area comes first and the rest stays listed (city departments, other districts); the switch narrows to the area
  const [onlyArea, setOnlyArea] = useState(false);
  const options = useMemo((): DefaultOptionType[] => {
    const chosen = new Set(Array.isArray(value) ? value : value ? [value] : []);
    const option = (p: UnitPath) => ({ value: p.unit.id, label: <UnitPathLabel path={p} />, path: p });
    const all = [...paths.values()].filter((p) => !filter || filter(p.unit) || chosen.has(p.unit.id));
    if (!area) return all.map(option);
    const here = all.filter((p) => inArea(p, area));
    const areaName = paths.get(area.id)!.segments.at(-1)!;
    const first = { label: t('upAreaFirst', { area: areaName }), title: areaName, options: here.map(option) };
    if (onlyArea) {
      // the chosen value stays visible even when it lies outside the area
      const outside = all.filter((p) => !inArea(p, area) && chosen.has(p.unit.id));
      return outside.length ? [first, { label: t('upOtherUnits'), title: 'other', options: outside.map(option) }] : [first];
    }
    // below the area: the units nearest the top first (the city's own departments before other districts' units)
    const others = all.filter((p) => !inArea(p, area)).map((p, i) => ({ p, i }));
    others.sort((a, b) => a.p.ancestors.length - b.p.ancestors.length || a.i - b.i);
    return [first, { label: t('upOtherUnits'), title: 'other', options: others.map(({ p }) => option(p)) }];
  }, [paths, area, onlyArea, filter, value, t]);
  const areaName = area ? paths.get(area.id)!.segments.at(-1)! : '';

  return (
    <Select
      {...rest}
      value={value}
      onChange={onChange}
      mode={multiple ? 'multiple' : undefined}
      options={options}
      showSearch={{ filterOption: (typed, o) => !!o && 'path' in o && matchesUnit(o.path as UnitPath, typed) }}
      allowClear={allowClear}
      loading={!given && fetched.loading}
      listHeight={360}
      placeholder={placeholder ?? t('upPlaceholder')}
      style={{ width: '100%', ...style }}
      popupMatchSelectWidth={style?.width ? 420 : true}
      notFoundContent={!given && fetched.loading ? t('upLoading') : t('upNone')}
      popupRender={(menu) =>
        area ? (
          <>
            <Space style={{ padding: '4px 12px 8px' }} onMouseDown={(e) => e.preventDefault()}>
              <Switch size="small" checked={onlyArea} onChange={setOnlyArea} data-testid="unit-picker-only-area" aria-label={t('upOnlyArea', { area: areaName })} />
              <Typography.Text type="secondary">{t('upOnlyArea', { area: areaName })}</Typography.Text>
            </Space>
            {menu}
          </>
        ) : (
          menu
        )
      }
    />
  );
}
