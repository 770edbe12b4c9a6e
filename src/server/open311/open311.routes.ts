// Open311 GeoReport v2 at /open311/v2/: every method in .xml and .json, form-encoded POSTs, and errors in the spec's format.
// The routes live in their own encapsulated context so that the form parser, error and not-found handlers apply only here.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context';
import { AppError } from '../errors';
import { authenticateApiKey, type KeyCaller } from '../integrations/api-key.service';
import { installUsageLog, noteKeyUse, presentedKey } from '../integrations/caller';
import type { Lang } from './attributes';
import { open311ErrorOf } from './errors';
import { asFormFields, field, parseForm, type FormFields } from './form';
import { render, type Format, type Value } from './format';
import * as service from './open311.service';

const FORMATS: Format[] = ['xml', 'json'];

function formatOfUrl(url: string): Format {
  return /\.json(\?|$)/i.test(url) ? 'json' : 'xml';
}

/** locale (or lang) parameter first, then Accept-Language; Chinese by default. */
export function open311Lang(req: FastifyRequest, f?: FormFields): Lang {
  const q = asFormFields(req.query);
  const wanted = (f && (field(f, 'locale') ?? field(f, 'lang'))) ?? field(q, 'locale') ?? field(q, 'lang');
  if (wanted) return /^en/i.test(wanted) ? 'en' : 'zh';
  const header = String(req.headers['accept-language'] ?? '');
  const first = header.split(',')[0]?.trim() ?? '';
  return /^en/i.test(first) ? 'en' : 'zh';
}

function send(reply: FastifyReply, format: Format, root: string, value: Value, status = 200) {
  const { body, contentType } = render(format, root, value);
  return reply.status(status).header('content-type', contentType).send(body);
}

/** Splits "M09006.xml" into the id and the format; an unknown extension is a 404. */
function splitFile(file: string): { id: string; format: Format } | null {
  const m = /^(.+)\.(xml|json)$/i.exec(file);
  return m ? { id: decodeURIComponent(m[1]), format: m[2].toLowerCase() as Format } : null;
}

const scalar = z.union([z.string(), z.number(), z.boolean()]);
/** Every Open311 argument is optional to the validator: the service checks them and answers in the spec's error format. */
const param = (description: string) => z.union([scalar, z.array(scalar)]).optional().describe(description);
const Common = { jurisdiction_id: param('Optional; this endpoint serves one jurisdiction, the district code (220106)'), locale: param('zh_CN (default) or en') };
const ListQuery = z.looseObject({
  ...Common,
  service_request_id: param('Comma-separated case numbers; overrides every other filter'),
  service_code: param('Comma-separated service codes (C01001, M09006)'),
  start_date: param('W3C date-time; default: 90 days before end_date'),
  end_date: param('W3C date-time; default: now; at most 90 days after start_date'),
  status: param('open, closed or both'),
  extensions: param('true adds detailed_status, extended_attributes and (for one request) notes'),
  page: param('Page number (extension), from 1'),
  page_size: param('Records per page (extension), 1–1000, default 1000'),
  api_key: param('Optional for reading; an invalid key is refused with 403'),
});
const PostRequestBody = z.looseObject({
  ...Common,
  api_key: param('Required'),
  service_code: param('Required: C + component class code or M + matter class code'),
  lat: param('WGS84 latitude (with long)'),
  long: param('WGS84 longitude (with lat)'),
  address_string: param('Address text naming a community or street of the district (when no lat/long)'),
  address_id: param('Grid (15 digits), community (12) or street (9) code (when no lat/long)'),
  email: param('Private'),
  first_name: param('Private'),
  last_name: param('Private'),
  phone: param('Private'),
  device_id: param('Private'),
  account_id: param('Echoed back'),
  description: param('Up to 4000 characters'),
  media_url: param('http(s) URL of a photo; may be sent up to 12 times'),
});
const UpdatesQuery = z.looseObject({ ...Common, api_key: param('Required'), start_date: param('W3C date-time'), end_date: param('W3C date-time'), page: param('Page'), page_size: param('Records per page, 1–1000') });
const PostUpdateBody = z.looseObject({
  ...Common,
  api_key: param('Required'),
  service_request_id: param('Required: the case number'),
  update_id: param("Required: the client's id of the update (retries with the same id are answered once)"),
  status: param('Required: OPEN, CLOSED, FIXED, IN_PROGRESS, ACTION_SCHEDULED, INVESTIGATING, DUPLICATE, NOT_COUNCILS_RESPONSIBILITY, NO_FURTHER_ACTION, INTERNAL_REFERRAL, REOPEN, FOR_TRIAGE'),
  updated_datetime: param('W3C date-time'),
  description: param('Required'),
  media_url: param('Optional http(s) URL'),
  first_name: param('Optional'),
  last_name: param('Optional'),
  email: param('Optional'),
});

