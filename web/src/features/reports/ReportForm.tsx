/** What report to make: kind, unit (within the user's scope), period (default the last whole one), topic, version. */
import { useMemo, useState } from 'react';
import { FileAddOutlined } from '@ant-design/icons';
import { Alert, Button, DatePicker, Form, Radio, Select, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import { useI18n } from '../../i18n/i18n';
import { applyServerErrors } from '../../lib/forms';
import { useFetch } from '../../lib/useFetch';
import { fetchHotspots } from '../analytics/api';
import { UnitPicker, useUnits } from '../dashboard/filters';
import { REPORT_KINDS, requestReport, type ReportKind, type ReportRequest } from './api';
import { periodName, recentPeriods, type PeriodKind } from './periods';

interface Values {
  kind: ReportKind;
  unitId?: string;
  period?: string; // "from|to" or "custom"
  range?: [Dayjs, Dayjs];
  topicIndex?: number;
  public: boolean;
}

const CUSTOM = 'custom';
const RECENT: Record<PeriodKind, number> = { weekly: 12, monthly: 12, quarterly: 8 };

export function ReportForm({ onRequested }: { onRequested(id: string): void }) {
  const { t, tx, lang } = useI18n();
  const [form] = Form.useForm<Values>();
  const units = useUnits();
  const [alerts, setAlerts] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const kind = Form.useWatch('kind', form) ?? 'monthly';
  const period = Form.useWatch('period', form);
  const hotspots = useFetch(fetchHotspots, []);
  const topics = hotspots.data?.topics ?? [];
  const periods = useMemo(() => (kind === 'topic' ? [] : recentPeriods(kind, RECENT[kind])), [kind]);

  const submit = async (v: Values) => {
    setAlerts([]);
    const body: ReportRequest = { kind: v.kind, unitId: v.unitId, public: v.public };
    if (v.kind === 'topic') body.topicIndex = v.topicIndex;
    else if (v.period === CUSTOM && v.range) [body.from, body.to] = v.range.map((d) => d.format('YYYY-MM-DD'));
    else if (v.period) [body.from, body.to] = v.period.split('|');
    setBusy(true);
    try {
      const r = await requestReport(body);
      onRequested(r.id);
    } catch (e) {
      setAlerts(applyServerErrors(form, e, t('rpRequestFailed')));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Form<Values>
      form={form}
      layout="vertical"
      data-testid="report-form"
      initialValues={{ kind: 'monthly', public: false, period: periodKey(recentPeriods('monthly', 1)[0]!) }}
      onValuesChange={(changed: Partial<Values>) => {
        // a new kind starts from its last whole period again
        if (changed.kind && changed.kind !== 'topic') form.setFieldsValue({ period: periodKey(recentPeriods(changed.kind, 1)[0]!), range: undefined });
        if (changed.kind === 'topic' && form.getFieldValue('topicIndex') === undefined && topics[0]) form.setFieldsValue({ topicIndex: topics[0].index });
      }}
      onFinish={submit}
    >
      {alerts.length > 0 && <Alert type="error" showIcon style={{ marginBottom: 12 }} message={alerts[0]} description={alerts.slice(1).join('；') || undefined} data-testid="report-error" />}
      <div className="ms-rp-form">
        <Form.Item name="kind" label={t('rpKind')}>
          <Radio.Group optionType="button" buttonStyle="solid" data-testid="report-kind" options={REPORT_KINDS.map((k) => ({ value: k, label: tx(`rp_kind_${k}`) }))} />
        </Form.Item>
        <Form.Item name="unitId" label={t('rpUnit')}>
          <UnitField units={units} />
        </Form.Item>
        {kind === 'topic' ? (
          <Form.Item name="topicIndex" label={t('rpTopic')} rules={[{ required: true, message: t('required') }]}>
            <Select
              data-testid="report-topic"
              style={{ width: 320 }}
              loading={hotspots.loading}
              notFoundContent={t('rpTopicNone')}
              options={topics.map((x) => ({ value: x.index, label: `${x.label}（${x.size}）` }))}
            />
          </Form.Item>
        ) : (
          <Space wrap align="start" size={8}>
            <Form.Item name="period" label={t('rpPeriod')}>
              <Select
                data-testid="report-period"
                style={{ width: 250 }}
                options={[
                  ...periods.map((p, i) => ({ value: periodKey(p), label: `${periodName(kind, p, lang)}${i === 0 ? ` ${t('rpLastWhole')}` : ''}` })),
                  { value: CUSTOM, label: t('rpCustom') },
                ]}
              />
            </Form.Item>
            {period === CUSTOM && (
              <Form.Item name="range" label={t('rpCustom')} rules={[{ required: true, message: t('required') }]}>
                <DatePicker.RangePicker allowClear={false} disabledDate={(d, info) => !!info?.from && Math.abs(d.diff(info.from, 'day')) > 365} />
              </Form.Item>
            )}
          </Space>
        )}
        <Form.Item name="public" label={t('rpVersion')} extra={<span className="ms-rp-help">{t('rpPublicHelp')}</span>}>
          <Radio.Group data-testid="report-version" options={[{ value: false, label: t('rpInternal') }, { value: true, label: t('rpPublic') }]} />
        </Form.Item>
      </div>
      <Button type="primary" htmlType="submit" icon={<FileAddOutlined />} loading={busy} data-testid="report-generate">
        {t('rpGenerate')}
      </Button>
    </Form>
  );
}

/** The dashboards' unit picker as a form field (the form passes value and onChange); empty = the top of the scope. */
function UnitField({ value, onChange, units }: { value?: string; onChange?(id: string | undefined): void; units: ReturnType<typeof useUnits> }) {
  return <UnitPicker value={value} onChange={(id) => onChange?.(id)} units={units} />;
}

const periodKey = (p: { from: string; to: string }) => `${p.from}|${p.to}`;
