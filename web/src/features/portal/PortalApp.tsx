import { CalendarOutlined, FileSearchOutlined, FormOutlined, MessageOutlined } from '@ant-design/icons';
import { Card, Col, Row, Typography } from 'antd';
import { Link, Route, Routes } from 'react-router-dom';
import { useI18n } from '../../i18n/i18n';
import { LangSwitch } from '../../components/LangSwitch';
import { LookupPage } from './LookupPage';
import { ReceptionPage } from './ReceptionPage';
import { RepliesPage, ReplyPage } from './RepliesPage';
import { SubmitPage } from './SubmitPage';

function Landing() {
  const { t } = useI18n();
  return (
    <div>
      <Typography.Title level={3}>{t('portalTitle')}</Typography.Title>
      <Typography.Paragraph>{t('portalIntro')}</Typography.Paragraph>
      <Row gutter={[16, 16]}>
        <Col xs={24} sm={12}>
          <Link to="/portal/submit" data-testid="portal-submit-link" style={{ display: 'block', height: '100%' }}>
            <Card hoverable style={{ height: '100%' }}>
              <Card.Meta avatar={<FormOutlined style={{ fontSize: 32, color: '#b71c1c' }} />} title={t('portalSubmit')} description={t('portalSubmitDesc')} />
            </Card>
          </Link>
        </Col>
        <Col xs={24} sm={12}>
          <Link to="/portal/lookup" data-testid="portal-lookup-link" style={{ display: 'block', height: '100%' }}>
            <Card hoverable style={{ height: '100%' }}>
              <Card.Meta avatar={<FileSearchOutlined style={{ fontSize: 32, color: '#b71c1c' }} />} title={t('portalLookup')} description={t('portalLookupDesc')} />
            </Card>
          </Link>
        </Col>
        <Col xs={24} sm={12}>
          <Link to="/portal/reception" data-testid="portal-reception-link" style={{ display: 'block', height: '100%' }}>
            <Card hoverable style={{ height: '100%' }}>
              <Card.Meta avatar={<CalendarOutlined style={{ fontSize: 32, color: '#b71c1c' }} />} title={t('portalReception')} description={t('portalReceptionDesc')} />
            </Card>
          </Link>
        </Col>
        <Col xs={24} sm={12}>
          <Link to="/portal/replies" data-testid="portal-replies-link" style={{ display: 'block', height: '100%' }}>
            <Card hoverable style={{ height: '100%' }}>
              <Card.Meta avatar={<MessageOutlined style={{ fontSize: 32, color: '#b71c1c' }} />} title={t('portalReplies')} description={t('portalRepliesDesc')} />
            </Card>
          </Link>
        </Col>
      </Row>
    </div>
  );
}

export default function PortalApp() {
  const { t } = useI18n();
  return (
    <div style={{ minHeight: '100vh', background: '#f5f6f8' }}>
      <header className="ms-portal-header">
        <Link to="/portal" className="ms-brand">
          {t('appName')}
        </Link>
        <span style={{ flex: 1 }} />
        <nav className="ms-portal-nav" aria-label={t('portal')}>
          <Link to="/portal/submit">{t('portalSubmit')}</Link>
          <Link to="/portal/lookup">{t('portalLookup')}</Link>
          <Link to="/portal/reception" data-testid="portal-nav-reception">
            {t('portalReception')}
          </Link>
          <Link to="/portal/replies">{t('portalReplies')}</Link>
        </nav>
        <LangSwitch ghost />
      </header>
      <main className="ms-portal" id="main">
        <Routes>
          <Route index element={<Landing />} />
          <Route path="submit" element={<SubmitPage />} />
          <Route path="lookup" element={<LookupPage />} />
          <Route path="reception" element={<ReceptionPage />} />
          <Route path="replies" element={<RepliesPage />} />
          <Route path="replies/:id" element={<ReplyPage />} />
        </Routes>
      </main>
      <footer className="ms-portal ms-muted" style={{ fontSize: 12 }}>
        <Link to="/login">{t('staffLogin')}</Link>
      </footer>
    </div>
  );
}
