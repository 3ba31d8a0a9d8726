/**
 * Form fields generated from an action's input schema (JSON Schema from the server's zod schema), so each register's
 * actions need no hand-written form: text, long text, numbers, yes/no, choices, days and times, units, people picked
 * from a list the server gives, nested groups (a leader's name and post) and lists of groups (the parties).
 */
import { useState, type ReactNode } from 'react';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, DatePicker, Drawer, Form, Input, InputNumber, Select, Switch } from 'antd';
import type { Rule } from 'antd/es/form';
import { useI18n } from '../../i18n/i18n';
import { get } from '../../lib/api';
import { applyServerErrors } from '../../lib/forms';
import { pick, type Label } from '../../lib/meta';
import { UnitPicker } from '../../components/UnitPicker';
import { useFetch } from '../../lib/useFetch';
import type { JsonSchema } from './api';
import type { Picker } from './config';
import { fieldsOf, itemSchema, toBody, type Field } from './schema';

export interface FormOptions {
  labels?: Record<string, string>;
  valueLabels?: Record<string, Label>;
  /** id fields filled from a list the server gives (e.g. mediatorUserId from the committee's mediators) */
  pickers?: Record<string, Picker>;
}

const humanise = (name: string) => name.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/_/g, ' ');
type Path = Array<string | number>;
const CJK = /[\u4e00-\u9fff]/;


/** An id chosen from the server's list; re-read when the field it depends on (e.g. the committee) changes. */
function RemotePicker({ picker, path, ...props }: { picker: Picker; path: Path; value?: string; onChange?: (v: string) => void }) {
  const form = Form.useFormInstance();
  const depends = Form.useWatch(picker.from ? [...path.slice(0, -1), picker.from] : ['__none__'], form) as string | undefined;
  const list = useFetch(
    () => (picker.from && !depends ? Promise.resolve({ items: [] }) : get<{ items: Array<{ id: string; displayName?: string; name?: string; unitName?: string }> }>(picker.url, picker.param ? { [picker.param]: depends } : {})),
    [picker.url, depends],
  );
  const options = (list.data?.items ?? []).map((i) => ({ value: i.id, label: [i.displayName ?? i.name, i.unitName].filter(Boolean).join(' · ') }));
  return <Select {...props} showSearch allowClear optionFilterProp="label" options={options} loading={list.loading} />;
}

/** The control of one field; Form.Item hands it value, onChange (checked for a switch) and id, passed on as `control`. */
function FieldControl({ f, path, opts, ...control }: { f: Field; path: Path; opts: FormOptions; [prop: string]: unknown }) {
  const { lang } = useI18n();
  const s = f.schema;
  const valueLabel = (v: unknown) => pick(opts.valueLabels?.[String(v)], lang, String(v));
  const enumOptions = (values: unknown[] | undefined) => (values ?? []).map((v) => ({ value: v as string, label: valueLabel(v) }));
  if (opts.pickers?.[f.name]) return <RemotePicker {...control} picker={opts.pickers[f.name]!} path={path} />;
  switch (f.kind) {
    case 'enum':
      return <Select {...control} allowClear options={enumOptions(s.enum)} />;
    case 'boolean':
      return <Switch {...control} />;
    case 'number':
      return <InputNumber {...control} min={s.minimum} max={s.maximum} style={{ width: 200 }} />;
    case 'choices':
      return <Select {...control} mode="multiple" options={enumOptions(itemSchema(s).enum)} />;
    case 'tags':
      return <Select {...control} mode="tags" />;
    case 'date':
    case 'datetime':
      return <DatePicker {...control} showTime={f.kind === 'datetime'} />;
    case 'unit':
      return <UnitPicker {...control} />;
    case 'longtext':
      return <Input.TextArea {...control} rows={4} showCount maxLength={s.maxLength} />;
    default:
      return <Input {...control} maxLength={s.maxLength} />;
  }
}

