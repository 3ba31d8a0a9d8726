/**
 * 批量导入: upload an xlsx or csv → map its columns (selects per column, preview) → run (a job) → progress →
 * counts, reasons and the error file. The server decides everything; this page only shows and asks.
 */
import { useEffect, useState } from 'react';
import { InboxOutlined } from '@ant-design/icons';
import { Alert, App, Card, Space, Steps, Typography, Upload } from 'antd';
import { useI18n } from '../../i18n/i18n';
import { ApiError } from '../../lib/api';
import { fetchImport, isRunning, startImport, uploadImport, type ImportOptions, type ImportState, type Mapping, type Uploaded } from './api';
import { ImportResult } from './ImportResult';
import { MappingStep } from './MappingStep';
import { text } from './texts';

export default function ImportsPage() {
  const { lang } = useI18n();
  const tr = text(lang);
  const { message } = App.useApp();
  const [up, setUp] = useState<Uploaded | null>(null);
  const [state, setState] = useState<ImportState | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  // poll the job while it runs: the progress shown is the one the job writes
  useEffect(() => {
    if (!state || !isRunning(state.status)) return;
    const timer = setTimeout(() => {
      fetchImport(state.id).then(setState, (e: unknown) => setError(String(e)));
    }, 1000);
    return () => clearTimeout(timer);
  }, [state]);

  const explain = (e: unknown) => (e instanceof ApiError ? [e.message, ...e.issues.map((i) => `${i.field}: ${i.message}`)].join(' — ') : String(e));

  const start = async (mapping: Mapping, options: ImportOptions) => {
    if (!up) return;
    setBusy(true);
    setError(null);
    try {
      await startImport(up.id, mapping, options);
      setState(await fetchImport(up.id));
    } catch (e) {
      setError(explain(e));
    } finally {
      setBusy(false);
    }
  };

  const step = state ? 2 : up ? 1 : 0;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="imports-page">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {tr('title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {tr('intro')}
      </Typography.Paragraph>
      <Steps size="small" current={step} items={[{ title: tr('step1') }, { title: tr('step2') }, { title: tr('step3') }]} />
      {error && <Alert type="error" showIcon message={error} closable onClose={() => setError(null)} />}
      <Card size="small">
        {step === 0 && (
          <Upload.Dragger
            accept=".xlsx,.csv"
            multiple={false}
            showUploadList={false}
            customRequest={async ({ file, onSuccess, onError }) => {
              setError(null);
              try {
                const r = await uploadImport(file as File);
                setUp(r);
                onSuccess?.(r);
              } catch (e) {
                setError(explain(e));
                message.error(explain(e));
                onError?.(e as Error);
              }
            }}
            data-testid="import-upload"
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p>{tr('drop')}</p>
            <p style={{ color: '#888' }}>xlsx · csv (UTF-8 / GBK)</p>
          </Upload.Dragger>
        )}
        {step === 1 && up && <MappingStep up={up} busy={busy} onStart={start} />}
        {step === 2 && state && (
          <ImportResult
            state={state}
            onAgain={() => {
              setUp(null);
              setState(null);
            }}
          />
        )}
      </Card>
    </Space>
  );
}
