/**
 * 领导接访预约 on the portal (信访工作条例 第十八条): the published reception days with seats left, booking a time with a
 * name, phone and a few words (no account), and the booking by its code: look it up, cancel it before it begins.
 */
import { useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Empty, Form, Input, Modal, Result, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useI18n } from '../../i18n/i18n';
import { textRules, useFormSubmit } from '../../lib/forms';
import { FormAlerts } from '../../components/FormAlerts';
import { fmtDate, fmtHm } from '../../lib/time';
import { useFetch } from '../../lib/useFetch';
import { Loading } from '../../components/Loading';
import { phoneRule } from '../register/RegisterPage';
import { bookSlot, cancelBooking, lookupBooking, publicDays, type BookingView, type ReceptionDay, type Slot } from '../reception/api';

const hm = (v: string) => fmtHm(v);
export const slotTime = (s: { startsAt: string; endsAt: string }) => `${hm(s.startsAt)}–${hm(s.endsAt)}`;
export const dayTitle = (day: string, lang: 'zh' | 'en') => `${fmtDate(day)} ${dayjs(day).format(lang === 'zh' ? 'dddd' : 'ddd')}`;

export function ReceptionPage() {
  const { t, lang } = useI18n();
  const days = useFetch(() => publicDays(), [lang]);
  const [picked, setPicked] = useState<{ day: ReceptionDay; slot: Slot } | null>(null);
  const [booked, setBooked] = useState<BookingView | null>(null);

  return (
    <div>
      {booked && <BookedCard booking={booked} onClose={() => setBooked(null)} />}
      <Card title={t('portalReception')}>
        <Typography.Paragraph type="secondary">{t('rcIntro')}</Typography.Paragraph>
        {days.loading && !days.data && <Loading />}
        {days.error && <Alert type="error" showIcon message={days.error.message} />}
        {days.data && days.data.items.length === 0 && <Empty description={t('rcNoDays')} />}
        <Space direction="vertical" style={{ width: '100%' }} size={12} data-testid="reception-days">
          {days.data?.items.map((d) => (
            <Card key={d.id} size="small" type="inner" title={dayTitle(d.day, lang)} data-testid="reception-day">
              <Descriptions column={1} size="small" styles={{ label: { whiteSpace: 'nowrap' } }}>
                <Descriptions.Item label={t('rcLeader')}>
                  <Typography.Text strong>{d.leader.name}</Typography.Text>&nbsp;{d.leader.post}
                </Descriptions.Item>
                <Descriptions.Item label={t('rcOffice')}>{d.officeName}</Descriptions.Item>
                <Descriptions.Item label={t('rcPlace')}>{d.place}</Descriptions.Item>
                {d.topic && <Descriptions.Item label={t('rcTopic')}>{d.topic}</Descriptions.Item>}
              </Descriptions>
              <Space wrap style={{ marginTop: 8 }}>
                {d.slots.map((s) => (
                  <Button
                    key={s.id}
                    disabled={!s.open}
                    onClick={() => setPicked({ day: d, slot: s })}
                    data-testid="reception-slot"
                    aria-label={`${t('rcBook')} ${slotTime(s)}`}
                    style={{ height: 'auto', padding: '4px 12px', textAlign: 'left' }}
                  >
                    <div>{slotTime(s)}</div>
                    <div style={{ fontSize: 12 }}>{s.open ? t('rcSeatsLeft', { n: s.remaining }) : s.remaining > 0 ? t('rcClosed') : t('rcFull')}</div>
                  </Button>
                ))}
              </Space>
            </Card>
          ))}
        </Space>
      </Card>
      <LookupCard />
      <BookModal
        picked={picked}
        onClose={() => setPicked(null)}
        onBooked={(b) => {
          setPicked(null);
          setBooked(b);
          void days.reload();
          window.scrollTo(0, 0);
        }}
      />
    </div>
  );
}

