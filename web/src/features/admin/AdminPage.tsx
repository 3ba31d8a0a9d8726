import { Alert } from 'antd';
import { Navigate, Route, Routes } from 'react-router-dom';
import { useI18n } from '../../i18n/i18n';
import { useSession } from '../auth/session';
import { CategoriesPage } from './CategoriesPage';
import { ClockRulesPage } from './ClockRulesPage';
import { HolidaysPage } from './HolidaysPage';
import { RoutingRulesPage } from './RoutingRulesPage';
import { TemplatesPage } from './TemplatesPage';
import { UnitsPage } from './UnitsPage';
import { UsersPage } from './UsersPage';

export default function AdminPage() {
  const { t } = useI18n();
  const { hasRole } = useSession();
  if (!hasRole('admin')) return <Alert type="warning" showIcon message={t('adminOnly')} />;
  return (
    <Routes>
      <Route index element={<Navigate to="units" replace />} />
      <Route path="units" element={<UnitsPage />} />
      <Route path="users" element={<UsersPage />} />
      <Route path="clock-rules" element={<ClockRulesPage />} />
      <Route path="holidays" element={<HolidaysPage />} />
      <Route path="categories" element={<CategoriesPage />} />
      <Route path="templates" element={<TemplatesPage />} />
      <Route path="routing-rules" element={<RoutingRulesPage />} />
    </Routes>
  );
}