/** The fields of one (nested) schema; `path` is where they sit in the form, `parentRequired` whether their group must be filled. */
export function SchemaFields({ schema, path = [], parentRequired = true, opts }: { schema: JsonSchema | null; path?: Path; parentRequired?: boolean; opts: FormOptions }) {
  const { t, lang } = useI18n();
  return (
    <>
      {fieldsOf(schema).map((f) => {
        const s = f.schema;
        const label = opts.labels?.[f.name] ?? s.title ?? (s.description && s.description.length <= 40 ? s.description : humanise(f.name));
        // the server's help texts are mostly English: shown to a Chinese reader only where they say something in Chinese
        const extra = s.description && s.description !== label && (lang === 'en' || CJK.test(s.description)) ? s.description : undefined;
        const required = f.required && parentRequired;
        const name = [...path, f.name];
        if (f.kind === 'object')
          return (
            <Card key={f.name} size="small" title={label} style={{ marginBottom: 16 }} data-testid={`group-${f.name}`}>
              {extra && <div className="ms-muted" style={{ marginBottom: 8 }}>{extra}</div>}
              <SchemaFields schema={s} path={name} parentRequired={required} opts={opts} />
            </Card>
          );
        if (f.kind === 'list') return <ListField key={f.name} f={f} name={name} label={label} extra={extra} opts={opts} />;
        const rules: Rule[] = [
          ...(required ? [{ required: true }] : []),
          ...(f.kind === 'text' || f.kind === 'longtext' ? [...(s.minLength ? [{ min: s.minLength }] : []), ...(s.maxLength ? [{ max: s.maxLength }] : [])] : []),
        ];
        const initial = f.kind === 'boolean' ? { valuePropName: 'checked', initialValue: s.default ?? false } : s.default !== undefined ? { initialValue: s.default } : {};
        return (
          <Form.Item key={f.name} name={name} label={label} extra={extra} rules={rules} {...initial}>
            <FieldControl f={f} path={name} opts={opts} />
          </Form.Item>
        );
      })}
      {fieldsOf(schema).length === 0 && path.length === 0 && <div className="ms-muted" style={{ marginBottom: 12 }}>{t('regNoInput')}</div>}
    </>
  );
}

/** A list of groups (e.g. the parties: at least an applicant and a respondent), as many as the schema asks at first. */
function ListField({ f, name, label, extra, opts }: { f: Field; name: Path; label: string; extra?: string; opts: FormOptions }) {
  const { t } = useI18n();
  const min = (f.schema as { minItems?: number }).minItems ?? (f.required ? 1 : 0);
  return (
    <Form.List name={name} initialValue={Array.from({ length: min }, () => ({}))}>
      {(items, { add, remove }) => (
        <Form.Item label={label} extra={extra} required={f.required}>
          {items.map((it, i) => (
            <Card
              key={it.key}
              size="small"
              title={`${label} ${i + 1}`}
              style={{ marginBottom: 12 }}
              data-testid={`list-${f.name}-${i}`}
              extra={items.length > min && <Button type="text" size="small" icon={<DeleteOutlined />} aria-label={t('regRemoveItem')} onClick={() => remove(it.name)} />}
            >
              <SchemaFields schema={itemSchema(f.schema)} path={[it.name]} opts={opts} />
            </Card>
          ))}
          <Button icon={<PlusOutlined />} onClick={() => add({})} data-testid={`list-${f.name}-add`}>
            {t('regAddItem', { what: label })}
          </Button>
        </Form.Item>
      )}
    </Form.List>
  );
}

/**
 * A drawer with a form generated from a JSON Schema (a register's create body or an action's input): on submit the
 * values are sent through `submit`; the server's field errors show at their fields, other errors above the form.
 */
export function SchemaFormDrawer({ title, schema, intro, submit, onClose, testId, opts }: {
  title: string;
  schema: JsonSchema | null;
  opts: FormOptions;
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
    <Drawer open width={600} title={title} onClose={onClose} destroyOnHidden>
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
          <SchemaFields schema={schema} opts={opts} />
          <Button type="primary" htmlType="submit" loading={busy} data-testid={testId}>
            {t('submit')}
          </Button>
        </Form>
      </div>
    </Drawer>
  );
}
