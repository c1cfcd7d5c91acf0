/**
 * Open311 GeoReport v2 formats: the shapes of services, service definitions and service
 * requests, the error list, and their XML form. Pure functions; the routes choose JSON or XML
 * by the file extension, as the specification does.
 */

export type Format = 'json' | 'xml';

export interface Open311Error {
  code: number;
  description: string;
}

/** Element names of list items in the XML form. */
const ITEM_NAMES: Record<string, string> = {
  services: 'service',
  service_requests: 'request',
  errors: 'error',
  attributes: 'attribute',
  values: 'value',
  keywords: 'keyword',
  endpoints: 'endpoint',
  formats: 'format',
};

export function xmlEscape(s: string): string {
  // Characters XML 1.0 cannot carry at all are dropped; markup characters are escaped.
  return s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

function element(name: string, value: unknown): string {
  if (value === null || value === undefined) return `<${name}/>`;
  if (Array.isArray(value)) {
    const item = ITEM_NAMES[name] ?? 'item';
    return `<${name}>${value.map((v) => element(item, v)).join('')}</${name}>`;
  }
  if (typeof value === 'object') return `<${name}>${Object.entries(value as Record<string, unknown>).map(([k, v]) => element(k, v)).join('')}</${name}>`;
  return `<${name}>${xmlEscape(String(value))}</${name}>`;
}

/** `<?xml…?><services><service>…</service></services>` for a root list, or a root object. */
export function toXml(root: string, value: unknown): string {
  return `<?xml version="1.0" encoding="utf-8"?>${element(root, value)}`;
}

/** The root element of each kind of answer in the XML form. */
export type Kind = 'discovery' | 'services' | 'service_definition' | 'service_requests' | 'errors';

export function render(format: Format, kind: Kind, value: unknown): { contentType: string; body: string } {
  if (format === 'xml') return { contentType: 'text/xml; charset=utf-8', body: toXml(kind, value) };
  return { contentType: 'application/json; charset=utf-8', body: JSON.stringify(value) };
}

export function errorBody(status: number, description: string): Open311Error[] {
  return [{ code: status, description }];
}

/** HTTP status of an internal error in GeoReport terms: 400, 403 or 404 (and 429/500 as they are). */
export function httpStatusFor(status: number): number {
  if (status === 401) return 403;
  if (status === 409 || status === 413 || status === 415 || status === 422) return 400;
  return status;
}

export interface ServiceSource {
  code: string;
  name: string;
  description: string;
  group: string | null;
}

export function serviceOf(c: ServiceSource) {
  return {
    service_code: c.code,
    service_name: c.name,
    description: c.description || c.name,
    metadata: true,
    type: 'realtime',
    keywords: c.group ?? '',
    group: c.group ?? '',
  };
}

/** Our one extra question: confidentiality of the requester towards the handling unit. */
export function serviceDefinitionOf(code: string) {
  return {
    service_code: code,
    attributes: [
      {
        variable: true,
        code: 'confidential',
        datatype: 'singlevaluelist',
        required: false,
        datatype_description: '是否对承办单位隐去诉求人信息',
        order: 1,
        description: '诉求人信息保密',
        values: [
          { key: 'false', name: '不保密' },
          { key: 'true', name: '保密' },
        ],
      },
    ],
  };
}

export interface RequestSource {
  number: string;
  status: 'open' | 'closed';
  statusLabel: string;
  categoryCode: string;
  categoryName: string;
  description: string;
  handlerName: string | null;
  createdAt: string;
  updatedAt: string;
  resolveDueAt: string | null;
  address: string;
  regionCode: string;
  lon: number | null;
  lat: number | null;
}

export function requestOf(o: RequestSource) {
  return {
    service_request_id: o.number,
    status: o.status,
    status_notes: o.statusLabel,
    service_name: o.categoryName,
    service_code: o.categoryCode,
    description: o.description,
    agency_responsible: o.handlerName ?? '',
    service_notice: '',
    requested_datetime: o.createdAt,
    updated_datetime: o.updatedAt,
    expected_datetime: o.resolveDueAt ?? '',
    address: o.address,
    address_id: o.regionCode,
    zipcode: '',
    lat: o.lat,
    long: o.lon,
    media_url: '',
  };
}

/** ISO 8601 date-time as the spec uses (w3 format); null when absent, throws on garbage. */
export function parseDateTime(s: string | undefined): Date | null {
  if (s === undefined || s === '') return null;
  if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(s)) throw new RangeError(s);
  const d = new Date(/T/.test(s) && !/(Z|[+-]\d{2}:?\d{2})$/.test(s) ? `${s}+08:00` : s.length === 10 ? `${s}T00:00:00+08:00` : s);
  if (Number.isNaN(d.getTime())) throw new RangeError(s);
  return d;
}
