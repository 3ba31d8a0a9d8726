import { Link } from 'react-router-dom';
import { useI18n } from '../../i18n/i18n';
import { pick } from '../../lib/meta';
import type { RecordView } from './api';
import { REGISTERS, type RegisterConfig } from './config';

const camel = (s: string) => s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/**
 * Where a record leads: the petition it came from (caseId), the record a supervision item is about (subjectEntity,
 * subjectId) and any other register's record it names by id (a dispute's supervisionId).
 */
export function RecordLinks({ cfg, record }: { cfg: RegisterConfig; record: RecordView }) {
  const { t, lang } = useI18n();
  const str = (v: unknown) => (typeof v === 'string' && v ? v : null);
  const subject = REGISTERS.find((r) => r.entity === record.subjectEntity);
  const others = REGISTERS.filter((r) => r.key !== cfg.key && str(record[`${camel(r.entity)}Id`]));
  const caseId = str(record.caseId);
  return (
    <>
      {caseId && (
        <Link to={`/cases/${caseId}`} data-testid="register-case-link">
          {t('regOpenCase')}
          {str(record.caseRegNo) && ` ${String(record.caseRegNo)}`}
        </Link>
      )}
      {subject && str(record.subjectId) && (
        <Link to={`/registers/${subject.key}/${String(record.subjectId)}`} data-testid="register-subject-link">
          {t('regOpenRecord', { what: pick(subject.title, lang) })}
        </Link>
      )}
      {others.map((r) => (
        <Link key={r.key} to={`/registers/${r.key}/${String(record[`${camel(r.entity)}Id`])}`} data-testid={`register-link-${r.key}`}>
          {t('regOpenRecord', { what: pick(r.title, lang) })}
        </Link>
      ))}
    </>
  );
}
