import { useState, type RefObject } from 'react';
import { PaperClipOutlined } from '@ant-design/icons';
import { Button, Space, Typography } from 'antd';
import { useI18n } from '../i18n/i18n';

/**
 * A file input in the UI's language: the browser draws its own "Choose files / No file chosen" in the browser's
 * language, so the native input is kept (forms read `inputRef.current.files`, tests set files on it by its label)
 * but drawn visually hidden, and our button and the chosen names stand in its place.
 */
export function FilePicker({ inputRef, accept, label, multiple = true }: { inputRef: RefObject<HTMLInputElement | null>; accept?: string; label: string; multiple?: boolean }) {
  const { t, lang } = useI18n();
  const [names, setNames] = useState<string[]>([]);
  return (
    <>
      {/* outside the Space, so the hidden input takes no slot (and no gap) in the row */}
      <input
        ref={inputRef}
        type="file"
        multiple={multiple}
        accept={accept}
        aria-label={label}
        className="ms-visually-hidden"
        tabIndex={-1}
        onChange={(e) => setNames([...(e.target.files ?? [])].map((f) => f.name))}
      />
      <Space wrap size={8} style={{ maxWidth: '100%' }}>
        <Button icon={<PaperClipOutlined />} onClick={() => inputRef.current?.click()} data-testid="file-pick">
          {t('filePick')}
        </Button>
        <Typography.Text type="secondary" className="ms-pre" data-testid="file-picked">
          {names.length ? t('filePicked', { n: names.length, names: names.join(lang === 'zh' ? '、' : ', ') }) : t('fileNone')}
        </Typography.Text>
      </Space>
    </>
  );
}
