import { Alert, Card, Table, Typography } from 'antd';
import { useI18n } from '../../i18n/i18n';
import { fetchCategories, type Category } from '../../lib/refdata';
import { useFetch } from '../../lib/useFetch';

export function CategoriesPage() {
  const { t, tx, lang } = useI18n();
  const cats = useFetch(() => fetchCategories(lang), [lang]);
  return (
    <Card title={t('navCategories')} size="small">
      <Typography.Paragraph type="secondary">{t('categoriesReadOnly')}</Typography.Paragraph>
      {cats.error && <Alert type="error" showIcon message={cats.error.message} />}
      <Table<Category>
        rowKey="id"
        size="small"
        loading={cats.loading}
        dataSource={cats.data ?? []}
        pagination={{ pageSize: 20 }}
        columns={[
          { title: t('code'), dataIndex: 'code', width: 160 },
          { title: t('unitName'), dataIndex: 'name' },
          { title: t('kind'), dataIndex: 'kind', render: (k: string) => tx(`kind_${k}`, k) },
        ]}
      />
    </Card>
  );
}
