import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { signatureHeader, signatureOf, verifySignature } from './webhook.signature';

describe('webhook signatures', () => {
  it('verify what was signed, and nothing else', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 16 }), fc.string(), fc.integer({ min: 1_600_000_000, max: 2_000_000_000 }), fc.string({ minLength: 1 }), (secret, body, t, extra) => {
        const header = signatureHeader(secret, t, body);
        expect(verifySignature(secret, header, body, t)).toBe(true);
        expect(verifySignature(secret, header, body + extra, t)).toBe(false);
        expect(verifySignature(secret + extra, header, body, t)).toBe(false);
      }),
      { numRuns: 200 },
    );
  });

  it('is HMAC-SHA256 of "<t>.<body>" in hex, and refuses stale or malformed headers', () => {
    expect(signatureOf('whsec_test_secret_0123', 1700000000, '{}')).toMatch(/^[0-9a-f]{64}$/);
    const h = signatureHeader('whsec_test_secret_0123', 1700000000, '{}');
    expect(h).toBe(`t=1700000000,v1=${signatureOf('whsec_test_secret_0123', 1700000000, '{}')}`);
    expect(verifySignature('whsec_test_secret_0123', h, '{}', 1700000000 + 301)).toBe(false);
    expect(verifySignature('whsec_test_secret_0123', h, '{}', 1700000000 + 299)).toBe(true);
    for (const bad of [undefined, '', 'v1=abc', 't=x,v1=abc', 't=1700000000,v1=zz']) expect(verifySignature('whsec_test_secret_0123', bad, '{}', 1700000000)).toBe(false);
  });
});