function BookModal({ picked, onClose, onBooked }: { picked: { day: ReceptionDay; slot: Slot } | null; onClose(): void; onBooked(b: BookingView): void }) {
  const { t, lang } = useI18n();
  const [form] = Form.useForm();
  const { busy, alerts, submit: run } = useFormSubmit(form, t('fixFields'));
  const submit = () =>
    picked &&
    run(async () => {
      const v = form.getFieldsValue() as { name: string; phone: string; summary: string };
      onBooked(await bookSlot({ slotId: picked.slot.id, name: v.name.trim(), phone: v.phone.trim(), summary: v.summary.trim() }));
      form.resetFields();
    });
  return (
    <Modal
      open={!!picked}
      title={t('rcBookTitle')}
      onCancel={onClose}
      onOk={submit}
      okText={t('rcBook')}
      cancelText={t('cancel')}
      confirmLoading={busy}
      forceRender
      okButtonProps={{ 'data-testid': 'reception-book-submit' } as never}
    >
      {picked && (
        <Typography.Paragraph>
          {dayTitle(picked.day.day, lang)} {slotTime(picked.slot)} · {picked.day.leader.name} {picked.day.leader.post}
          <br />
          <Typography.Text type="secondary">{picked.day.place}</Typography.Text>
        </Typography.Paragraph>
      )}
      <FormAlerts alerts={alerts} />
      <Form form={form} layout="vertical" data-testid="reception-book-form">
        <Form.Item name="name" label={t('yourName')} rules={textRules(t, { required: true, max: 50 })}>
          <Input autoComplete="name" />
        </Form.Item>
        <Form.Item name="phone" label={t('yourPhone')} rules={[{ required: true, message: t('required') }, phoneRule(t)]}>
          <Input inputMode="tel" autoComplete="tel" />
        </Form.Item>
        <Form.Item name="summary" label={t('rcSummary')} extra={t('rcSummaryHelp')} rules={textRules(t, { required: true, min: 5, max: 500 })}>
          <Input.TextArea rows={3} maxLength={500} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function BookingFacts({ b }: { b: BookingView }) {
  const { t, lang } = useI18n();
  return (
    <Descriptions bordered column={1} size="small" styles={{ label: { whiteSpace: 'nowrap' } }}>
      <Descriptions.Item label={t('rcCode')}>
        <Typography.Text className="ms-secret" copyable data-testid="booking-code">
          {b.code}
        </Typography.Text>
      </Descriptions.Item>
      <Descriptions.Item label={t('rcStatus')}>
        <Space wrap>
          <Tag color={b.status === 'booked' ? 'green' : undefined} data-testid="booking-status">
            {b.statusLabel}
          </Tag>
          {b.dayCancelled && <Tag color="red">{t('rcDayCancelled')}</Tag>}
        </Space>
      </Descriptions.Item>
      <Descriptions.Item label={t('rcSlot')}>
        {dayTitle(b.day, lang)} {slotTime(b)}
      </Descriptions.Item>
      <Descriptions.Item label={t('rcPlace')}>{b.place}</Descriptions.Item>
      <Descriptions.Item label={t('rcLeader')}>
        {b.leader.name} {b.leader.post}（{b.officeName}）
      </Descriptions.Item>
      <Descriptions.Item label={t('rcPerson')}>
        {b.person.name} {b.person.phone}
      </Descriptions.Item>
      <Descriptions.Item label={t('rcSummary')}>
        <span className="ms-pre">{b.summary}</span>
      </Descriptions.Item>
    </Descriptions>
  );
}

function BookedCard({ booking, onClose }: { booking: BookingView; onClose(): void }) {
  const { t } = useI18n();
  return (
    <Card style={{ marginBottom: 12 }} data-testid="reception-booked">
      <Result status="success" title={t('rcBooked')} subTitle={t('rcKeepCode')} style={{ padding: '8px 0' }} />
      <BookingFacts b={booking} />
      <Button style={{ marginTop: 12 }} onClick={onClose}>
        {t('close')}
      </Button>
    </Card>
  );
}

function LookupCard() {
  const { t } = useI18n();
  const { modal, message } = App.useApp();
  const [form] = Form.useForm();
  const [found, setFound] = useState<BookingView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (fn: () => Promise<BookingView>) => {
    setBusy(true);
    setError(null);
    try {
      setFound(await fn());
      return true;
    } catch (e) {
      setError((e as Error).message);
      return false;
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title={t('rcLookup')} style={{ marginTop: 12 }} data-testid="reception-lookup">
      <Form form={form} layout="vertical" onFinish={(v: { code: string }) => void run(() => lookupBooking(v.code.trim()))}>
        <Form.Item name="code" label={t('rcCode')} rules={textRules(t, { required: true, min: 6, max: 20 })}>
          <Input autoComplete="off" autoCapitalize="characters" />
        </Form.Item>
        <Button htmlType="submit" block loading={busy} data-testid="reception-lookup-submit">
          {t('rcLookupBtn')}
        </Button>
      </Form>
      {error && <Alert type="error" showIcon role="alert" message={error} style={{ marginTop: 12 }} />}
      {found && (
        <div style={{ marginTop: 12 }} data-testid="reception-found">
          <BookingFacts b={found} />
          {found.status === 'booked' && (
            <Button
              danger
              style={{ marginTop: 12 }}
              data-testid="reception-cancel"
              onClick={() =>
                modal.confirm({
                  title: t('rcCancelBooking'),
                  content: t('rcCancelConfirm'),
                  okText: t('confirm'),
                  cancelText: t('cancel'),
                  onOk: async () => {
                    if (await run(() => cancelBooking(found.code))) message.success(t('rcCancelled'));
                  },
                })
              }
            >
              {t('rcCancelBooking')}
            </Button>
          )}
        </div>
      )}
    </Card>
  );
}
