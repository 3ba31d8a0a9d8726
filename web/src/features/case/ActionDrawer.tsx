import { cloneElement, Fragment, useMemo, useState, type ReactElement } from 'react';
import { Alert, Button, Drawer, Form, Input, InputNumber, Radio, Select, Space, Switch, Typography } from 'antd';
import type { Rule } from 'antd/es/form';
import { useI18n } from '../../i18n/i18n';
import { applyServerErrors, clean, textRules } from '../../lib/forms';
import { useLabels } from '../../lib/meta';
import { get } from '../../lib/api';
import { fetchUnits } from '../../lib/refdata';
import { UnitPicker } from '../../components/UnitPicker';
import { useFetch } from '../../lib/useFetch';
import { performAction, type CaseView } from './api';
import { ACTION_SPECS, type FieldSpec } from './actionSpecs';
import { CasePicker } from './CasePicker';
import { DataList } from './DataList';
import type { ReplyTemplate } from '../admin/TemplatesPage';
import { RouteSuggestions } from './RouteSuggestions';

interface Props {
  action: string | null;
  c: CaseView;
  onClose(): void;
  onDone(view: CaseView, action: string): void;
}

/** A fresh form for every opening: its starting values are set at mount, never after the user typed. */
export function ActionDrawer(props: Props) {
  if (!props.action || !ACTION_SPECS[props.action]) return null;
  return <ActionForm key={props.action} {...props} action={props.action} />;
}

