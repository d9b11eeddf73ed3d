/**
 * HTTP for complaints under /api/v1/complaints: citizens file (JSON, or multipart with attachments)
 * and follow their own; officers and operators list, move and assign; a facility admin responds.
 * Wiring only: who may do what is decided by the service.
 */
import { isIP } from 'node:net';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import type { Accounts } from '../accounts/accounts';
import { callerOf, requireCaller } from '../accounts/authenticate';
import { InvalidInputError, RateLimitedError } from '../errors';
import { maxAttachmentBytes, maxAttachments } from './attachments';
import type { RequestOrigin } from './deps';
import { AttachmentTooLargeError, UnsupportedAttachmentError } from './errors';
import type { ComplaintService } from './service';
import { complaintStatuses } from './tables';

export interface ComplaintRoutesDeps {
  accounts: Accounts;
  complaints: ComplaintService;
}

const Uuid = Type.String({ format: 'uuid' });
const Status = Type.Union(complaintStatuses.map((status) => Type.Literal(status)));
const Category = Type.String({ pattern: '^[a-z][a-z0-9-]{0,39}$' });
const NewComplaintFields = Type.Object(
  {
    // A pattern, not format: 'uuid': these fields are checked by TypeBox itself (multipart bodies skip Fastify's validator).
    facilityId: Type.String({ pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$' }),
    category: Category,
    description: Type.String({ minLength: 1, maxLength: 4000 }),
    visitDate: Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', description: 'Day of the visit, YYYY-MM-DD; not in the future.' }),
  },
  { additionalProperties: false },
);
const IdParams = Type.Object({ id: Type.String({ maxLength: 64 }) });
const AttachmentParams = Type.Object({ id: Type.String({ maxLength: 64 }), attachmentId: Type.String({ maxLength: 64 }) });
const ListQuery = Type.Object(
  {
    status: Type.Optional(Status),
    category: Type.Optional(Category),
    facilityId: Type.Optional(Uuid),
    overdue: Type.Optional(Type.Union([Type.Literal('true'), Type.Literal('false')])),
    before: Type.Optional(Type.String({ format: 'date-time' })),
    limit: Type.Optional(Type.String({ pattern: '^[0-9]{1,3}$' })),
  },
  { additionalProperties: false },
);
const StepBody = Type.Object({ to: Status, note: Type.String({ minLength: 1, maxLength: 2000 }) }, { additionalProperties: false });
const AssignBody = Type.Object({ officerId: Uuid }, { additionalProperties: false });
const ResponseBody = Type.Object({ text: Type.String({ minLength: 1, maxLength: 4000 }) }, { additionalProperties: false });
/** The service already shapes each view (what a facility admin or a citizen may see); the schema documents it. */
const Complaint = Type.Object({}, { additionalProperties: true, description: 'A complaint as the caller may see it: view staff, citizen or facility.' });
const Categories = Type.Object({ categories: Type.Array(Type.Object({ id: Type.String(), names: Type.Object({ th: Type.String(), en: Type.String() }) })) });

const multipartLimits = { fileSize: maxAttachmentBytes, files: maxAttachments, fields: 8, fieldSize: 32 * 1024, parts: maxAttachments + 8 };

/** How many complaints one citizen account may file in an hour. */
export const complaintFilingsPerHour = { max: 10, timeWindow: 3_600_000 };

export async function registerComplaintRoutes(root: FastifyInstance, deps: ComplaintRoutesDeps): Promise<void> {
  const authenticated = requireCaller(deps);
  const { complaints } = deps;
  // Filing is counted per citizen account, after sign-in: an address-based limit would stop whole mobile networks behind one address.
  const filingLimit = root.createRateLimit({ ...complaintFilingsPerHour, keyGenerator: (request) => `complaint-filing:${callerOf(request).actor}` });
  const filingsPerCitizen = async (request: FastifyRequest) => {
    const verdict = await filingLimit(request);
    if (!verdict.isAllowed && verdict.isExceeded) throw new RateLimitedError(`At most ${complaintFilingsPerHour.max} complaints can be filed from one account in an hour; try again later.`);
  };

  await root.register(async (scope) => {
    await scope.register(multipart, { limits: multipartLimits });
    const app = scope.withTypeProvider<TypeBoxTypeProvider>();

    app.get('/api/v1/complaints/categories', { schema: { summary: 'Complaint categories with Thai and English names', tags: ['complaints'], response: { 200: Categories } } }, async () => ({
      categories: [...complaints.categories()],
    }));

    app.post(
      '/api/v1/complaints',
      {
        preHandler: [authenticated, filingsPerCitizen],
        schema: {
          summary: 'A signed-in citizen files a complaint against a private facility: JSON, or multipart/form-data with the same fields and up to 5 "attachments" (PNG, JPEG or PDF, 5 MB each)',
          tags: ['complaints'],
          response: { 201: Complaint },
        },
      },
      async (request, reply) => {
        const caller = callerOf(request);
        const { fields, files } = request.isMultipart() ? await readMultipart(request) : { fields: request.body, files: [] };
        if (!Value.Check(NewComplaintFields, fields)) {
          const problems = [...Value.Errors(NewComplaintFields, fields)].slice(0, 10);
          throw new InvalidInputError(`The complaint is invalid: ${problems.map((p) => `${p.path || '/'} ${p.message}`).join('; ')}.`);
        }
        const { id } = await complaints.file(caller, { ...fields, attachments: files }, origin(request));
        return reply.code(201).send(await complaints.get(caller, id));
      },
    );

    app.post(
      '/api/v1/complaints/:id/attachments',
      { preHandler: authenticated, schema: { summary: 'The citizen adds attachments (multipart "attachments") until the complaint is triaged; 5 in all', tags: ['complaints'], params: IdParams } },
      async (request, reply) => {
        if (!request.isMultipart()) throw new InvalidInputError('Send the attachments as multipart/form-data in the field "attachments".');
        const { fields, files } = await readMultipart(request);
        if (Object.keys(fields).length > 0) throw new InvalidInputError('This request takes only files in the field "attachments".');
        return reply.code(201).send(await complaints.attach(callerOf(request), request.params.id, files, origin(request)));
      },
    );
  });

  const app = root.withTypeProvider<TypeBoxTypeProvider>();

  app.get('/api/v1/complaints', { preHandler: authenticated, schema: { summary: 'The complaints you may see, newest first; filter by status, category, facility or overdue', tags: ['complaints'], querystring: ListQuery } }, async (request) => {
    const query = request.query;
    return {
      complaints: await complaints.list(callerOf(request), {
        status: query.status,
        category: query.category,
        facilityId: query.facilityId,
        overdue: query.overdue === undefined ? undefined : query.overdue === 'true',
        before: query.before ? new Date(query.before) : undefined,
        limit: query.limit ? Math.max(1, Number(query.limit)) : undefined,
      }),
    };
  });

  app.get('/api/v1/complaints/:id', { preHandler: authenticated, schema: { summary: 'One complaint, as your role may see it', tags: ['complaints'], params: IdParams, response: { 200: Complaint } } }, async (request) =>
    complaints.get(callerOf(request), request.params.id),
  );

  app.get('/api/v1/complaints/:id/attachments/:attachmentId', { preHandler: authenticated, schema: { summary: "An attachment's bytes (the citizen and the officers, not the facility)", tags: ['complaints'], params: AttachmentParams } }, async (request, reply) => {
    const { bytes, contentType } = await complaints.attachment(callerOf(request), request.params.id, request.params.attachmentId);
    const extension = { 'image/png': 'png', 'image/jpeg': 'jpg', 'application/pdf': 'pdf' }[contentType];
    return reply
      .type(contentType)
      .header('content-disposition', `attachment; filename="attachment.${extension}"`)
      .header('cache-control', 'private, no-store')
      .send(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  });

  app.post('/api/v1/complaints/:id/steps', { preHandler: authenticated, schema: { summary: 'An officer moves the complaint one step, with a note: submitted → triaged → investigating → resolved | dismissed', tags: ['complaints'], params: IdParams, body: StepBody, response: { 200: Complaint } } }, async (request) => {
    const caller = callerOf(request);
    await complaints.advance(caller, request.params.id, request.body, origin(request));
    return complaints.get(caller, request.params.id);
  });

  app.put('/api/v1/complaints/:id/assignment', { preHandler: authenticated, schema: { summary: "Assign the complaint to a provincial officer of the facility's province", tags: ['complaints'], params: IdParams, body: AssignBody, response: { 200: Complaint } } }, async (request) => {
    const caller = callerOf(request);
    await complaints.assign(caller, request.params.id, request.body.officerId, origin(request));
    return complaints.get(caller, request.params.id);
  });

  app.post('/api/v1/complaints/:id/response', { preHandler: authenticated, schema: { summary: "The facility's admin gives the facility's one response", tags: ['complaints'], params: IdParams, body: ResponseBody, response: { 201: Complaint } } }, async (request, reply) => {
    const caller = callerOf(request);
    await complaints.respond(caller, request.params.id, request.body.text, origin(request));
    return reply.code(201).send(await complaints.get(caller, request.params.id));
  });
}

function origin(request: FastifyRequest): RequestOrigin {
  return { ip: isIP(request.ip) ? request.ip : null, requestId: request.id };
}

type MultipartFields = Record<string, string>;

/** Reads every part into memory within the limits (5 files of 5 MB at most), mapping the plugin's limit errors to our problems. */
async function readMultipart(request: FastifyRequest): Promise<{ fields: MultipartFields; files: Uint8Array[] }> {
  const fields: MultipartFields = {};
  const files: Uint8Array[] = [];
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        const bytes = await part.toBuffer();
        if (part.fieldname !== 'attachments') throw new InvalidInputError('Send files in the multipart field "attachments".');
        files.push(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      } else {
        if (part.valueTruncated || typeof part.value !== 'string') throw new InvalidInputError(`The field "${part.fieldname.slice(0, 40)}" is too long or not text.`);
        if (Object.hasOwn(fields, part.fieldname)) throw new InvalidInputError(`The field "${part.fieldname.slice(0, 40)}" is repeated.`);
        fields[part.fieldname] = part.value;
      }
    }
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw new AttachmentTooLargeError(`An attachment may be at most ${maxAttachmentBytes / 1024 / 1024} MB.`);
    if (code === 'FST_FILES_LIMIT') throw new UnsupportedAttachmentError(`A complaint takes at most ${maxAttachments} attachments.`);
    if (code === 'FST_FIELDS_LIMIT' || code === 'FST_PARTS_LIMIT') throw new InvalidInputError('The form has too many fields.');
    throw error;
  }
  return { fields, files };
}
