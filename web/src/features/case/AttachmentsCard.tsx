import { useRef, useState } from 'react';
import { PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, List, Typography } from 'antd';
import { useI18n } from '../../i18n/i18n';
import { fmtTime } from '../../lib/time';
import { attachmentUrl, uploadAttachments, type Attachment } from './api';

const size = (n: number) => (n > 1_048_576 ? `${(n / 1_048_576).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`);
export const ACCEPT = '.jpg,.jpeg,.png,.webp,.pdf,.mp3,.wav,.m4a,.amr,.txt,.docx';

export function AttachmentsCard({ caseId, items, onUploaded }: { caseId: string; items: Attachment[]; onUploaded(): void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const onFiles = async (files: FileList | null) => {
    if (!files?.length) return;
    setBusy(true);
    setError(null);
    try {
      const r = await uploadAttachments(caseId, [...files]);
      message.success(t('uploaded', { n: r.items.length }));
      onUploaded();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
      if (input.current) input.current.value = '';
    }
  };
  return (
    <div>
      <input ref={input} type="file" multiple accept={ACCEPT} hidden onChange={(e) => void onFiles(e.target.files)} aria-hidden tabIndex={-1} />
      <Button icon={<UploadOutlined />} loading={busy} onClick={() => input.current?.click()} style={{ marginBottom: 8 }}>
        {t('uploadFiles')}
      </Button>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 8 }} />}
      <List
        size="small"
        dataSource={items}
        locale={{ emptyText: t('noAttachments') }}
        renderItem={(a) => (
          <List.Item>
            <a href={attachmentUrl(caseId, a.id)} download={a.filename}>
              <PaperClipOutlined /> {a.filename}
            </a>
            <Typography.Text type="secondary">
              {size(a.size)} · {fmtTime(a.createdAt)}
            </Typography.Text>
          </List.Item>
        )}
      />
    </div>
  );
}
