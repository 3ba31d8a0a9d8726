/** The documents addressed to the citizen (受理告知书, 处理意见书 …) on the portal lookup, downloadable as .docx and PDF. */
import { useState } from 'react';
import { FilePdfOutlined, FileWordOutlined } from '@ant-design/icons';
import { Alert, Button, List } from 'antd';
import { useI18n } from '../../i18n/i18n';
import { useFetch } from '../../lib/useFetch';
import { DocumentLine } from '../case/DocumentsCard';
import { citizenDocuments, downloadCitizenDocument, type DocumentSummary } from '../reception/api';
import type { Credentials } from './api';

export function CitizenDocuments({ creds }: { creds: Credentials }) {
  const { t, lang } = useI18n();
  const docs = useFetch(() => citizenDocuments(creds), [creds.code, creds.secret, lang]);
  const [error, setError] = useState<string | null>(null);
  const download = async (d: DocumentSummary, format: 'docx' | 'pdf') => {
    setError(null);
    try {
      await downloadCitizenDocument(creds, d, format);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <div data-testid="citizen-documents">
      {(error ?? docs.error?.message) && <Alert type="error" showIcon message={error ?? docs.error?.message} style={{ marginBottom: 8 }} />}
      <List<DocumentSummary>
        size="small"
        loading={docs.loading && !docs.data}
        dataSource={[...(docs.data?.items ?? [])].reverse()}
        locale={{ emptyText: t('myDocumentsNone') }}
        renderItem={(d) => (
          <DocumentLine
            d={d}
            links={
              <>
                <Button icon={<FileWordOutlined />} onClick={() => void download(d, 'docx')} data-testid="citizen-document-docx">
                  .docx
                </Button>
                <Button icon={<FilePdfOutlined />} onClick={() => void download(d, 'pdf')} data-testid="citizen-document-pdf">
                  PDF
                </Button>
              </>
            }
          />
        )}
      />
    </div>
  );
}