function ActionForm({ action, c, onClose, onDone }: Props & { action: string }) {
  const { t, tx, lang } = useI18n();
  const labels = useLabels(lang);
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const [alerts, setAlerts] = useState<string[]>([]);
  const spec = ACTION_SPECS[action]!;
  const initialValues = useMemo(() => {
    const init: Record<string, unknown> = {};
    for (const f of spec.fields) if (f.initial !== undefined) init[f.name] = f.initial;
    return { ...init, ...(spec.initial?.(c) ?? {}) };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  const values = (Form.useWatch([], form) ?? {}) as Record<string, unknown>;
  const needsUnits = !!spec.fields.some((f) => f.kind === 'unit' || f.kind === 'units');
  const units = useFetch(() => (needsUnits ? fetchUnits(lang) : Promise.resolve([])), [needsUnits, lang]);
  const unitName = (id: string) => units.data?.find((u) => u.id === id)?.name ?? c.units.find((u) => u.id === id)?.name ?? id;
  // draft_reply: reply templates (答复模板) for the case's category (and general ones), narrowed by the decision
  const decision = typeof values.decision === 'string' ? values.decision : undefined;
  const templates = useFetch(
    () =>
      action === 'draft_reply'
        ? get<{ items: ReplyTemplate[] }>('/api/templates', { categoryId: c.categoryId, decision }).then((r) => r.items)
        : Promise.resolve([] as ReplyTemplate[]),
    [action, c.categoryId, decision],
  );
  // route / reroute: the units computed for this case come first (RouteSuggestions)
  const suggests = action === 'route' || action === 'reroute';

  const transition = labels.transition(action);
  const pending = spec.decides ? [...c.requests].reverse().find((r) => r.type === spec.decides && r.status === 'pending') : undefined;
  const visible = (f: FieldSpec) => !f.visible || f.visible(values);
  const isRequired = (f: FieldSpec) => (typeof f.required === 'function' ? f.required(values, c) : !!f.required);

  const rulesFor = (f: FieldSpec): Rule[] => {
    const req = isRequired(f);
    const reqMsg = t(f.requiredMessage ?? 'required');
    if (f.kind === 'text' || f.kind === 'textarea') return textRules(t, { required: req, min: f.min, max: f.max }).map((r) => ('required' in r && r.required ? { ...r, message: reqMsg } : r));
    const rules: Rule[] = req ? [{ required: true, message: reqMsg }] : [];
    if (f.kind === 'number') {
      rules.push({ type: 'integer', message: `${t(f.label)}: 1, 2, 3…` });
      if (f.min !== undefined || f.max !== undefined) rules.push({ type: 'number', min: f.min, max: f.max, message: `${f.min ?? ''}–${f.max ?? ''}` });
    }
    return rules;
  };

  const control = (f: FieldSpec) => {
    const opts = typeof f.options === 'function' ? f.options(c, values) : (f.options ?? []);
    const optionList = opts.map((o) => ({ value: o, label: tx(`${f.optionPrefix ?? ''}${o}`, o) }));
    switch (f.kind) {
      case 'text':
        return <Input maxLength={f.max} />;
      case 'textarea':
        return <Input.TextArea rows={f.rows ?? 3} maxLength={f.max} showCount={!!f.max && f.max <= 4000} />;
      case 'number':
        return <InputNumber min={f.min} max={f.max} precision={0} style={{ width: 160 }} />;
      case 'select':
        return <Select options={optionList} allowClear={!isRequired(f)} />;
      case 'radio':
        return <Radio.Group options={optionList} optionType="button" />;
      case 'switch':
        return <Switch />;
      case 'unit':
      case 'units':
        return (
          <UnitPicker units={units.data} multiple={f.kind === 'units'} location={c.location} filter={(u) => u.active !== false} />
        );
      case 'case':
        return <CasePicker excludeId={c.id} />;
    }
  };

  const submit = async () => {
    setAlerts([]);
    try {
      await form.validateFields();
    } catch {
      return;
    }
    const raw = form.getFieldsValue(true) as Record<string, unknown>;
    const input: Record<string, unknown> = {};
    for (const f of spec.fields) if (visible(f) && raw[f.name] !== undefined) input[f.name] = raw[f.name];
    setBusy(true);
    try {
      const view = await performAction(c.id, action, clean(input));
      onDone(view, action);
    } catch (e) {
      setAlerts(applyServerErrors(form, e, t('fixFields')));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Drawer
      open
      title={transition?.label[lang] ?? action}
      onClose={onClose}
      size="large"
      destroyOnHidden
      data-testid={`action-drawer-${action}`}
      footer={
        <Space style={{ display: 'flex', justifyContent: 'space-between' }} wrap>
          <Typography.Text type="secondary">{t('ctrlEnter')}</Typography.Text>
          <Space>
            <Button onClick={onClose}>{t('cancel')}</Button>
            <Button type="primary" danger={spec.danger} loading={busy} onClick={submit} data-testid="action-submit">
              {transition?.label[lang] ?? t('submit')}
            </Button>
          </Space>
        </Space>
      }
    >
      <div
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            void submit();
          }
        }}
      >
        {transition?.basis && (
          <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
            {lang === 'zh' ? '依据' : 'Basis'}：{transition.basis}
          </Typography.Paragraph>
        )}
        {pending && (
          <div style={{ marginBottom: 16 }}>
            <Typography.Title level={5}>{tx(`req_${pending.type}`)}</Typography.Title>
            <DataList data={pending.data} unitName={unitName} />
          </div>
        )}
        {alerts.length > 0 && (
          <Alert type="error" showIcon role="alert" style={{ marginBottom: 16 }} message={alerts[0]} description={alerts.length > 1 ? alerts.slice(1).join('；') : undefined} data-testid="action-error" />
        )}
        <Form form={form} layout="vertical" onFinish={submit} scrollToFirstError initialValues={initialValues}>
          {suggests && units.data && (
            <RouteSuggestions c={c} units={units.data} chosen={typeof values.leadUnitId === 'string' ? values.leadUnitId : undefined} onUse={(id) => form.setFieldsValue({ leadUnitId: id })} />
          )}
          {spec.fields.filter(visible).map((f, i) => (
            <Fragment key={f.name}>
              {action === 'draft_reply' && f.name === 'text' && (
                <Form.Item label={t('useTemplate')}>
                  <Select
                    data-testid="template-select"
                    allowClear
                    showSearch
                    optionFilterProp="label"
                    loading={templates.loading}
                    placeholder={t('useTemplatePh')}
                    options={(templates.data ?? []).map((x) => ({ value: x.id, label: x.title, body: x.body }))}
                    // the body travels with the option: a list re-fetched meanwhile (the decision changed) cannot lose it
                    onChange={(_id: string | undefined, option?: { body?: string } | { body?: string }[]) => {
                      const body = Array.isArray(option) ? undefined : option?.body;
                      if (body) form.setFieldsValue({ text: body });
                    }}
                  />
                </Form.Item>
              )}
              <Form.Item
                name={f.name}
                label={t(f.label)}
                required={isRequired(f)}
                rules={rulesFor(f)}
                valuePropName={f.kind === 'switch' ? 'checked' : 'value'}
                validateFirst
              >
                {i === 0 && f.kind !== 'radio' && f.kind !== 'switch' ? withAutoFocus(control(f)) : control(f)}
              </Form.Item>
            </Fragment>
          ))}
          {spec.fields.length === 0 && <Typography.Paragraph>{t('confirm')}?</Typography.Paragraph>}
        </Form>
      </div>
    </Drawer>
  );
}

function withAutoFocus(el: ReactElement) {
  return cloneElement(el as ReactElement<{ autoFocus?: boolean }>, { autoFocus: true });
}
