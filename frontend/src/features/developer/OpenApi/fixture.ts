import type { OpenApiDocument } from './openapi';

/** A small OpenAPI document in the shape of Keyward's, for the view's tests. */
export const fixture: OpenApiDocument = {
  openapi: '3.1.0',
  info: {
    title: 'Test machine API',
    version: '1.2.3',
    summary: 'Checks tokens.',
    description:
      'Intro with **bold** and `code`.\n\n- first point\n- second with a [link](https://example.com/docs)\n\nRaw <img src=x onerror="alert(1)"> stays text.',
  },
  servers: [{ url: '/' }],
  security: [{ apiToken: [] }, { bearer: [] }],
  tags: [
    { name: 'Tokens', description: 'What a token may do.' },
    { name: 'Sign-in', description: 'Signing people in.' },
  ],
  paths: {
    '/api/v1/whoami': {
      get: {
        operationId: 'whoami',
        tags: ['Tokens'],
        summary: 'Describe the presented token',
        description: 'Answers what the token may do.',
        responses: {
          '200': {
            description: 'The token is good.',
            headers: { 'Cache-Control': { $ref: '#/components/headers/NoStore' } },
            content: {
              'application/json': {
                schema: { $ref: '#/components/schemas/Whoami' },
                example: { token: { id: '12', name: 'Billing sync' }, ip: '203.0.113.45' },
              },
            },
          },
          '401': { $ref: '#/components/responses/Unauthorized' },
        },
      },
    },
    '/api/v1/auth/login': {
      post: {
        operationId: 'login',
        tags: ['Sign-in'],
        summary: 'Sign in with an email and password',
        security: [],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: { $ref: '#/components/schemas/LoginRequest' },
              examples: {
                password: { summary: 'Email and password', value: { email: 'dev@example.com', password: 'secret' } },
                code: { summary: 'With the emailed code', value: { email: 'dev@example.com', password: 'secret', code: '482913' } },
              },
            },
          },
        },
        responses: {
          '204': { description: 'Signed in.' },
          '401': { $ref: '#/components/responses/Unauthorized' },
        },
      },
    },
  },
  components: {
    securitySchemes: {
      apiToken: { type: 'apiKey', in: 'header', name: 'X-Auth-Token', description: 'An API token.' },
      bearer: { type: 'http', scheme: 'bearer' },
    },
    headers: {
      NoStore: { description: 'Never cached.', required: true, schema: { type: 'string', const: 'no-store' } },
    },
    responses: {
      Unauthorized: {
        description: 'No usable token.',
        content: {
          'application/json': {
            schema: { $ref: '#/components/schemas/Error' },
            example: { error: 'unauthorized', message: 'invalid or expired token' },
          },
        },
      },
    },
    schemas: {
      Whoami: {
        type: 'object',
        description: "The token's own view.",
        required: ['token', 'ip'],
        properties: {
          token: { $ref: '#/components/schemas/TokenRef' },
          ip: { type: 'string', description: 'The address Keyward sees.', examples: ['203.0.113.45'] },
          expiresAt: { type: ['string', 'null'], format: 'date-time' },
          permissions: { type: 'array', items: { type: 'string' } },
        },
      },
      TokenRef: {
        type: 'object',
        required: ['id'],
        properties: { id: { type: 'string' }, name: { type: 'string' }, parent: { $ref: '#/components/schemas/TokenRef' } },
      },
      LoginRequest: {
        type: 'object',
        required: ['email'],
        anyOf: [{ required: ['password'] }, { required: ['currentPassword'] }],
        properties: {
          email: { type: 'string', maxLength: 320 },
          password: { type: 'string' },
          currentPassword: { type: 'string' },
          code: { type: 'string', description: 'The 6-digit code.' },
        },
      },
      Error: {
        type: 'object',
        required: ['error', 'message'],
        properties: { error: { type: 'string', enum: ['unauthorized', 'code_required'] }, message: { type: 'string' } },
      },
    },
  },
};
