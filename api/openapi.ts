/** GET /api/openapi.json — OpenAPI 3.1 of the public API. The registration schema is the one ajv checks. */
import { registrationSchema } from '../domain/registration';

const error = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: { code: { type: 'string' }, message: { type: 'string' }, fields: { type: 'object', additionalProperties: { type: 'string' } } },
    },
  },
};

const errors = (...codes: number[]) =>
  Object.fromEntries(codes.map((c) => [String(c), { description: 'error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } }]));
const ok = (description: string, schema: object = { type: 'object' }) => ({ description, content: { 'application/json': { schema } } });
const json = (schema: object) => ({ required: true, content: { 'application/json': { schema } } });
const idParam = (name = 'id') => ({ name, in: 'path', required: true, schema: { type: 'string' } });
const q = (name: string, schema: object, description?: string) => ({ name, in: 'query', schema, ...(description ? { description } : {}) });
const { $id: _ignored, ...registration } = registrationSchema;

export const openapi = {
  openapi: '3.1.0',
  info: { title: 'PermitFlow API', version: '0.1.0', description: 'Regulatory e-services as BPMN processes. Errors: { error: { code, message, fields } }.' },
  components: {
    schemas: { Error: error, Registration: registration },
    securitySchemes: {
      session: { type: 'apiKey', in: 'cookie', name: 'pf_sid' },
      csrf: { type: 'apiKey', in: 'header', name: 'X-CSRF-Token', description: 'required on POST/PUT/PATCH/DELETE with a session' },
    },
  },
  security: [{ session: [], csrf: [] }],
  paths: {
    '/health': { get: { summary: 'Engine, PostgreSQL and Redis status', security: [], responses: { '200': ok('all up'), '503': ok('something down') } } },
    '/api/openapi.json': { get: { summary: 'This document', security: [], responses: { '200': ok('OpenAPI 3.1') } } },
    '/api/auth/login': {
      post: {
        summary: 'Sign in (per address: a picture code after 3 failures, growing waits, a 15-minute lock after 5; remember me: applicants only)', security: [],
        requestBody: json({ type: 'object', required: ['login', 'password'], properties: { login: { type: 'string' }, password: { type: 'string' }, remember: { type: 'boolean' }, captchaId: { type: 'string' }, captcha: { type: 'string' } } }),
        responses: { '200': ok('session cookie set; returns the user and the CSRF token'), ...errors(400, 401, 429) },
      },
    },
    '/api/auth/logout': { post: { summary: 'Sign out', responses: { '204': { description: 'signed out' }, ...errors(403) } } },
    '/api/auth/captcha': { get: { summary: 'A picture code for the sign-in (SVG data URL, 5 minutes, one try)', security: [], responses: { '200': ok('id and image'), ...errors(429) } } },
    '/api/auth/password': {
      post: {
        summary: 'Change the password (the current one, the policy); every other session ends',
        requestBody: json({ type: 'object', required: ['oldPassword', 'newPassword', 'newPasswordConfirm'], properties: { oldPassword: { type: 'string' }, newPassword: { type: 'string' }, newPasswordConfirm: { type: 'string' } } }),
        responses: { '204': { description: 'changed' }, ...errors(400, 401) },
      },
    },
    '/api/me': { get: { summary: 'The signed-in user and CSRF token', responses: { '200': ok('user'), ...errors(401) } } },
    '/api/registrations': {
      post: {
        summary: 'Register a unit (starts unit-registration); no login needed', security: [],
        requestBody: json({ $ref: '#/components/schemas/Registration' }),
        responses: { '201': ok('stored and started', { type: 'object', properties: { id: { type: 'string' }, number: { type: 'string' }, processInstanceKey: { type: 'string' } } }), ...errors(400, 409, 503) },
      },
    },
    '/api/registrations/{id}/resubmission': {
      get: { summary: 'A rejected registration to correct (token from the rejection e-mail)', security: [], parameters: [idParam(), q('token', { type: 'string' })], responses: { '200': ok('stored data, no password'), ...errors(404) } },
      post: {
        summary: 'Resubmit a corrected registration (the link works once)', security: [], parameters: [idParam()],
        requestBody: json({ type: 'object', required: ['token', 'registration'], properties: { token: { type: 'string' }, registration: { $ref: '#/components/schemas/Registration' } } }),
        responses: { '202': ok('back in review'), ...errors(400, 404, 409) },
      },
    },
    '/api/password-reset/code': {
      post: {
        summary: 'Send a reset code by SMS (USCC + contact name + mobile must match; 3 per mobile per day)', security: [],
        requestBody: json({ type: 'object', required: ['uscc', 'contactName', 'mobile'], properties: { uscc: { type: 'string' }, contactName: { type: 'string' }, mobile: { type: 'string' } } }),
        responses: { '202': ok('code sent'), ...errors(400, 422, 429) },
      },
    },
    '/api/password-reset': {
      post: {
        summary: 'Set a new password with the code (5 tries)', security: [],
        requestBody: json({ type: 'object', required: ['mobile', 'code', 'newPassword', 'newPasswordConfirm'], properties: { mobile: { type: 'string' }, code: { type: 'string' }, newPassword: { type: 'string' }, newPasswordConfirm: { type: 'string' } } }),
        responses: { '204': { description: 'password changed' }, ...errors(400, 429) },
      },
    },
    '/api/unit/accounts': {
      get: { summary: "The unit's accounts (main account only)", responses: { '200': ok('accounts'), ...errors(401, 403) } },
      post: { summary: 'Create a sub-account with per-area permissions (main account only)', requestBody: json({ type: 'object' }), responses: { '201': ok('created'), ...errors(400, 401, 403, 409) } },
    },
    '/api/unit/accounts/{id}': {
      patch: { summary: "Change a sub-account's permissions or status (main account only)", parameters: [idParam()], requestBody: json({ type: 'object' }), responses: { '200': ok('changed'), ...errors(400, 401, 403, 404) } },
    },
    '/api/appeals': {
      post: { summary: 'Account appeal (no login): unit, new contact with ID number, reason, authorisation letter', security: [], requestBody: json({ type: 'object' }), responses: { '201': ok('started'), ...errors(400, 422, 503) } },
    },
    '/api/password-set': {
      post: { summary: 'Set a password with the one-time link of an approved appeal', security: [], requestBody: json({ type: 'object', properties: { token: { type: 'string' }, password: { type: 'string' }, passwordConfirm: { type: 'string' } } }), responses: { '200': ok('login'), ...errors(400, 404) } },
    },
    '/api/unit/profile': {
      get: { summary: "The signed-in unit's profile", responses: { '200': ok('profile'), ...errors(401, 403) } },
      patch: { summary: 'Edit phone and invoicing information (identifying fields: 400, use unit-info-change)', requestBody: json({ type: 'object' }), responses: { '200': ok('profile'), ...errors(400, 401, 403) } },
    },
    '/api/unit/branches': {
      get: { summary: 'Secondary units', responses: { '200': ok('list'), ...errors(401, 403) } },
      post: { summary: 'Add a secondary unit (main account)', requestBody: json({ type: 'object' }), responses: { '201': ok('created'), ...errors(400, 401, 403, 409) } },
    },
    '/api/unit/qualifications': { get: { summary: "The unit's qualifications with their expiry status (active / expiring within 90 days / expired)", responses: { '200': ok('list'), ...errors(401, 403) } } },
    '/api/admin/deployments': {
      post: {
        summary: 'Lint and deploy a BPMN model (admins)', requestBody: json({ type: 'object', required: ['resourceName', 'xml'], properties: { resourceName: { type: 'string' }, xml: { type: 'string' } } }),
        responses: { '201': ok('deployed version'), '422': ok('lint issues with element ids'), ...errors(400, 401, 403) },
      },
    },
    '/api/admin/processes': { get: { summary: 'Process versions, who deployed them, and instance counts (admins)', responses: { '200': ok('versions'), ...errors(401, 403) } } },
    '/api/admin/incidents': { get: { summary: 'Active incidents (admins)', responses: { '200': ok('incidents'), ...errors(401, 403) } } },
    '/api/admin/incidents/{key}/retry': { post: { summary: 'Give the failed job another try and resolve the incident (admins)', parameters: [idParam('key')], responses: { '200': ok('retried'), ...errors(401, 403, 404, 409) } } },
    '/api/admin/cases/{processInstanceKey}': { get: { summary: 'A case: instance, current and finished elements, incidents, application data (personal data masked), history (admins)', parameters: [idParam('processInstanceKey')], responses: { '200': ok('case'), ...errors(401, 403, 404) } } },
    '/api/admin/cases/{processInstanceKey}/cancel': { post: { summary: 'Cancel a running case with a reason (admins)', parameters: [idParam('processInstanceKey')], requestBody: json({ type: 'object', properties: { reason: { type: 'string' } } }), responses: { '200': ok('cancelled'), ...errors(400, 401, 403, 409) } } },
    '/api/admin/processes/{id}/versions/{version}/xml': { get: { summary: 'Download a deployed version (admins)', parameters: [idParam(), idParam('version')], responses: { '200': { description: 'BPMN XML' }, ...errors(401, 403, 404) } } },
    '/api/admin/processes/{id}/diff/{from}/{to}': { get: { summary: 'Elements added, removed and changed between two versions (admins)', parameters: [idParam(), idParam('from'), idParam('to')], responses: { '200': ok('diff'), ...errors(401, 403, 404) } } },
    '/api/admin/lint': { post: { summary: 'Lint a BPMN model without deploying it (admins)', requestBody: json({ type: 'object', properties: { xml: { type: 'string' } } }), responses: { '200': ok('issues'), ...errors(400, 401, 403) } } },
    '/api/admin/forms': { get: { summary: 'The form registry (admins)', responses: { '200': ok('forms'), ...errors(401, 403) } } },
    // form editor, element templates, case list (api/routes/admin-workbench.ts)
    '/api/admin/forms/{key}': { get: { summary: 'A form: its newest schema and all its versions (admins)', parameters: [idParam('key')], responses: { '200': ok('form and versions'), ...errors(401, 403, 404) } } },
    '/api/admin/forms/{key}/versions': {
      post: {
        summary: 'Save a form as its new version after the form lint (keys unique, required fields labelled in Chinese and English); a new key registers a new form (admins)',
        parameters: [idParam('key')], requestBody: json({ type: 'object', required: ['schema'], properties: { schema: { type: 'object' } } }),
        responses: { '201': ok('saved version'), '200': ok('unchanged: the newest version already has this content'), '422': ok('form lint errors by component key'), ...errors(400, 401, 403) },
      },
    },
    '/api/admin/forms/{key}/versions/{version}': { get: { summary: 'One saved version of a form (admins)', parameters: [idParam('key'), idParam('version')], responses: { '200': ok('form version'), ...errors(401, 403, 404) } } },
    '/api/admin/processes/{id}/cases': {
      get: {
        summary: 'The cases of a process, newest first, with their application number (admins); ?version=N, ?state=ACTIVE|COMPLETED|TERMINATED|INCIDENT',
        parameters: [idParam(), { name: 'version', in: 'query', schema: { type: 'integer' } }, { name: 'state', in: 'query', schema: { type: 'string' } }],
        responses: { '200': ok('cases'), ...errors(401, 403) },
      },
    },
    '/api/admin/element-templates': { get: { summary: 'The Camunda 8 element templates: bpmn/templates/ (one per job type) and the PermitFlow user task with the current form registry (admins)', responses: { '200': ok('templates'), ...errors(401, 403) } } },
    // ---- practitioner publicity (api/routes/publicity.ts) ----
    '/api/publicity/candidates': {
      get: {
        summary: '人员检索: a person by name + ID number, the type from the registry and every eligibility rule with its outcome (unit accounts)',
        parameters: [q('name', { type: 'string' }), q('idNumber', { type: 'string' })], responses: { '200': ok('person, type, rules, failures'), ...errors(400, 401, 403, 404) },
      },
    },
    '/api/publicity/applications': {
      get: { summary: "The unit's publicity applications (?status=rejected for 已驳回申报单), person ID masked", parameters: [q('status', { type: 'string' })], responses: { '200': ok('list'), ...errors(401, 403) } },
      post: {
        summary: 'Create a publicity application (initial / change / renewal): form data (name, idNumber, resignationCertificate, commitments), optional requestedItems; the eligibility worker decides',
        requestBody: json({ type: 'object', properties: { data: { type: 'object' }, requestedItems: { type: 'array', items: { type: 'object', properties: { itemCode: { type: 'string' }, grade: { type: 'integer' } } } } } }),
        responses: { '201': ok('application with its number, waiting for the upload'), '422': ok('NOT_ELIGIBLE: every failed rule in fields; or PERSON_NOT_FOUND'), ...errors(400, 401, 403, 503) },
      },
    },
    '/api/publicity/applications/{id}': { get: { summary: 'One publicity application with its documents', parameters: [idParam()], responses: { '200': ok('application'), ...errors(401, 403, 404) } } },
    '/api/publicity/applications/{id}/sms-code': {
      post: {
        summary: 'Ask for the SMS confirmation code (24 h): three-element check first; after a mismatch send { mobile } once to correct it; a second mismatch opens a manual verification',
        parameters: [idParam()], requestBody: json({ type: 'object', properties: { mobile: { type: 'string' } } }),
        responses: { '202': ok('code sent (or the check still running)'), '422': ok('IDENTITY_MISMATCH / IDENTITY_MANUAL'), ...errors(400, 401, 403, 404, 409, 429, 503) },
      },
    },
    '/api/publicity/applications/{id}/confirm': {
      post: {
        summary: 'Upload the signed, stamped form (file id from POST /api/files) with the SMS code: starts the review; wrong or expired codes are refused',
        parameters: [idParam()], requestBody: json({ type: 'object', required: ['formFileId', 'code'], properties: { formFileId: { type: 'string' }, code: { type: 'string' } } }),
        responses: { '202': ok('in review'), ...errors(400, 401, 403, 404, 409, 429) },
      },
    },
    '/api/publicity/identity-verifications': {
      get: { summary: "公示人员实名验证: the unit's manual identity verifications (pending / passed / failed)", responses: { '200': ok('list'), ...errors(401, 403) } },
      post: { summary: 'Request a manual identity verification (name, ID number, mobile, proof)', requestBody: json({ type: 'object', properties: { data: { type: 'object' } } }), responses: { '201': ok('started'), ...errors(400, 401, 403, 503) } },
    },
    '/api/forms/{key}': { get: { summary: 'A Form.io form', security: [], parameters: [idParam('key')], responses: { '200': ok('form'), ...errors(404) } } },
    '/api/processes/{id}/diagram': { get: { summary: 'BPMN XML of a process (progress view)', security: [], parameters: [idParam()], responses: { '200': { description: 'BPMN 2.0 XML', content: { 'application/xml': {} } }, ...errors(404) } } },
    '/api/files': {
      post: {
        summary: 'Upload one file (multipart field "file"); jpg/png/pdf decided by content; at most 5 MB',
        requestBody: { required: true, content: { 'multipart/form-data': { schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } } } } },
        responses: { '201': ok('file id and metadata'), ...errors(400, 401, 413, 415) },
      },
    },
    '/api/documents/{id}': { get: { summary: 'A generated document (PDF) — its unit and staff', parameters: [idParam()], responses: { '200': { description: 'application/pdf' }, ...errors(401, 404) } } },
    '/api/licensing/catalogue': { get: { summary: 'Special-equipment licence categories (with the appraisal agency) and items (with their level: national items go to the national authority); the authority this unit would apply to', parameters: [], responses: { '200': ok('{ categories, items: [{ code, category, project, name, level }], authorities }'), ...errors(401) } } },
    '/api/inspector/items': { get: { summary: 'Inspector qualification item codes (Y-GL, Y-RQ, Y-DT, S-QZ, …)', responses: { '200': ok('{ items: [{ code, type, name }] }'), ...errors(401) } } },
    '/api/inspector/applications': { get: { summary: "The signed-in person's inspector qualification applications with their status", responses: { '200': ok('{ items: [{ id, number, itemCode, category, status, reason, submittedAt, acceptedAt, decidedAt }] }'), ...errors(401) } } },
    '/api/applications/{id}/documents': { get: { summary: 'The documents generated for an application', parameters: [idParam()], responses: { '200': ok('{ items: [{ id, kind, title, number, code, sha256, status, issuedAt, url }] }'), ...errors(401, 404) } } },
    '/api/public/verify/{code}': {
      get: { summary: 'Is the document with this verification code authentic and valid? (no login; rate-limited)', security: [], parameters: [idParam('code')], responses: { '200': ok('{ code, kind, title, number, sha256, status, issuedAt }'), ...errors(404, 429) } },
      post: {
        summary: 'Compare a PDF file with the document issued under this code (no login)', security: [], parameters: [idParam('code')],
        requestBody: { required: true, content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } } },
        responses: { '200': ok('{ …, matches, sameBytes, uploadedSha256 }'), ...errors(400, 404, 413, 415, 429) },
      },
    },
    '/api/files/{id}': { get: { summary: 'Download a file (owner or staff)', parameters: [idParam()], responses: { '200': { description: 'the file' }, ...errors(401, 404) } } },
    // ---- appraisal review (issue 6) ----
    '/api/appraisals': {
      post: {
        summary: 'Create an appraisal project (unit account): saved as a draft with its project number; the process starts with the "fill in and submit" task',
        requestBody: json({ type: 'object', properties: { data: { type: 'object', description: 'draft values of the appraisal-project form' } } }),
        responses: { '201': ok('created', { type: 'object', properties: { id: { type: 'string' }, number: { type: 'string' }, status: { type: 'string' }, processInstanceKey: { type: 'string' } } }), ...errors(400, 401, 403, 413, 503) },
      },
    },
    '/api/appraisals/{id}/files': {
      get: { summary: "The project's temporary files 临时性文件: every letter issued and file uploaded, with its step (the unit, staff)", parameters: [idParam()], responses: { '200': ok('list'), ...errors(401, 404) } },
    },
    '/api/appraisals/{id}/files/{fileId}': {
      get: { summary: 'Download one of the project\'s uploaded files (the unit, staff)', parameters: [idParam(), idParam('fileId')], responses: { '200': { description: 'the file' }, ...errors(401, 404) } },
    },
    '/api/appraisals/{id}/rating': {
      get: { summary: "The unit's rating of the review team 评审评价", parameters: [idParam()], responses: { '200': ok('scores and comment'), ...errors(401, 404) } },
    },
    '/api/public/appraisal-documents': {
      get: { summary: "The association's published appraisal documents 鉴定评审文件 (no login needed)", security: [], responses: { '200': ok('list') } },
    },
    '/api/public/appraisal-documents/{id}/file': {
      get: { summary: 'The file of a published appraisal document', security: [], parameters: [idParam()], responses: { '200': { description: 'the file' }, ...errors(404) } },
    },
    '/api/appraisal-documents': {
      post: {
        summary: 'Publish an appraisal document (association office)',
        requestBody: json({ type: 'object', required: ['title'], properties: { title: { type: 'string' }, docNumber: { type: 'string' }, category: { type: 'string' }, summary: { type: 'string' }, fileId: { type: 'string' } } }),
        responses: { '201': ok('published'), ...errors(400, 401, 403) },
      },
    },
    '/api/drafts/{scope}': {
      get: { summary: 'A saved draft (scope task:<key> or start:<process>)', parameters: [idParam('scope')], responses: { '200': ok('draft'), ...errors(401, 404) } },
      put: { summary: 'Save a draft', parameters: [idParam('scope')], requestBody: json({ type: 'object', properties: { data: { type: 'object' } } }), responses: { '200': ok('saved'), ...errors(400, 401, 413) } },
      delete: { summary: 'Discard a draft', parameters: [idParam('scope')], responses: { '204': { description: 'gone' } } },
    },
    '/api/applications': {
      get: { summary: "My unit's applications (staff: all)", responses: { '200': ok('list'), ...errors(401) } },
      post: {
        summary: 'Start a process from its start form',
        requestBody: json({ type: 'object', required: ['processId', 'data'], properties: { processId: { type: 'string' }, data: { type: 'object' } } }),
        responses: { '201': ok('started'), ...errors(400, 401, 403, 503) },
      },
    },
    '/api/applications/{id}': { get: { summary: 'One application: status, history, active and completed BPMN elements. A production licence adds `licence` (authority, items, acceptance number, agency, appraisal dates, corrections, licence number; the review feedback form only for the approving authority) and `statutoryClock` ({ limitWorkingDays, usedWorkingDays, leftWorkingDays, state: counting|paused|stopped, projectedDueDate }, appraisal time excluded)', parameters: [idParam()], responses: { '200': ok('case'), ...errors(401, 404) } } },
    '/api/tasks': {
      get: {
        summary: 'The inbox (keyset pages)',
        parameters: [
          q('state', { enum: ['CREATED', 'COMPLETED', 'CANCELED'] }), q('candidateGroup', { type: 'string' }), q('assignee', { type: 'string' }, 'a login, "me" or "none"'),
          q('processId', { type: 'string' }), q('dueBefore', { type: 'string', format: 'date-time' }), q('overdue', { type: 'boolean' }), q('text', { type: 'string' }, 'application number, applicant or unit name'),
          q('sort', { enum: ['due', 'created'] }), q('limit', { type: 'integer', minimum: 1, maximum: 200 }), q('cursor', { type: 'string' }),
        ],
        responses: { '200': ok('items and nextCursor'), ...errors(400, 401) },
      },
    },
    '/api/tasks/counts': { get: { summary: 'Open tasks per candidate group', responses: { '200': ok('counts') } } },
    '/api/tasks/stream': { get: { summary: 'Server-Sent Events of inbox changes', responses: { '200': { description: 'text/event-stream' } } } },
    '/api/tasks/{id}': { get: { summary: 'Task with its form, case and history. A production-licence correction task gets the whole application as `form` with only the flagged fields enabled, `prefill` and `correction` ({ round, items: [{ field, label, reason }], editable }); licensing tasks add `licence`', parameters: [idParam()], responses: { '200': ok('task'), ...errors(401, 404) } } },
    '/api/tasks/{id}/claim': { post: { summary: 'Claim (candidates only)', parameters: [idParam()], responses: { '200': ok('task'), ...errors(401, 403, 404, 409) } } },
    '/api/tasks/{id}/unclaim': { post: { summary: 'Release (assignee or review lead)', parameters: [idParam()], responses: { '200': ok('task'), ...errors(401, 403, 404, 409) } } },
    '/api/tasks/{id}/assign': {
      post: { summary: 'Assign (review lead)', parameters: [idParam()], requestBody: json({ type: 'object', properties: { assignee: { type: 'string' } } }), responses: { '200': ok('task'), ...errors(400, 401, 403, 404, 409) } },
    },
    // ---- practitioner publicity: batch add, cancellation, public query (issue 5 items 8–10) ----
    '/api/publicity/add/candidates': { get: { summary: "The unit's registered persons with items still to add (待追加人员), with totals", responses: { '200': ok('items and totals { persons, items }'), ...errors(401, 403) } } },
    '/api/publicity/add': {
      post: {
        summary: 'Add items for many persons in one batch (starts publicity-add); the consent counts must equal the selection',
        requestBody: json({ type: 'object', properties: { data: { type: 'object', properties: { persons: { type: 'array', items: { type: 'object', properties: { personId: { type: 'string' } } } }, consentPersons: { type: 'integer' }, consentItems: { type: 'integer' }, consent: { type: 'boolean' } } } } }),
        responses: { '201': ok('started: id, number, persons, items'), ...errors(400, 401, 403, 409, 422, 503) },
      },
    },
    '/api/publicity/renewals': { get: { summary: "The unit's persons whose publicity ends within `days` (default 90): offered for renewal", parameters: [q('days', { type: 'integer', minimum: 0, maximum: 366 })], responses: { '200': ok('days and items'), ...errors(400, 401, 403) } } },
    '/api/publicity/cancel/candidates': { get: { summary: "The unit's registered persons (ID numbers masked), with any application in progress", responses: { '200': ok('items'), ...errors(401, 403) } } },
    '/api/publicity/cancellations': {
      post: {
        summary: 'Request the cancellation of persons, a reason each (starts publicity-cancel; the request PDF follows)',
        requestBody: json({ type: 'object', properties: { data: { type: 'object', properties: { contactName: { type: 'string' }, contactPhone: { type: 'string' }, persons: { type: 'array', items: { type: 'object', properties: { personId: { type: 'string' }, reason: { type: 'string' } } } } } } } }),
        responses: { '201': ok('started: id, number, persons'), ...errors(400, 401, 403, 422, 503) },
      },
    },
    '/api/publicity/cancellations/{id}': { get: { summary: 'A cancellation: contact, persons with reasons, documents, stamped form (its unit; staff)', parameters: [idParam()], responses: { '200': ok('cancellation'), ...errors(401, 404) } } },
    '/api/publicity/cancellations/{id}/stamped-form': {
      post: { summary: 'Hand in the stamped request form (a file uploaded with POST /api/files); the review starts', parameters: [idParam()], requestBody: json({ type: 'object', properties: { file: { type: 'object', properties: { id: { type: 'string' } } } } }), responses: { '202': ok('in review'), ...errors(400, 401, 403, 404, 409) } },
    },
    '/api/public/publicity': {
      get: {
        summary: 'Public practitioner query (no login; rate-limited per IP): by name + ID number, or by unit name / USCC. Valid publicity only; ID numbers masked',
        security: [],
        parameters: [q('name', { type: 'string' }), q('idNumber', { type: 'string' }, 'GB 11643 resident ID number'), q('unit', { type: 'string' }, 'part of the unit name, or its USCC')],
        responses: { '200': ok('items: name, masked idNumber, unit, items, startDate, validUntil'), ...errors(400, 404, 429) },
      },
    },
    '/api/tasks/{id}/complete': {
      post: {
        summary: 'Complete with the form data, validated by the form rules on the server. A production-licence correction is refused (422 FIELD_NOT_FLAGGED, fields named) when it changes a field the notice did not flag',
        parameters: [idParam()],
        requestBody: json({ type: 'object', properties: { data: { type: 'object' } } }),
        responses: { '200': ok('completed'), ...errors(400, 401, 403, 404, 409) },
      },
    },
    // ---- power-facility permits, ratings, self-inspection (issue 8) ----
    '/api/power-permits/me': { get: { summary: "The unit's permit, basic info (from the registration), fast track, statutory limits, and whether acceptance with missing materials is offered", responses: { '200': ok('permit state'), ...errors(401, 403) } } },
    '/api/power-permits/check': {
      post: {
        summary: 'Completeness check of a power-permit application: every missing item (section, field, message) and the computed totals',
        requestBody: json({ type: 'object', required: ['processId'], properties: { processId: { type: 'string' }, data: { type: 'object' } } }),
        responses: { '200': ok('{ complete, missing[], totals }'), ...errors(400, 401, 403) },
      },
    },
    '/api/power-permits/applications': {
      post: {
        summary: 'Submit a power-permit process (new, registration change, item change, renewal, reissue, cancel, personnel change); 422 INCOMPLETE with the missing list; missingMaterials: true asks for acceptance with missing materials (422 MISSING_MATERIALS_REFUSED when not offered)',
        requestBody: json({ type: 'object', required: ['processId', 'data'], properties: { processId: { type: 'string' }, data: { type: 'object' }, missingMaterials: { type: 'boolean' } } }),
        responses: { '201': ok('application, processInstanceKey, fastTrack, statutoryDays'), ...errors(400, 401, 403, 422, 503) },
      },
    },
    '/api/power-permits/applications/{id}/materials': {
      post: { summary: 'Deliver the missing materials (acceptance with missing materials); 422 while still incomplete', parameters: [idParam()], requestBody: json({ type: 'object', properties: { data: { type: 'object' } } }), responses: { '200': ok('delivered'), ...errors(401, 404, 409, 422) } },
    },
    '/api/power-permits/applications/{id}/terminate': {
      post: { summary: 'End a case in progress (业务办理终止): the instance is cancelled, its open tasks leave the inbox', parameters: [idParam()], requestBody: json({ type: 'object', properties: { reason: { type: 'string' } } }), responses: { '200': ok('terminated'), ...errors(401, 404, 409) } },
    },
    '/api/applications/{id}/rating-link': { get: { summary: 'The rating link and QR code (PNG data URL) of a finished case', parameters: [idParam()], responses: { '200': ok('{ token, url, qr }'), ...errors(401, 404, 409) } } },
    '/api/public/ratings/{token}': {
      get: { summary: 'The case a rating link is for', security: [], parameters: [idParam('token')], responses: { '200': ok('case'), ...errors(404) } },
      post: {
        summary: 'Rate a case: stars 1–5 and a comment; one rating per mobile per 5 days (429 RATING_TOO_SOON)', security: [], parameters: [idParam('token')],
        requestBody: json({ type: 'object', required: ['mobile', 'stars'], properties: { mobile: { type: 'string' }, stars: { type: 'integer', minimum: 1, maximum: 5 }, comment: { type: 'string', maxLength: 1000 } } }),
        responses: { '201': ok('rated'), ...errors(400, 404, 429) },
      },
    },
    '/api/admin/ratings': { get: { summary: 'Ratings (admins): summary (count, average, by stars) and the latest 500', responses: { '200': ok('ratings'), ...errors(401, 403) } } },
    '/api/admin/self-inspections': {
      post: { summary: 'Launch a self-inspection campaign for a year: one task per licensed enterprise', requestBody: json({ type: 'object', required: ['year'], properties: { year: { type: 'integer' }, title: { type: 'string' } } }), responses: { '201': ok('campaign'), ...errors(400, 401, 403, 503) } },
    },
    '/api/admin/self-inspections/{id}': { get: { summary: 'Campaign progress: enterprises, submitted, pending', parameters: [idParam()], responses: { '200': ok('progress'), ...errors(401, 403, 404) } } },
    '/api/self-inspections': { get: { summary: "The unit's self-inspections and their open task", responses: { '200': ok('items'), ...errors(401, 403) } } },
    '/api/self-inspections/{id}/submit': {
      post: { summary: 'Submit a self-inspection; 422 INCOMPLETE with every missing required item', parameters: [idParam()], requestBody: json({ type: 'object', properties: { data: { type: 'object' } } }), responses: { '200': ok('submitted'), ...errors(401, 404, 409, 422) } },
    },
  },
} as const;
