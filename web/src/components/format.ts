import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';

dayjs.extend(utc);
dayjs.extend(timezone);

/** Times are stored in UTC and shown in China Standard Time. */
export const DISPLAY_TZ = 'Asia/Shanghai';

export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '—';
  const d = dayjs(value);
  return d.isValid() ? d.tz(DISPLAY_TZ).format('YYYY-MM-DD HH:mm:ss') : String(value);
}

export function formatDate(value: string | null | undefined): string {
  if (!value) return '—';
  const d = dayjs(value);
  return d.isValid() ? d.tz(DISPLAY_TZ).format('YYYY-MM-DD') : String(value);
}

export function formatNumber(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  return value.toLocaleString('zh-CN');
}

export function isFuture(value: string | null | undefined): boolean {
  if (!value) return false;
  const d = dayjs(value);
  return d.isValid() && d.isAfter(dayjs());
}

/** Display fallback for empty values. */
export function dash(value: string | number | null | undefined): string {
  return value === null || value === undefined || value === '' ? '—' : String(value);
}
