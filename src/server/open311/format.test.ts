import fc from 'fast-check';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { escapeXml, renderJson, renderXml, w3cDateTime } from './format';

const parser = new XMLParser({ parseTagValue: false, trimValues: false, isArray: (n) => n === 'request' || n === 'value' });

describe('Open311 XML and JSON', () => {
  it('any text survives XML: well-formed, and read back unchanged except characters XML cannot carry', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (s) => {
        const xml = renderXml('service_requests', [{ description: s }]);
        expect(XMLValidator.validate(xml)).toBe(true);
        const back = parser.parse(xml).service_requests.request[0].description ?? '';
        const expected = s.replace(/[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '\uFFFD');
        // Parsers normalise CR and CRLF to LF (XML 1.0 §2.11).
        expect(back).toBe(expected.replace(/\r\n?/g, '\n'));
      }),
      { numRuns: 300 },
    );
  });

  it('escapes the five markup characters', () => {
    expect(escapeXml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;');
  });

  it('nests lists the Spark way and leaves out nulls in XML but not in JSON', () => {
    const value = { service_code: 'M09006', attributes: [{ code: 'hazards', values: [{ key: 'a', name: 'A' }], description: null }] };
    const xml = renderXml('service_definition', value);
    expect(xml).toBe(
      [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<service_definition>',
        '  <service_code>M09006</service_code>',
        '  <attributes>',
        '    <attribute>',
        '      <code>hazards</code>',
        '      <values>',
        '        <value>',
        '          <key>a</key>',
        '          <name>A</name>',
        '        </value>',
        '      </values>',
        '    </attribute>',
        '  </attributes>',
        '</service_definition>',
        '',
      ].join('\n'),
    );
    expect(JSON.parse(renderJson(value))).toEqual(value);
    expect(renderXml('service_requests', [])).toContain('<service_requests/>');
    expect(renderJson({ a: undefined, b: true, c: Number.NaN })).toBe('{"b":true,"c":null}');
  });

  it('writes W3C date-times with the Beijing offset', () => {
    expect(w3cDateTime(new Date('2026-11-16T01:02:03.456Z'))).toBe('2026-11-16T09:02:03+08:00');
    expect(w3cDateTime(new Date('2026-12-31T20:00:00Z'))).toBe('2027-01-01T04:00:00+08:00');
  });
});
