import { describe, expect, test } from 'vitest';
import { ATTACHMENT_MAX_BYTES, attachmentInputSchema } from './attachment.ts';

const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(100, 0x20)]).toString('base64');
const issuesOf = (value: unknown): string[] => attachmentInputSchema.safeParse(value).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? [];

describe('attachmentInputSchema', () => {
  test('accepts a PDF that is a PDF', () => {
    expect(issuesOf({ contentType: 'application/pdf', title: 'Echo report', data: pdf })).toEqual([]);
  });

  test('refuses an HTML page declared as a PDF', () => {
    const html = Buffer.from('<html><script>alert(1)</script></html>').toString('base64');
    expect(issuesOf({ contentType: 'application/pdf', title: 'x', data: html })).toEqual(['data: is not a application/pdf file']);
  });

  test('refuses types that are not on the list, and unknown fields', () => {
    expect(issuesOf({ contentType: 'text/html', title: 'x', data: pdf })[0]).toMatch(/^contentType: must be one of application\/pdf/);
    expect(issuesOf({ contentType: 'application/pdf', title: 'x', data: pdf, url: 'https://evil.test' })[0]).toMatch(/url/);
  });

  test('refuses more than 10 MB', () => {
    const big = Buffer.concat([Buffer.from('%PDF'), Buffer.alloc(ATTACHMENT_MAX_BYTES)]).toString('base64');
    expect(issuesOf({ contentType: 'application/pdf', title: 'x', data: big })).toEqual(['data: must be at most 10 MB']);
  });
});
