import { Alert, Card, Form, Input, Modal, Select, Switch, Table, Tag, Typography } from 'antd';
import { useI18n } from '../../i18n/i18n';
import { get, post, put } from '../../lib/api';
import { clean, textRules } from '../../lib/forms';
import { invalidate, type Category } from '../../lib/refdata';
import { useFetch } from '../../lib/useFetch';
import { actionsColumn, FormAlerts, ListToolbar, useEditableList } from './editableList';

const KINDS = ['appeal', 'suggestion', 'accusation'];

/** Categories (POST /api/categories, PUT /api/categories/:id): create, rename, (de)activate. The code stays. */
export function CategoriesPage() {
  const { t, tx, lang } = useI18n();
  const cats = useFetch(() => get<{ items: Category[] }>('/api/categories', { all: true }).then((r) => r.items), [lang]);
  const [form] = Form.useForm();
  const list = useEditableList<Category>({
    form,
    initialValues: (c) => (c === 'new' ? { kind: 'appeal' } : { name: c.nameZh ?? c.name, nameEn: c.nameEn ?? '', active: c.active !== false }),
    save: (c, v) =>
      c === 'new'
        ? post('/api/categories', clean(v))
        : put(`/api/categories/${c.id}`, { name: String(v.name ?? '').trim(), nameEn: String(v.nameEn ?? '').trim() || null, active: !!v.active }),
    setActive: (c, active) => put(`/api/categories/${c.id}`, { active }),
    afterChange: async () => {
      invalidate('categories:');
      await cats.reload();
    },
  });
  const { editing } = list;
  const rows = list.visible(cats.data);
  const nameOf = (id: string | null) => (id ? (cats.data?.find((c) => c.id === id)?.name ?? id) : '');

  return (
    <Card
      title={t('navCategories')}
      size="small"
      extra={<ListToolbar list={list} newLabel={t('newCategory')} testId="new-category" />}
    >
      <Typography.Paragraph type="secondary">{t('categoriesHelp')}</Typography.Paragraph>
      {cats.error && <Alert type="error" showIcon message={cats.error.message} />}
      <Table<Category>
        rowKey="id"
        size="small"
        loading={cats.loading}
        dataSource={rows}
        pagination={{ pageSize: 20 }}
        scroll={{ x: 640 }}
        columns={[
          { title: t('code'), dataIndex: 'code', width: 160 },
          { title: t('nameZh'), dataIndex: 'nameZh', render: (v: string | undefined, c) => v ?? c.name },
          { title: t('nameEn'), dataIndex: 'nameEn', render: (v: string | null | undefined) => v ?? '' },
          { title: t('kind'), dataIndex: 'kind', width: 110, render: (k: string) => tx(`kind_${k}`, k) },
          { title: t('parentCategory'), dataIndex: 'parentId', render: (p: string | null) => nameOf(p) },
          { title: t('active'), dataIndex: 'active', width: 80, render: (a: boolean | undefined) => (a === false ? <Tag>{t('deactivated')}</Tag> : t('yes')) },
          actionsColumn(list, t),
        ]}
      />
      <Modal
        open={editing !== null}
        title={editing === 'new' ? t('newCategory') : t('editCategory')}
        onCancel={list.close}
        onOk={list.submit}
        confirmLoading={list.busy}
        okText={editing === 'new' ? t('create') : t('save')}
        forceRender
      >
        <FormAlerts alerts={list.alerts} />
        <Form form={form} layout="vertical">
          {editing === 'new' && (
            <Form.Item name="code" label={t('code')} rules={[{ required: true, message: t('required') }, { pattern: /^[A-Za-z0-9_.-]{1,60}$/, message: 'A–Z a–z 0–9 . - _ (1–60)' }]}>
              <Input autoComplete="off" />
            </Form.Item>
          )}
          <Form.Item name="name" label={t('nameZh')} rules={textRules(t, { required: true, max: 100 })}>
            <Input />
          </Form.Item>
          <Form.Item name="nameEn" label={t('nameEn')} rules={textRules(t, { max: 100 })}>
            <Input />
          </Form.Item>
          {editing === 'new' ? (
            <>
              <Form.Item name="kind" label={t('kind')} rules={[{ required: true, message: t('required') }]}>
                <Select options={KINDS.map((k) => ({ value: k, label: tx(`kind_${k}`, k) }))} />
              </Form.Item>
              <Form.Item name="parentId" label={t('parentCategory')}>
                <Select allowClear showSearch optionFilterProp="label" options={(cats.data ?? []).map((c) => ({ value: c.id, label: `${c.name} · ${c.code}` }))} />
              </Form.Item>
            </>
          ) : (
            <Form.Item name="active" label={t('active')} valuePropName="checked">
              <Switch />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </Card>
  );
}
