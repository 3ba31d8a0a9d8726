/**
 * Statutory documents on the case page (docs/documents.md): every version with its 文号, downloads as .docx and PDF
 * (the server audits each), and issuing one of the kinds the case has reached; the others show why not yet.
 */
import { useState } from 'react';
import { FilePdfOutlined, FileWordOutlined } from '@ant-design/icons';
import { Alert, App, Button, Dropdown, List, Space, Tag, Tooltip, Typography } from 'antd';
import { useI18n } from '../../i18n/i18n';
import { fmtTime } from '../../lib/time';
import { useFetch } from '../../lib/useFetch';
import { caseDocuments, documentUrl, generateDocument, type DocumentSummary } from '../reception/api';

/** One document's line: label, 文号, version, issuer and time; the download links come from the caller. */
export function DocumentLine({ d, links }: { d: DocumentSummary; links: React.ReactNode }) {
  const { t } = useI18n();
  return (
    <List.Item style={{ display: 'block' }} data-testid="document-item">
      <Space wrap size={4}>
        <Typography.Text strong>{d.label}</Typography.Text>
        <Typography.Text>{d.docNo}</Typography.Text>
        {d.version > 1 && <Tag>{t('docVersion', { n: d.version })}</Tag>}
        {d.personal && <Tag color="blue">{t('docPersonal')}</Tag>}
      </Space>
      <div>
        <Typography.Text type="secondary">
          {d.officeName} · {fmtTime(d.generatedAt)}
        </Typography.Text>
      </div>
      <Space wrap style={{ marginTop: 4 }}>
        {links}
      </Space>
    </List.Item>
  );
}

export function DocumentsCard({ caseId, onChanged }: { caseId: string; onChanged(): void }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const docs = useFetch(() => caseDocuments(caseId), [caseId, lang]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const generate = async (kind: string) => {
    setBusy(true);
    setError(null);
    try {
      const d = await generateDocument(caseId, kind);
      message.success(t('docGenerated', { no: d.docNo }));
      void docs.reload();
      onChanged();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const kinds = docs.data?.kinds ?? [];
  return (
    <div data-testid="case-documents">
      {docs.data?.mayGenerate && kinds.length > 0 && (
        <Dropdown
          trigger={['click']}
          menu={{
            onClick: ({ key }) => void generate(String(key)),
            items: kinds.map((k) => ({
              key: k.kind,
              disabled: !k.applicable,
              label: k.applicable ? (
                <span data-kind={k.kind}>
                  {k.label} <Typography.Text type="secondary">（{k.basis}）</Typography.Text>
                </span>
              ) : (
                <Tooltip title={k.reason} placement="left">
                  <span data-kind={k.kind}>
                    {k.label} · {t('docNotApplicable')}
                  </span>
                </Tooltip>
              ),
            })),
          }}
        >
          <Button loading={busy} style={{ marginBottom: 8 }} data-testid="document-generate">
            {t('docGenerate')}
          </Button>
        </Dropdown>
      )}
      {(error ?? docs.error?.message) && <Alert type="error" showIcon message={error ?? docs.error?.message} style={{ marginBottom: 8 }} />}
      <List<DocumentSummary>
        size="small"
        loading={docs.loading && !docs.data}
        dataSource={[...(docs.data?.items ?? [])].reverse()}
        locale={{ emptyText: t('docNone') }}
        renderItem={(d) => (
          <DocumentLine
            d={d}
            links={
              <>
                <a href={documentUrl(caseId, d.id, 'docx')} download data-testid="document-docx">
                  <FileWordOutlined /> .docx
                </a>
                <a href={documentUrl(caseId, d.id, 'pdf')} download data-testid="document-pdf">
                  <FilePdfOutlined /> PDF
                </a>
              </>
            }
          />
        )}
      />
    </div>
  );
}