const DOC = `GeoReport v2 (http://wiki.open311.org/GeoReport_v2). service_code = C + component class code or M + matter class code (a component and a matter can share 5 digits). Errors come as <errors><error><code/><description/></error></errors> or a JSON array.`;

export async function open311Routes(app: FastifyInstance, { ctx }: { ctx: AppContext }) {
  await app.register(
    async (inner) => {
      inner.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
        done(null, parseForm(body as string));
      });
      installUsageLog(inner, ctx);
      inner.setErrorHandler((err, req, reply) => {
        const { status, errors, unexpected } = open311ErrorOf(err, open311Lang(req));
        if (unexpected) req.log.error({ err }, 'open311 request failed');
        return send(reply, formatOfUrl(req.url), 'errors', errors.map((e) => ({ code: e.code, description: e.description })), status);
      });
      inner.setNotFoundHandler((req, reply) => {
        const path = req.url.split('?')[0];
        const description = /\.(xml|json)$/i.test(path) ? `${req.method} ${path} is not an Open311 method` : `${path}: use the .xml or .json format`;
        return send(reply, formatOfUrl(req.url), 'errors', [{ code: 404, description }], 404);
      });

      /** A key when one is presented (api_key field, x-api-key header or Bearer); an invalid one is refused. */
      async function optionalKey(req: FastifyRequest, f: FormFields): Promise<KeyCaller | null> {
        const raw = field(f, 'api_key') ?? presentedKey(req);
        if (!raw) return null;
        const caller = await authenticateApiKey(ctx, raw);
        noteKeyUse(req, caller);
        return caller;
      }
      async function requiredKey(req: FastifyRequest, f: FormFields): Promise<KeyCaller> {
        const caller = await optionalKey(req, f);
        if (!caller) throw new AppError('UNAUTHENTICATED', 'an api_key is required');
        return caller;
      }

      const r = inner.withTypeProvider<ZodTypeProvider>();
      const base = (req: FastifyRequest) => ctx.config.publicUrl?.replace(/\/$/, '') ?? `${req.protocol}://${req.host}`;

      for (const format of FORMATS) {
        for (const path of [`/v2/discovery.${format}`, `/discovery.${format}`]) {
          r.get(path, { schema: { tags: ['open311'], summary: `Service discovery (${format})`, description: DOC, querystring: z.looseObject(Common) } }, async (req, reply) =>
            send(reply, format, 'discovery', service.discovery(ctx, base(req), open311Lang(req))),
          );
        }
        r.get(`/v2/services.${format}`, { schema: { tags: ['open311'], summary: `GET Service List (${format})`, description: DOC, querystring: z.looseObject(Common) } }, async (req, reply) => {
          const f = asFormFields(req.query);
          await optionalKey(req, f);
          return send(reply, format, 'services', await service.listServices(ctx, f, open311Lang(req, f)));
        });
        r.get(`/v2/requests.${format}`, { schema: { tags: ['open311'], summary: `GET Service Requests (${format})`, querystring: ListQuery } }, async (req, reply) => {
          const f = asFormFields(req.query);
          const caller = await optionalKey(req, f);
          return send(reply, format, 'service_requests', await service.listRequests(ctx, caller, f, open311Lang(req, f)));
        });
        r.post(`/v2/requests.${format}`, {
          config: { rateLimit: { max: 600, timeWindow: '1 minute' } },
          schema: {
            tags: ['open311'],
            summary: `POST Service Request (${format})`,
            description: 'application/x-www-form-urlencoded, as the spec says; attribute[code]=v and attribute[code][]=v for lists. Send an Idempotency-Key header to make retries safe.',
            consumes: ['application/x-www-form-urlencoded', 'application/json'],
            headers: z.looseObject({ 'idempotency-key': z.string().min(8).max(128).optional() }),
            body: PostRequestBody,
          },
          handler: async (req, reply) => {
            const f = { ...asFormFields(req.query), ...asFormFields(req.body) };
            const caller = await requiredKey(req, f);
            const res = await service.submitRequest(ctx, caller, f, open311Lang(req, f), req.headers['idempotency-key'] as string | undefined);
            reply.header('open311-token', res.token);
            if (res.replayed) reply.header('idempotent-replayed', 'true');
            return send(reply, format, 'service_requests', res.answer);
          },
        });
        r.get(`/v2/servicerequestupdates.${format}`, { schema: { tags: ['open311'], summary: `GET Service Request Updates (${format}, mySociety extension)`, querystring: UpdatesQuery } }, async (req, reply) => {
          const f = asFormFields(req.query);
          const caller = await requiredKey(req, f);
          return send(reply, format, 'service_request_updates', await service.listUpdates(ctx, caller, f, open311Lang(req, f)));
        });
        r.post(`/v2/servicerequestupdates.${format}`, {
          config: { rateLimit: { max: 600, timeWindow: '1 minute' } },
          schema: { tags: ['open311'], summary: `POST Service Request Update (${format}, mySociety extension)`, consumes: ['application/x-www-form-urlencoded', 'application/json'], body: PostUpdateBody },
          handler: async (req, reply) => {
            const f = { ...asFormFields(req.query), ...asFormFields(req.body) };
            const caller = await requiredKey(req, f);
            return send(reply, format, 'service_request_updates', await service.postUpdate(ctx, caller, f, open311Lang(req, f)));
          },
        });
      }

      const FileParams = z.object({ file: z.string().min(1).max(200).describe('{id}.xml or {id}.json') });
      const byFile = (summary: string, querystring: z.ZodType, run: (id: string, f: FormFields, lang: Lang, caller: KeyCaller | null) => Promise<Value>, root: string) =>
        ({
          schema: { tags: ['open311'], summary, params: FileParams, querystring },
          handler: async (req: FastifyRequest<{ Params: { file: string } }>, reply: FastifyReply) => {
            const parts = splitFile(req.params.file);
            const f = asFormFields(req.query);
            if (!parts) return send(reply, formatOfUrl(req.url), 'errors', [{ code: 404, description: `${req.params.file}: use the .xml or .json format` }], 404);
            const caller = await optionalKey(req, f);
            return send(reply, parts.format, root, await run(parts.id, f, open311Lang(req, f), caller));
          },
        }) as const;
      r.get('/v2/services/:file', byFile('GET Service Definition ({service_code}.xml|.json)', z.looseObject(Common), (id, f, lang) => service.serviceDefinition(ctx, id, f, lang), 'service_definition'));
      r.get('/v2/requests/:file', byFile('GET Service Request ({service_request_id}.xml|.json)', z.looseObject({ ...Common, extensions: param('true adds detailed_status, extended_attributes and notes') }), (id, f, lang, caller) => service.getRequest(ctx, caller, id, f, lang), 'service_requests'));
      r.get('/v2/tokens/:file', byFile('GET service_request_id from a token ({token}.xml|.json)', z.looseObject(Common), (id, f) => service.tokenRequest(ctx, id, f), 'service_requests'));
    },
    { prefix: '/open311' },
  );
}
