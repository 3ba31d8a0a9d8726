/**
 * 接访管理 on the workbench (docs/reception.md): the reception days of the offices in scope; publishing a day with its
 * times and seats (第十八条第一款), publishing a draft, cancelling a day; a day's bookings, masked unless revealed by a
 * personal-data role (the server audits it); the desk marks attendance and registers the matter as a visit case.
 */
import { useState } from 'react';
import { MinusCircleOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, DatePicker, Descriptions, Drawer, Form, Input, InputNumber, Modal, Radio, Result, Space, Switch, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { Link } from 'react-router-dom';
import { useI18n } from '../../i18n/i18n';
import { clean, textRules, useFormSubmit } from '../../lib/forms';
import { FormAlerts } from '../../components/FormAlerts';
import { TrackingCredentials } from '../../components/TrackingCredentials';
import { beforeCstToday, fmtTime } from '../../lib/time';
import { useFetch } from '../../lib/useFetch';
import { useSession } from '../auth/session';
import { dayTitle, slotTime } from '../portal/ReceptionPage';
import { dayBookings, listDays, markBooking, publishDay, registerFromBooking, setDayStatus, type ReceptionDay, type RegisteredAtReception, type StaffBooking } from './api';

const MANAGE = ['dispatcher', 'unit_head', 'admin'] as const;
const DESK = ['intake', 'dispatcher'] as const;
const PERSONAL = ['intake', 'dispatcher', 'handler', 'unit_head', 'return_visit', 'mediator'] as const;
export const LEADER_CASE_ROLES = ['analyst', 'supervisor', 'dispatcher', 'unit_head', 'admin'] as const;
const DAY_COLORS: Record<string, string> = { published: 'green', draft: 'gold', cancelled: 'default' };

export default function ReceptionPage() {
  const { t, lang } = useI18n();
  const { hasRole } = useSession();
  const { modal, message } = App.useApp();
  const [from, setFrom] = useState<Dayjs | null>(null);
  const days = useFetch(() => listDays(from?.format('YYYY-MM-DD')), [lang, from?.valueOf()]);
  const [creating, setCreating] = useState(false);
  const [open, setOpen] = useState<ReceptionDay | null>(null);

  const status = async (d: ReceptionDay, action: 'publish' | 'cancel') => {
    try {
      await setDayStatus(d.id, action);
      message.success(`${t(action === 'publish' ? 'rcPublish' : 'rcCancelDay')}：${t('done')}`);
      void days.reload();
    } catch (e) {
      message.error((e as Error).message);
    }
  };

  return (
    <div>
      <Card
        title={t('navReception')}
        extra={
          <Space wrap>
            {hasRole(...LEADER_CASE_ROLES) && (
              <Link to="/reception/leader-cases" data-testid="to-leader-cases">
                {t('navLeaderCases')}
              </Link>
            )}
            <DatePicker value={from} onChange={setFrom} placeholder={t('rcFrom')} aria-label={t('rcFrom')} data-testid="reception-from" />
            <Button icon={<ReloadOutlined />} onClick={() => void days.reload()} aria-label={t('refresh')} />
            {hasRole(...MANAGE) && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="reception-new-day">
                {t('rcNewDay')}
              </Button>
            )}
          </Space>
        }
      >
        <Typography.Paragraph type="secondary">{t('rcWbIntro')}</Typography.Paragraph>
        {days.error && <Alert type="error" showIcon message={days.error.message} style={{ marginBottom: 12 }} />}
        <Table<ReceptionDay>
          rowKey="id"
          size="small"
          loading={days.loading}
          dataSource={days.data?.items ?? []}
          pagination={false}
          scroll={{ x: 900 }}
          data-testid="reception-day-table"
          columns={[
            { title: t('rcDay'), key: 'day', render: (_, d) => dayTitle(d.day, lang), width: 150 },
            { title: t('rcLeader'), key: 'leader', render: (_, d) => `${d.leader.name} ${d.leader.post}` },
            { title: t('rcPlace'), dataIndex: 'place' },
            { title: t('rcOffice'), dataIndex: 'officeName' },
            {
              title: t('rcSlots'),
              key: 'slots',
              render: (_, d) => (
                <Space wrap size={4}>
                  {d.slots.map((s) => (
                    <Tag key={s.id}>
                      {slotTime(s)} · {t('rcSeats', { b: s.booked ?? 0, c: s.capacity })}
                    </Tag>
                  ))}
                </Space>
              ),
            },
            { title: t('rcStatus'), key: 'status', render: (_, d) => <Tag color={DAY_COLORS[d.status ?? '']}>{d.statusLabel}</Tag>, width: 90 },
            {
              title: '',
              key: 'act',
              width: 230,
              render: (_, d) => (
                <Space wrap size={4}>
                  <Button size="small" type="link" onClick={() => setOpen(d)} data-testid="reception-open-bookings">
                    {t('rcBookings')}
                  </Button>
                  {hasRole(...MANAGE) && d.status === 'draft' && (
                    <Button size="small" onClick={() => void status(d, 'publish')}>
                      {t('rcPublish')}
                    </Button>
                  )}
                  {hasRole(...MANAGE) && d.status !== 'cancelled' && (
                    <Button
                      size="small"
                      danger
                      onClick={() =>
                        modal.confirm({ title: t('rcCancelDay'), content: t('rcCancelDayConfirm'), okText: t('confirm'), cancelText: t('cancel'), onOk: () => status(d, 'cancel') })
                      }
                    >
                      {t('rcCancelDay')}
                    </Button>
                  )}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <NewDayModal
        open={creating}
        onClose={() => setCreating(false)}
        onDone={() => {
          setCreating(false);
          void days.reload();
        }}
      />
      <BookingsDrawer day={open} onClose={() => setOpen(null)} onChanged={() => void days.reload()} />
    </div>
  );
}

type SlotValue = { start: string; end: string; capacity: number };

function NewDayModal({ open, onClose, onDone }: { open: boolean; onClose(): void; onDone(): void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const { busy, alerts, submit: run } = useFormSubmit(form, t('fixFields'));
  const time = { pattern: /^([01]\d|2[0-3]):[0-5]\d$/, message: 'HH:MM' };
  const submit = () =>
    run(async () => {
      const v = form.getFieldsValue(true) as { day: Dayjs; place: string; leaderName: string; leaderPost: string; topic?: string; slots: SlotValue[]; publish: boolean };
      await publishDay(clean({ ...v, day: v.day.format('YYYY-MM-DD') }));
      message.success(`${t('rcNewDay')}：${t('done')}`);
      form.resetFields();
      onDone();
    });
  return (
    <Modal
      open={open}
      title={t('rcNewDay')}
      onCancel={onClose}
      onOk={submit}
      okText={t('submit')}
      cancelText={t('cancel')}
      confirmLoading={busy}
      forceRender
      width={640}
      okButtonProps={{ 'data-testid': 'reception-day-submit' } as never}
    >
      <FormAlerts alerts={alerts} />
      <Form form={form} layout="vertical" initialValues={{ publish: true, slots: [{ start: '09:00', end: '10:00', capacity: 5 }] }} data-testid="reception-day-form">
        <Form.Item name="day" label={t('rcDay')} rules={[{ required: true, message: t('required') }]}>
          <DatePicker disabledDate={beforeCstToday} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="place" label={t('rcPlace')} rules={textRules(t, { required: true, min: 2, max: 200 })}>
          <Input maxLength={200} />
        </Form.Item>
        <Space.Compact block>
          <Form.Item name="leaderName" label={t('rcLeaderName')} rules={textRules(t, { required: true, max: 50 })} style={{ flex: 1 }}>
            <Input maxLength={50} />
          </Form.Item>
          <Form.Item name="leaderPost" label={t('rcLeaderPost')} rules={textRules(t, { required: true, max: 100 })} style={{ flex: 1, marginLeft: 12 }}>
            <Input maxLength={100} />
          </Form.Item>
        </Space.Compact>
        <Form.Item name="topic" label={`${t('rcTopic')}（${t('optional')}）`} rules={textRules(t, { max: 200 })}>
          <Input maxLength={200} />
        </Form.Item>
        <Typography.Text strong>{t('rcSlots')}</Typography.Text>
        <Form.List name="slots">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f, i) => (
                <Space key={f.key} align="start" wrap style={{ display: 'flex', marginTop: 8 }} data-testid="reception-slot-row">
                  <Form.Item name={[f.name, 'start']} label={t('rcStart')} rules={[{ required: true, message: t('required') }, time]}>
                    <Input placeholder="09:00" style={{ width: 90 }} aria-label={`${t('rcStart')} ${i + 1}`} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'end']} label={t('rcEnd')} rules={[{ required: true, message: t('required') }, time]}>
                    <Input placeholder="10:00" style={{ width: 90 }} aria-label={`${t('rcEnd')} ${i + 1}`} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'capacity']} label={t('rcCapacity')} rules={[{ required: true, message: t('required') }]}>
                    <InputNumber min={1} max={200} style={{ width: 90 }} aria-label={`${t('rcCapacity')} ${i + 1}`} />
                  </Form.Item>
                  {fields.length > 1 && <Button type="text" icon={<MinusCircleOutlined />} onClick={() => remove(f.name)} aria-label={t('remove')} style={{ marginTop: 30 }} />}
                </Space>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ start: '', end: '', capacity: 5 })} disabled={fields.length >= 20} data-testid="reception-add-slot">
                {t('rcAddSlot')}
              </Button>
            </>
          )}
        </Form.List>
        <Form.Item name="publish" valuePropName="checked" label={t('rcPublishNow')} style={{ marginTop: 12 }}>
          <Switch />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function BookingsDrawer({ day, onClose, onChanged }: { day: ReceptionDay | null; onClose(): void; onChanged(): void }) {
  const { t, lang } = useI18n();
  const { hasRole } = useSession();
  const { message } = App.useApp();
  const [reveal, setReveal] = useState(false);
  const [registering, setRegistering] = useState<StaffBooking | null>(null);
  const list = useFetch(() => (day ? dayBookings(day.id, reveal) : Promise.resolve(null)), [day?.id, reveal, lang]);
  const mark = async (b: StaffBooking, outcome: 'attended' | 'no_show') => {
    try {
      await markBooking(b.id, outcome);
      void list.reload();
    } catch (e) {
      message.error((e as Error).message);
    }
  };
  return (
    <Drawer
      open={!!day}
      width={Math.min(960, window.innerWidth)}
      title={day ? `${t('rcBookings')} · ${dayTitle(day.day, lang)} · ${day.leader.name}` : ''}
      onClose={() => {
        setReveal(false);
        onClose();
      }}
      data-testid="reception-bookings"
      extra={
        hasRole(...PERSONAL) &&
        (reveal ? (
          <Tag color="orange">{t('rcRevealed')}</Tag>
        ) : (
          <Button onClick={() => setReveal(true)} data-testid="reception-reveal">
            {t('rcReveal')}
          </Button>
        ))
      }
    >
      {day && (
        <Typography.Paragraph type="secondary">
          {day.place} · {day.officeName}
        </Typography.Paragraph>
      )}
      {list.error && <Alert type="error" showIcon message={list.error.message} />}
      <Table<StaffBooking>
        rowKey="id"
        size="small"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: t('rcNoBookings') }}
        scroll={{ x: 760 }}
        columns={[
          { title: t('rcSlot'), key: 'slot', render: (_, b) => slotTime(b), width: 110 },
          { title: t('rcPerson'), key: 'person', render: (_, b) => <span data-testid="booking-person">{`${b.person.name ?? '—'} ${b.person.phone ?? ''}`}</span>, width: 170 },
          { title: t('rcSummary'), dataIndex: 'summary', render: (v: string) => <span className="ms-pre">{v}</span> },
          { title: t('rcStatus'), key: 'status', render: (_, b) => <Tag>{b.statusLabel}</Tag>, width: 80 },
          {
            title: '',
            key: 'act',
            width: 220,
            render: (_, b) =>
              b.case ? (
                <Link to={`/cases/${b.case.id}`} data-testid="booking-case-link">
                  {b.case.regNo}
                </Link>
              ) : (
                hasRole(...DESK) && (
                  <Space wrap size={4}>
                    {(b.status === 'booked' || b.status === 'attended') && (
                      <Button size="small" type="primary" onClick={() => setRegistering(b)} data-testid="booking-register">
                        {t('rcRegisterCase')}
                      </Button>
                    )}
                    {b.status === 'booked' && (
                      <>
                        <Button size="small" onClick={() => void mark(b, 'attended')}>
                          {t('rcMarkAttended')}
                        </Button>
                        <Button size="small" onClick={() => void mark(b, 'no_show')}>
                          {t('rcMarkNoShow')}
                        </Button>
                      </>
                    )}
                  </Space>
                )
              ),
          },
        ]}
      />
      <RegisterModal
        booking={registering}
        onClose={() => setRegistering(null)}
        onDone={() => {
          void list.reload();
          onChanged();
        }}
      />
    </Drawer>
  );
}

