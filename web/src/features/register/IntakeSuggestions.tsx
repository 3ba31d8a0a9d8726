import { useEffect, useState } from 'react';
import { Button, Card, Empty, List, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { post } from '../../lib/api';
import { useI18n } from '../../i18n/i18n';

interface Suggestion {
  id: string;
  name: string;
  score: number;
  words: string[];
}
interface Duplicate {
  id: string;
  regNo: string;
  title: string;
  statusLabel?: string;
  status: string;
  similarity: number;
  samePlace: boolean | null;
}
export interface RuleSuggestion {
  ruleId: string;
  name: string;
  unitId: string;
  unitName: string;
  reason: string;
}
interface Suggest {
  rules?: RuleSuggestion[];
  category: Suggestion[];
  unit: Suggestion[];
  duplicates: Duplicate[];
  modelVersions: { category?: number; unit?: number };
}

/**
 * As the operator types: the office's classifiers' top-3 categories and units with the words that drove them, and
 * earlier cases that are probably the same matter (POST /api/intake/suggest). Debounced; the operator decides.
 */
export function IntakeSuggestions({
  title,
  content,
  location,
  categoryId,
  onUseCategory,
}: {
  title?: string;
  content?: string;
  location?: string;
  categoryId?: string;
  onUseCategory(id: string): void;
}) {
  const { t } = useI18n();
  const [data, setData] = useState<Suggest | null>(null);
  useEffect(() => {
    if (!content || content.trim().length < 5) {
      setData(null);
      return;
    }
    let live = true;
    const timer = setTimeout(() => {
      post<Suggest>('/api/intake/suggest', { title: title ?? '', content, location: location || undefined, categoryId: categoryId || undefined }).then(
        (r) => live && setData(r),
        () => live && setData(null),
      );
    }, 600);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [title, content, location, categoryId]);

  if (!data) return null;
  const pct = (x: number) => `${Math.round(x * 100)}%`;
  const block = (label: string, items: Suggestion[], use?: (id: string) => void) => (
    <div style={{ flex: 1, minWidth: 240 }}>
      <Typography.Text strong>{label}</Typography.Text>
      {items.length === 0 ? (
        <div>
          <Typography.Text type="secondary">{t('suggestNoModel')}</Typography.Text>
        </div>
      ) : (
        <List
          size="small"
          dataSource={items}
          renderItem={(s) => (
            <List.Item actions={use ? [<Button key="use" size="small" onClick={() => use(s.id)} aria-label={`${t('suggestUse')} ${s.name}`}>{t('suggestUse')}</Button>] : []}>
              <Space direction="vertical" size={0}>
                <span>
                  {s.name} <Tag>{pct(s.score)}</Tag>
                </span>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('suggestBecause')}：{s.words.join('、') || '—'}
                </Typography.Text>
              </Space>
            </List.Item>
          )}
        />
      )}
    </div>
  );
  return (
    <Card size="small" title={t('suggestTitle')} style={{ marginBottom: 16 }} data-testid="intake-suggestions">
      {data.rules && data.rules.length > 0 && (
        <div style={{ marginBottom: 12 }} data-testid="rule-suggestions">
          <Typography.Text strong>{t('ruleSuggestions')}</Typography.Text>
          <List
            size="small"
            dataSource={data.rules}
            renderItem={(r) => (
              <List.Item>
                <Space direction="vertical" size={0}>
                  <span>
                    {r.unitName} <Tag color="green">{r.name}</Tag>
                  </span>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {r.reason}
                  </Typography.Text>
                </Space>
              </List.Item>
            )}
          />
        </div>
      )}
      <div style={{ display: 'flex', gap: 16, flexWrap: 'wrap' }}>
        {block(t('suggestCategory'), data.category, onUseCategory)}
        {block(t('suggestUnit'), data.unit)}
        <div style={{ flex: 1, minWidth: 240 }}>
          <Typography.Text strong>{t('possibleDuplicates')}</Typography.Text>
          {data.duplicates.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('noDuplicates')} />
          ) : (
            <List
              size="small"
              dataSource={data.duplicates}
              renderItem={(d) => (
                <List.Item>
                  <Space direction="vertical" size={0}>
                    <Link to={`/cases/${d.id}`} target="_blank">
                      {d.regNo}
                    </Link>
                    <span>{d.title}</span>
                    <span>
                      <Tag>
                        {t('similarity')} {pct(d.similarity)}
                      </Tag>
                      {d.samePlace ? <Tag color="blue">{t('samePlaceHint')}</Tag> : null}
                    </span>
                  </Space>
                </List.Item>
              )}
            />
          )}
        </div>
      </div>
    </Card>
  );
}
