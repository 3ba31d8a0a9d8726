/** Step 2: one select per column of the file (which field it feeds), the options, and the first rows. */
import { useMemo, useState } from 'react';
import { Button, Card, Checkbox, Form, Input, InputNumber, Radio, Select, Space, Switch, Table, Typography } from 'antd';
import { useI18n } from '../../i18n/i18n';
import type { ImportOptions, Mapping, Uploaded } from './api';
import { text } from './texts';

/** fields that may take several columns (joined); the others take one */
const MULTI = new Set(['title', 'content', 'location', 'result']);

/** the server's mapping (field → column or columns) as one field per column, for the selects */
function byColumn(m: Mapping): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [target, cols] of Object.entries(m)) for (const c of Array.isArray(cols) ? cols : [cols]) out[c] ??= target;
  return out;
}

function toMapping(cols: Record<string, string>, headers: string[]): Mapping {
  const m: Record<string, string[]> = {};
  for (const h of headers) if (cols[h]) (m[cols[h]!] ??= []).push(h);
  return Object.fromEntries(Object.entries(m).map(([t, hs]) => [t, MULTI.has(t) ? hs : hs[0]!]));
}

export function MappingStep({ up, busy, onStart }: { up: Uploaded; busy: boolean; onStart: (m: Mapping, o: ImportOptions) => void }) {
  const { lang } = useI18n();
  const tr = text(lang);
  const [cols, setCols] = useState(() => byColumn(up.suggested.mapping));
  const [opts, setOpts] = useState<ImportOptions>({
    source: up.suggested.options.source,
    mode: 'valid_rows',
    dryRun: false,
    utcOffset: up.suggested.options.source.startsWith('nyc') ? '-05:00' : '+08:00',
    route: true,
    closedRows: 'register',
  });
  const set = (p: Partial<ImportOptions>) => setOpts((o) => ({ ...o, ...p }));
  const choose = (header: string, target: string | undefined) =>
    setCols((c) => {
      const next = { ...c };
      // a single-column field moves to the newly chosen column
      if (target && !MULTI.has(target)) for (const [h, t] of Object.entries(next)) if (t === target) delete next[h];
      if (target) next[header] = target;
      else delete next[header];
      return next;
    });
  const targetOptions = useMemo(() => up.targets.map((t) => ({ value: t, label: tr(`t_${t}`) })), [up.targets, tr]);
  const columns = up.headers.map((h, i) => ({ key: h, header: h, sample: up.preview.slice(0, 3).map((r) => r[i]).filter(Boolean).join(' · ') }));

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Text type="secondary">
        {tr('file')}: {up.filename} · {up.format}
        {up.encoding ? ` · ${tr('encoding')} ${up.encoding}` : ''} · {up.totalRows} {tr('rows')}
      </Typography.Text>
      <Table
        size="small"
        rowKey="key"
        pagination={false}
        dataSource={columns}
        scroll={{ y: 360 }}
        data-testid="import-mapping"
        columns={[
          { title: tr('column'), dataIndex: 'header', width: 220 },
          {
            title: tr('target'),
            width: 200,
            render: (_: unknown, r: { header: string }) => (
              <Select
                allowClear
                size="small"
                style={{ width: 180 }}
                placeholder={tr('none')}
                value={cols[r.header]}
                options={targetOptions}
                onChange={(v) => choose(r.header, v)}
                aria-label={`${tr('target')}: ${r.header}`}
              />
            ),
          },
          { title: tr('sample'), dataIndex: 'sample', ellipsis: true },
        ]}
      />
      <Card size="small">
        <Form layout="vertical">
          <Space wrap size="large" align="start">
            <Form.Item label={tr('source')}>
              <Input value={opts.source} onChange={(e) => set({ source: e.target.value })} style={{ width: 180 }} />
            </Form.Item>
            <Form.Item label={tr('mode')}>
              <Radio.Group value={opts.mode} onChange={(e) => set({ mode: e.target.value })}>
                <Space direction="vertical">
                  <Radio value="valid_rows">{tr('validRows')}</Radio>
                  <Radio value="all_or_nothing">{tr('allOrNothing')}</Radio>
                </Space>
              </Radio.Group>
            </Form.Item>
            <Form.Item label={tr('closedRows')}>
              <Radio.Group value={opts.closedRows} onChange={(e) => set({ closedRows: e.target.value })}>
                <Space direction="vertical">
                  <Radio value="register">{tr('closedRegister')}</Radio>
                  <Radio value="skip">{tr('closedSkip')}</Radio>
                </Space>
              </Radio.Group>
            </Form.Item>
            <Form.Item label={tr('utcOffset')}>
              <Input value={opts.utcOffset} onChange={(e) => set({ utcOffset: e.target.value })} style={{ width: 100 }} />
            </Form.Item>
            <Form.Item label={tr('maxRows')}>
              <InputNumber min={1} value={opts.maxRows} onChange={(v) => set({ maxRows: v ?? undefined })} style={{ width: 120 }} />
            </Form.Item>
            <Form.Item label={tr('route')}>
              <Switch checked={opts.route} onChange={(v) => set({ route: v })} />
            </Form.Item>
            <Form.Item label=" ">
              <Checkbox checked={opts.dryRun} onChange={(e) => set({ dryRun: e.target.checked })}>
                {tr('dryRun')}
              </Checkbox>
            </Form.Item>
          </Space>
        </Form>
        <Button type="primary" loading={busy} onClick={() => onStart(toMapping(cols, up.headers), opts)} data-testid="import-start">
          {tr('start')}
        </Button>
      </Card>
      <Card size="small" title={tr('preview')}>
        <Table
          size="small"
          pagination={false}
          scroll={{ x: 'max-content' }}
          rowKey={(_, i) => String(i)}
          dataSource={up.preview.map((r) => Object.fromEntries(up.headers.map((h, i) => [h, r[i] ?? ''])))}
          columns={up.headers.map((h) => ({ title: h, dataIndex: h, ellipsis: true, width: 160 }))}
        />
      </Card>
    </Space>
  );
}
