/** Calendar module: China's working calendar, statutory deadlines, pausable clocks, warnings. */
export {
  type IsoDate,
  isIsoDate,
  assertIsoDate,
  addCalendarDays,
  daysBetween,
  isoWeekday,
  isWeekendDay,
  cstDateOf,
  startOfDayCst,
  endOfDayCst,
} from './dates.js';
export { HolidayCalendar, type DayKind } from './holidays.js';
export { holidayYearDataSchema, HolidayDataError, type HolidayYearData } from './year-data.js';
export {
  type PeriodUnit,
  type RuleUnit,
  type ClockPause,
  computeDueDate,
  computeClockDue,
  dueInstant,
  computeDueInstantHours,
  dueInstantForRule,
} from './deadline.js';
export { type ClockWarning, type ClockStatus, warningInstants, clockStatus } from './warnings.js';
export {
  clockRuleSchema,
  type ClockRule,
  type ClockRuleKey,
  DEFAULT_CLOCK_RULES,
  withClockRuleOverrides,
} from './rules.js';
