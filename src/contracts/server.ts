import { z } from 'zod';
import { defineRoute } from './route-contract.js';

/** Routes of the server itself (composition, not a domain). */
export const serverRoutes = {
  health: defineRoute({
    methods: ['GET'],
    path: '/health',
    tag: 'server',
    summary: 'Liveness: answers while the server runs',
    response: z.object({ status: z.literal('ok') }),
  }),
  openApi: defineRoute({
    methods: ['GET'],
    path: '/api/v1/openapi.json',
    tag: 'server',
    summary: 'This OpenAPI 3.1 document, generated from the route contracts',
    response: z.object({ openapi: z.string(), info: z.object({ title: z.string(), version: z.string() }).loose(), paths: z.record(z.string(), z.unknown()) }).loose(),
  }),
} as const;
