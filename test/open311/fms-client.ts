// A FixMyStreet-style Open311 client for contract tests: it sends exactly the fields FixMyStreet's Open311 module sends
// (form-encoded POSTs, jurisdiction_id and api_key, attribute[code], W3C dates) and reads the XML answers the way
// XML::Simple with forced arrays does. Every XML answer is checked for well-formedness and the UTF-8 declaration first.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { expect } from 'vitest';

const LISTS = new Set(['service', 'attribute', 'value', 'request', 'request_update', 'error', 'note', 'endpoint', 'format']);
const parser = new XMLParser({ ignoreAttributes: true, parseTagValue: false, trimValues: true, isArray: (name) => LISTS.has(name) });

export type Xml = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Parses an XML answer after checking what a strict client checks: declaration, UTF-8, well-formed, text/xml. */
export function parseXml(res: LightMyRequestResponse): Xml {
  expect(res.headers['content-type']).toMatch(/^text\/xml; charset=utf-8$/);
  expect(res.body.startsWith('<?xml version="1.0" encoding="utf-8"?>')).toBe(true);
  const valid = XMLValidator.validate(res.body);
  expect(valid, JSON.stringify(valid)).toBe(true);
  return parser.parse(res.body);
}

export function form(fields: Record<string, string | string[] | undefined>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) {
    if (v === undefined) continue;
    for (const one of Array.isArray(v) ? v : [v]) p.append(k, one);
  }
  return p.toString();
}

/** FixMyStreet truncates coordinates to 6 decimal places before sending. */
const truncate = (x: number) => String(Math.trunc(x * 1e6) / 1e6);

export interface Report {
  title: string;
  detail: string;
  name: string;
  email?: string;
  phone?: string;
  lat: number;
  lng: number;
  imageUrl?: string;
  extra?: Record<string, string | string[]>;
}

export class FmsClient {
  constructor(
    private readonly app: FastifyInstance,
    private readonly opts: { apiKey: string; jurisdiction?: string; endpoint?: string; headers?: Record<string, string> },
  ) {}

  private get base() {
    return this.opts.endpoint ?? '/open311/v2/';
  }

  get(path: string, params: Record<string, string | undefined> = {}) {
    const q = form({ ...params, jurisdiction_id: this.opts.jurisdiction });
    return this.app.inject({ method: 'GET', url: `${this.base}${path}${q ? `?${q}` : ''}`, headers: this.opts.headers });
  }

  post(path: string, fields: Record<string, string | string[] | undefined>, headers: Record<string, string> = {}) {
    return this.app.inject({
      method: 'POST',
      url: `${this.base}${path}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...this.opts.headers, ...headers },
      payload: form({ jurisdiction_id: this.opts.jurisdiction, api_key: this.opts.apiKey, ...fields }),
    });
  }

  /** Open311::send_service_request with extended_description on: "title\n\ndetail\n\nurl". */
  sendServiceRequest(report: Report, serviceCode: string, extraFields: Record<string, string | string[] | undefined> = {}) {
    const [first, ...rest] = report.name.split(/\s+/);
    const attrs: Record<string, string | string[]> = {};
    for (const [k, v] of Object.entries(report.extra ?? {})) attrs[Array.isArray(v) ? `attribute[${k}][]` : `attribute[${k}]`] = v;
    return this.post('requests.xml', {
      description: `${report.title}\n\n${report.detail}\n\nhttps://fixmystreet.example/report/1\n`,
      service_code: serviceCode,
      first_name: first,
      last_name: rest.join(' '),
      phone: report.phone,
      email: report.email,
      lat: truncate(report.lat),
      long: truncate(report.lng),
      media_url: report.imageUrl,
      ...attrs,
      ...extraFields,
    });
  }

  /** Open311::post_service_request_update with extended statuses. */
  postServiceRequestUpdate(u: { serviceRequestId: string; updateId: string; status: string; text: string; name: string; at: string; email?: string; mediaUrl?: string }) {
    const [first, ...rest] = u.name.split(/\s+/);
    return this.post('servicerequestupdates.xml', {
      updated_datetime: u.at,
      service_request_id: u.serviceRequestId,
      status: u.status,
      description: u.text,
      last_name: rest.join(' ') || '-',
      first_name: first,
      email: u.email,
      update_id: u.updateId,
      media_url: u.mediaUrl,
    });
  }

  getServiceRequestUpdates(start: string, end: string) {
    return this.get('servicerequestupdates.xml', { api_key: this.opts.apiKey, start_date: start, end_date: end });
  }
}
