import { useRef, useState } from 'react';
import { UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, List, Space, Tag, Typography } from 'antd';
import { useI18n } from '../../i18n/i18n';
import { ApiError, get, put } from '../../lib/api';
import { invalidate, type ClockRules } from '../../lib/refdata';
import { useFetch } from '../../lib/useFetch';

/** Loads a year of holidays and adjusted working days (holiday-cn JSON) through PUT /api/admin/holiday-years/:year. */
export function HolidaysPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const info = useFetch(() => get<ClockRules>('/api/admin/clock-rules'), []);
  const input = useRef<HTMLInputElement>(null);
  const [errors, setErrors] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);

  const onFile = async (file: File | undefined) => {
    if (!file) return;
    setErrors([]);
    let data: { year?: unknown };
    try {
      data = JSON.parse(await file.text()) as { year?: unknown };
    } catch {
      setErrors([t('badJson')]);
      return;
    }
    const year = Number(data.year);
    if (!Number.isInteger(year)) {
      setErrors(['year: 2000–2100']);
      return;
    }
    setBusy(true);
    try {
      await put(`/api/admin/holiday-years/${year}`, data);
      invalidate('clock-rules');
      message.success(t('holidayLoaded', { year }));
      await info.reload();
    } catch (e) {
      setErrors(e instanceof ApiError ? [e.message, ...e.issues.map((i) => `${i.field}: ${i.message}`)] : [String(e)]);
    } finally {
      setBusy(false);
      if (input.current) input.current.value = '';
    }
  };

  return (
    <Card title={t('navHolidays')} size="small">
      <Typography.Paragraph>{t('holidayYears')}：</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 16 }}>
        {info.data?.holidayYears.map((y) => (
          <Tag key={y} color="blue">
            {y}
          </Tag>
        ))}
      </Space>
      <div>
        <input ref={input} type="file" accept="application/json,.json" hidden onChange={(e) => void onFile(e.target.files?.[0])} />
        <Button type="primary" icon={<UploadOutlined />} loading={busy} onClick={() => input.current?.click()}>
          {t('uploadHolidays')}
        </Button>
      </div>
      <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
        <code>{t('holidayFormat')}</code>
      </Typography.Paragraph>
      {errors.length > 0 && (
        <Alert
          type="error"
          showIcon
          role="alert"
          message={errors[0]}
          description={errors.length > 1 ? <List size="small" dataSource={errors.slice(1, 30)} renderItem={(e) => <List.Item>{e}</List.Item>} /> : undefined}
        />
      )}
    </Card>
  );
}
