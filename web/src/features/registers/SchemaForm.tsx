/**
 * Form fields generated from an action's input schema (JSON Schema from the server's zod schema), so each register's
 * actions need no hand-written form: text, long text, numbers, yes/no, choices, lists and dates.
 */
import { useMemo, useState, type ReactNode } from 'react';
import { Alert, App, Button, DatePicker, Drawer, Form, Input, InputNumber, Select, Switch, TreeSelect } from 'antd';
import type { Rule } from 'antd/es/form';
import dayjs, { type Dayjs } from 'dayjs';
import { useI18n } from '../../i18n/i18n';
import { applyServerErrors } from '../../lib/forms';
import { pick, type Label } from '../../lib/meta';
import { fetchUnits, unitTree } from '../../lib/refdata';
import { useFetch } from '../../lib/useFetch';
import type { JsonSchema } from './api';

/** The usable branch of `anyOf`/`oneOf` (zod writes optional and nullable fields and id unions that way). */
function simplify(s: JsonSchema): JsonSchema {
  const branches = s.anyOf ?? s.oneOf;
  if (!branches) return s;
  const real = branches.filter((b) => b.type !== 'null');
  const str = real.find((b) => b.type === 'string' || b.enum);
  return { ...(str ?? real[0] ?? {}), description: s.description ?? (str ?? real[0])?.description };
}

const typeOf = (s: JsonSchema) => (Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type);

export function fieldsOf(schema: JsonSchema | null): Array<{ name: string; schema: JsonSchema; required: boolean }> {
  if (!schema?.properties) return [];
  return Object.entries(schema.properties).map(([name, s]) => ({ name, schema: simplify(s), required: schema.required?.includes(name) ?? false }));
}

/** Turns the form's values into the request body: dates as ISO strings, empty strings dropped. */
export function toBody(schema: JsonSchema | null, values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fieldsOf(schema)) {
    const v = values[f.name];
    if (v === undefined || v === null || v === '') continue;
    if (dayjs.isDayjs(v)) out[f.name] = f.schema.format === 'date' ? (v as Dayjs).format('YYYY-MM-DD') : (v as Dayjs).toISOString();
    else out[f.name] = v;
  }
  return out;
}

const humanise = (name: string) => name.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/_/g, ' ');

/** A unit field: the units the user may see, as a searchable tree (the server checks the scope again). */
function UnitPicker(props: { value?: string; onChange?: (v: string) => void }) {
  const { lang } = useI18n();
  const units = useFetch(() => fetchUnits(lang), [lang]);
  const tree = useMemo(() => unitTree(units.data ?? []), [units.data]);
  return <TreeSelect {...props} treeData={tree} showSearch allowClear treeNodeFilterProp="title" treeDefaultExpandAll listHeight={320} loading={units.loading} />;
}

const isUnitField = (name: string) => /(^u|U)nitId$/.test(name);

export function SchemaFields({ schema, labels, valueLabels }: { schema: JsonSchema | null; labels?: Record<string, string>; valueLabels?: Record<string, Label> }) {
  const { lang } = useI18n();
  const valueLabel = (v: unknown) => pick(valueLabels?.[String(v)], lang, String(v));
  return (
    <>
      {fieldsOf(schema).map(({ name, schema: s, required }) => {
        const label = labels?.[name] ?? s.title ?? (s.description && s.description.length <= 40 ? s.description : humanise(name));
        const extra = s.description && s.description !== label ? s.description : undefined;
        const rules: Rule[] = required ? [{ required: true }] : [];
        const t = typeOf(s);
        if (s.enum)
          return (
            <Form.Item key={name} name={name} label={label} extra={extra} rules={rules}>
              <Select allowClear options={s.enum.map((v) => ({ value: v as string, label: valueLabel(v) }))} />
            </Form.Item>
          );
        if (t === 'boolean')
          return (
            <Form.Item key={name} name={name} label={label} extra={extra} valuePropName="checked" initialValue={s.default ?? false}>
              <Switch />
            </Form.Item>
          );
        if (t === 'number' || t === 'integer')
          return (
            <Form.Item key={name} name={name} label={label} extra={extra} rules={rules}>
              <InputNumber min={s.minimum} max={s.maximum} style={{ width: 200 }} />
            </Form.Item>
          );
        if (t === 'array') {
          const items = s.items ? simplify(s.items) : {};
          return (
            <Form.Item key={name} name={name} label={label} extra={extra} rules={rules}>
              <Select mode={items.enum ? 'multiple' : 'tags'} options={(items.enum ?? []).map((v) => ({ value: v as string, label: valueLabel(v) }))} />
            </Form.Item>
          );
        }
        if (s.format === 'date' || s.format === 'date-time')
          return (
            <Form.Item key={name} name={name} label={label} extra={extra} rules={rules}>
              <DatePicker showTime={s.format === 'date-time'} />
            </Form.Item>
          );
        if (t === 'object') return null; // nested objects are set by the server's defaults
        if (isUnitField(name))
          return (
            <Form.Item key={name} name={name} label={label} extra={extra} rules={rules}>
              <UnitPicker />
            </Form.Item>
          );
        const long = (s.maxLength ?? 0) > 200;
        const textRules: Rule[] = [...rules, ...(s.minLength ? [{ min: s.minLength }] : []), ...(s.maxLength ? [{ max: s.maxLength }] : [])];
        return (
          <Form.Item key={name} name={name} label={label} extra={extra} rules={textRules}>
            {long ? <Input.TextArea rows={4} showCount maxLength={s.maxLength} /> : <Input maxLength={s.maxLength} />}
          </Form.Item>
        );
      })}
    </>
  );
}

/**
 * A drawer with a form generated from a JSON Schema (a register's create body or an action's input): on submit the
 * values are sent through `submit`; the server's field errors show at their fields, other errors above the form.
 */
export function SchemaFormDrawer({ title, schema, intro, submit, onClose, testId, labels, valueLabels }: {
  title: string;
  schema: JsonSchema | null;
  labels?: Record<string, string>;
  valueLabels?: Record<string, Label>;
  intro?: ReactNode;
  submit(body: Record<string, unknown>): Promise<void>;
  onClose(): void;
  testId?: string;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [alerts, setAlerts] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  return (
    <Drawer open width={560} title={title} onClose={onClose} destroyOnHidden>
      <div data-testid="schema-drawer">
        {intro}
        <Form
          form={form}
          layout="vertical"
          onFinish={async (values: Record<string, unknown>) => {
            setBusy(true);
            try {
              await submit(toBody(schema, values));
              message.success(t('saved'));
            } catch (e) {
              setAlerts(applyServerErrors(form, e, t('fixFields')));
            } finally {
              setBusy(false);
            }
          }}
        >
          {alerts.map((a) => (
            <Alert key={a} type="error" message={a} style={{ marginBottom: 12 }} />
          ))}
          <SchemaFields schema={schema} labels={labels} valueLabels={valueLabels} />
          <Button type="primary" htmlType="submit" loading={busy} data-testid={testId}>
            {t('submit')}
          </Button>
        </Form>
      </div>
    </Drawer>
  );
}
