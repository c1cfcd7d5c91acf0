import { describe, expect, it } from 'vitest';
import { NOTICE_KINDS } from './rules';
import { noticeText, smsGateway, smsText } from './notices';

describe('requester notices', () => {
  const order = { number: 'GD202611290000001', title: '一二三四五六七八九十一二三四五六七八九十超长的标题' };
  it('names the order in every notice and shortens long titles', () => {
    for (const kind of NOTICE_KINDS) {
      const text = noticeText(kind, order, { handlerName: '韩山村委会', targetNumber: 'GD202611290000002' });
      expect(text, kind).toContain(order.number);
      expect(text, kind).toContain('…');
    }
    expect(noticeText('accepted', order, { handlerName: '韩山村委会' })).toContain('韩山村委会');
    expect(noticeText('merged', order, { targetNumber: 'GD202611290000002' })).toContain('GD202611290000002');
    expect(smsText('x')).toBe('【乡治】x');
  });
  it('sends SMS only when a gateway is configured', () => {
    expect(smsGateway({})).toBeNull();
    expect(smsGateway({ XZ_SMS_URL: ' ' })).toBeNull();
    expect(smsGateway({ XZ_SMS_URL: 'https://sms.example/send', XZ_SMS_TOKEN: 'k' })).toEqual({ url: 'https://sms.example/send', token: 'k' });
  });
});
