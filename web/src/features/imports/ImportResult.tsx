/** Step 3: the job's progress while it runs, then the counts, the reasons rows did not land and the error file. */
import { Alert, Button, Descriptions, Progress, Space, Table, Tag } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useI18n } from '../../i18n/i18n';
import { errorFileUrl, isRunning, type ImportState } from './api';
import { text } from './texts';

const COUNT_KEYS = ['total', 'created', 'already', 'invalid', 'skipped', 'routed'] as const;

export function ImportResult({ state, onAgain }: { state: ImportState; onAgain: () => void }) {
  const { lang } = useI18n();
  const tr = text(lang);
  const running = isRunning(state.status);
  const color = state.status === 'done' ? 'green' : state.status === 'rejected' || state.status === 'failed' ? 'red' : 'blue';
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="import-result">
      <Space>
        <Tag color={color} data-testid="import-status">
          {tr(`status_${state.status}`)}
        </Tag>
        {state.filename}
      </Space>
      <Progress percent={state.progress} status={running ? 'active' : state.status === 'done' ? 'success' : 'exception'} data-testid="import-progress" />
      {state.error && <Alert type="error" showIcon message={state.error} />}
      <Descriptions size="small" bordered column={{ xs: 2, sm: 3, md: 6 }}>
        {COUNT_KEYS.map((k) => (
          <Descriptions.Item key={k} label={tr(k)}>
            <span data-testid={`import-count-${k}`}>{state.counts[k] ?? 0}</span>
          </Descriptions.Item>
        ))}
      </Descriptions>
      {!running && state.reasons.length > 0 && (
        <Table
          size="small"
          title={() => tr('why')}
          pagination={false}
          rowKey={(r) => `${r.outcome}|${r.reason}`}
          dataSource={state.reasons}
          columns={[
            { title: tr('rows'), dataIndex: 'rows', width: 90 },
            { title: '', dataIndex: 'outcome', width: 120, render: (o: string) => tr(o) },
            { title: tr('why'), dataIndex: 'reason' },
          ]}
        />
      )}
      {!running && (
        <Space wrap>
          <Button icon={<DownloadOutlined />} href={errorFileUrl(state.id, 'csv')} data-testid="import-errors-csv">
            {tr('errorsCsv')}
          </Button>
          <Button icon={<DownloadOutlined />} href={errorFileUrl(state.id, 'xlsx')}>
            {tr('errorsXlsx')}
          </Button>
          <Button onClick={onAgain}>{tr('again')}</Button>
        </Space>
      )}
    </Space>
  );
}
