import { useRef, useState } from 'react';
import { UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Empty, Image, Row, Space, Typography } from 'antd';
import { useSession } from '../auth/session';
import { useI18n } from '../../i18n/i18n';
import { pick, type Label } from '../../lib/meta';
import { fmtTime } from '../../lib/time';
import { uploadPhotos, type RecordView } from './api';
import type { PhotosConfig } from './config';

interface Photo {
  id: string;
  stage: string;
  round: number;
  filename: string;
  createdAt: string;
}

/**
 * Photos of a record by stage, side by side (整改前后对比: as found, after rectification), each opening full size.
 * Upload buttons show for the stages this user may add now (status and role; the server checks the place again and
 * may refuse, which is shown); a stage that unlocks an action (a rectified photo before reporting the work done)
 * says so while that action is not yet allowed.
 */
export function PhotosCard({ base, record, config, title, valueLabels, actionLabel, onUploaded }: {
  base: string;
  record: RecordView;
  config: PhotosConfig;
  title: string;
  valueLabels?: Record<string, Label>;
  actionLabel(a: string): string;
  onUploaded(): void;
}) {
  const { t, lang } = useI18n();
  const { hasRole } = useSession();
  const { message } = App.useApp();
  const input = useRef<HTMLInputElement>(null);
  const chosen = useRef<string | null>(null);
  const [stage, setStage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const photos = (record[config.field] as Photo[] | undefined) ?? [];
  const stageLabel = (s: string) => pick(valueLabels?.[s], lang, s);
  const mayUpload = config.stages.filter((s) => s.statuses.includes(record.status) && hasRole(...s.roles));
  const blocked = mayUpload.filter((s) => s.unlocks && !(record.allowedActions ?? []).includes(s.unlocks));
  const onFiles = (files: FileList | null) => {
    const s = chosen.current;
    if (!files?.length || !s) return;
    setStage(s);
    setError(null);
    uploadPhotos(base, record.id, s, [...files])
      .then((r) => {
        message.success(t('uploaded', { n: r.items.length }));
        onUploaded();
      })
      .catch((e: Error) => setError(e.message))
      .finally(() => {
        setStage(null);
        if (input.current) input.current.value = '';
      });
  };
  const pickFiles = (s: string) => {
    chosen.current = s;
    input.current?.click();
  };
  return (
    <Card title={title} size="small" data-testid="record-photos">
      <input ref={input} type="file" multiple accept="image/jpeg,image/png,image/webp" hidden onChange={(e) => onFiles(e.target.files)} aria-hidden tabIndex={-1} data-testid="photo-input" />
      {mayUpload.length > 0 && (
        <Space wrap style={{ marginBottom: 8 }}>
          {mayUpload.map((s) => (
            <Button key={s.stage} icon={<UploadOutlined />} loading={stage === s.stage} onClick={() => pickFiles(s.stage)} data-testid={`photo-upload-${s.stage}`}>
              {t('regUploadStage', { stage: stageLabel(s.stage) })}
            </Button>
          ))}
        </Space>
      )}
      {blocked.map((s) => (
        <Alert key={s.stage} type="info" showIcon style={{ marginBottom: 8 }} message={t('regPhotoFirst', { stage: stageLabel(s.stage), action: actionLabel(s.unlocks!) })} />
      ))}
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 8 }} role="alert" />}
      <Image.PreviewGroup>
        <Row gutter={16}>
          {config.stages.map((s) => {
            const mine = photos.filter((p) => p.stage === s.stage);
            return (
              <Col key={s.stage} xs={24} md={12}>
                <Typography.Title level={5} style={{ marginTop: 0 }}>
                  {stageLabel(s.stage)}
                </Typography.Title>
                {mine.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('regNoPhotos')} />}
                <Space wrap align="start">
                  {mine.map((p) => (
                    <figure key={p.id} style={{ margin: 0, width: 168 }} data-testid="photo">
                      <Image src={`${base}/${record.id}/photos/${p.id}`} alt={p.filename} width={168} height={120} style={{ objectFit: 'cover' }} />
                      <figcaption className="ms-muted" style={{ fontSize: 12 }}>
                        {p.filename} · {fmtTime(p.createdAt)}
                        {p.round > 0 && ` · ${t('regPhotoRound', { n: p.round + 1 })}`}
                      </figcaption>
                    </figure>
                  ))}
                </Space>
              </Col>
            );
          })}
        </Row>
      </Image.PreviewGroup>
    </Card>
  );
}