const KINDS = ['appeal', 'suggestion', 'accusation'] as const;

function RegisterModal({ booking, onClose, onDone }: { booking: StaffBooking | null; onClose(): void; onDone(): void }) {
  const { t } = useI18n();
  const [form] = Form.useForm();
  const { busy, alerts, setAlerts, submit: run } = useFormSubmit(form, t('fixFields'));
  const [done, setDone] = useState<RegisteredAtReception | null>(null);
  const close = () => {
    setDone(null);
    setAlerts([]);
    form.resetFields();
    onClose();
  };
  const submit = () =>
    booking &&
    run(async () => {
      setDone(await registerFromBooking(booking.id, clean(form.getFieldsValue())));
      onDone();
    });
  return (
    <Modal
      open={!!booking}
      title={t('rcRegisterTitle')}
      onCancel={close}
      onOk={done ? close : submit}
      okText={done ? t('close') : t('submit')}
      cancelButtonProps={done ? { style: { display: 'none' } } : undefined}
      cancelText={t('cancel')}
      confirmLoading={busy}
      destroyOnHidden
      okButtonProps={{ 'data-testid': done ? 'booking-register-close' : 'booking-register-submit' } as never}
    >
      {done ? (
        <Result status="success" title={t('rcCaseRegistered')} style={{ padding: 0 }}>
          <TrackingCredentials
            code={done.trackingCode}
            secret={done.trackingSecret}
            testId={{ list: 'booking-registered', code: 'tracking-code', secret: 'tracking-secret' }}
            before={
              <Descriptions.Item label={t('regNo')}>
                <Link to={`/cases/${done.id}`} data-testid="booking-registered-case">
                  {done.regNo}
                </Link>
              </Descriptions.Item>
            }
            after={
              <Descriptions.Item label={t('leaderReceived')}>
                {done.receivedBy.name} {done.receivedBy.post}
              </Descriptions.Item>
            }
          />
        </Result>
      ) : (
        booking && (
          <>
            <Typography.Paragraph type="secondary">{t('rcRegisterHelp')}</Typography.Paragraph>
            <FormAlerts alerts={alerts} />
            <Form form={form} layout="vertical" initialValues={{ content: booking.summary, kind: 'appeal' }} data-testid="booking-register-form">
              <Form.Item name="title" label={t('title')} rules={textRules(t, { required: true, min: 2, max: 200 })}>
                <Input maxLength={200} />
              </Form.Item>
              <Form.Item name="kind" label={t('kind')}>
                <Radio.Group options={KINDS.map((k) => ({ value: k, label: t(`kind_${k}`) }))} />
              </Form.Item>
              <Form.Item name="content" label={t('content')} rules={textRules(t, { required: true, min: 5, max: 20000 })}>
                <Input.TextArea rows={4} maxLength={20000} />
              </Form.Item>
              <Form.Item name="location" label={`${t('location')}（${t('optional')}）`} rules={textRules(t, { max: 500 })}>
                <Input maxLength={500} />
              </Form.Item>
              <Typography.Text type="secondary">{fmtTime(booking.startsAt)}</Typography.Text>
            </Form>
          </>
        )
      )}
    </Modal>
  );
}
