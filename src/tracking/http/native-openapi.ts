import { MAX_KEYS_PER_HISTORY_REQUEST, MAX_RUNS_PER_HISTORY_REQUEST } from './native-limits.js';

/**
 * The OpenAPI 3.1 description of Flywheel's own tracking routes (/api/v1), served at
 * /api/v1/openapi.json. Written by hand: the routes validate with Zod, and this document is
 * the contract for clients; the tests check every documented path answers.
 */

const json = (schema: object) => ({ 'application/json': { schema } });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

const errorResponses = {
  '400': { description: 'Invalid request (error_code INVALID_PARAMETER_VALUE, details lists the issues)', content: json(ref('Error')) },
  '404': { description: 'A run or experiment does not exist (RESOURCE_DOES_NOT_EXIST)', content: json(ref('Error')) },
};

const doubleValue = {
  oneOf: [{ type: 'number' }, { type: 'string', enum: ['NaN', 'Infinity', '-Infinity'] }],
  description: 'A double; NaN and ±Infinity are sent as strings, as in protobuf JSON',
};

export const nativeOpenApiDocument = {
  openapi: '3.1.0',
  info: {
    title: 'Flywheel tracking API',
    version: '1',
    description:
      "Flywheel's own tracking routes. The MLflow REST API 2.0 is served as well under /api/2.0/mlflow/ " +
      'with MLflow\'s shapes; errors here use the same body: {"error_code", "message", "details"?}.',
  },
  paths: {
    '/api/v1/metrics/history-bulk': {
      post: {
        summary: 'Metric histories of many runs and keys at once, downsampled when asked',
        operationId: 'getBulkHistory',
        requestBody: {
          required: true,
          content: json({
            type: 'object',
            required: ['run_ids', 'keys'],
            properties: {
              run_ids: { type: 'array', items: { type: 'string' }, minItems: 1, maxItems: MAX_RUNS_PER_HISTORY_REQUEST },
              keys: { type: 'array', items: { type: 'string' }, minItems: 1, maxItems: MAX_KEYS_PER_HISTORY_REQUEST },
              max_points: { type: 'integer', minimum: 0, description: 'Points per series at most; 0 or absent for all' },
              x_axis: { type: 'string', enum: ['step', 'timestamp'], default: 'step' },
              x_min: { type: 'number', description: 'Only points with x >= x_min' },
              x_max: { type: 'number', description: 'Only points with x <= x_max' },
            },
          }),
        },
        responses: {
          '200': {
            description: 'One series per (run, key) that has points, as columns',
            content: json({
              type: 'object',
              required: ['series', 'cursor'],
              properties: {
                series: { type: 'array', items: ref('MetricSeries') },
                cursor: { type: 'integer', description: 'The smallest series cursor: where a live tail of these series starts' },
              },
            }),
          },
          ...errorResponses,
        },
      },
    },
    '/api/v1/metrics/tail': {
      post: {
        summary: 'Metric points logged since a cursor, for live charts',
        operationId: 'tailMetrics',
        requestBody: {
          required: true,
          content: json({
            type: 'object',
            required: ['run_ids'],
            properties: {
              run_ids: { type: 'array', items: { type: 'string' }, minItems: 1, maxItems: MAX_RUNS_PER_HISTORY_REQUEST },
              keys: { type: 'array', items: { type: 'string' }, minItems: 1, maxItems: MAX_KEYS_PER_HISTORY_REQUEST },
              cursor: { type: 'integer', minimum: 0, default: 0, description: 'The cursor of the previous answer; 0 for everything' },
              max_points: { type: 'integer', minimum: 1 },
            },
          }),
        },
        responses: {
          '200': {
            description: 'The points after the cursor, and the cursor to pass next time',
            content: json({
              type: 'object',
              required: ['points', 'cursor'],
              properties: {
                points: { type: 'array', items: ref('MetricPoint') },
                cursor: { type: 'integer' },
              },
            }),
          },
          ...errorResponses,
        },
      },
    },
    '/api/v1/runs/search': {
      post: {
        summary: "MLflow's runs/search; the filter also accepts `or` and parentheses",
        operationId: 'searchRuns',
        requestBody: {
          required: true,
          content: json({
            type: 'object',
            properties: {
              experiment_ids: { type: 'array', items: { type: 'string' } },
              filter: { type: 'string', examples: ["metrics.loss < 0.1 and (params.lr = '0.01' or tags.best = 'true')"] },
              run_view_type: { type: 'string', enum: ['ACTIVE_ONLY', 'DELETED_ONLY', 'ALL'], default: 'ACTIVE_ONLY' },
              max_results: { type: 'integer', minimum: 1, maximum: 50000, default: 1000 },
              order_by: { type: 'array', items: { type: 'string' }, examples: [['metrics.loss ASC']] },
              page_token: { type: 'string' },
            },
          }),
        },
        responses: {
          '200': {
            description: 'A page of runs in MLflow\'s Run shape',
            content: json({
              type: 'object',
              required: ['runs'],
              properties: {
                runs: { type: 'array', items: ref('Run') },
                next_page_token: { type: 'string', description: 'Absent on the last page' },
              },
            }),
          },
          ...errorResponses,
        },
      },
    },
    '/api/v1/experiments/stats': {
      post: {
        summary: 'Run counts and last activity of experiments, counted over their active runs',
        operationId: 'experimentStats',
        requestBody: {
          required: true,
          content: json({
            type: 'object',
            required: ['experiment_ids'],
            properties: { experiment_ids: { type: 'array', maxItems: 1000, items: { type: 'string' } } },
          }),
        },
        responses: {
          '200': {
            description: 'One entry per experiment id asked for, in order',
            content: json({
              type: 'object',
              required: ['stats'],
              properties: {
                stats: {
                  type: 'array',
                  items: {
                    type: 'object',
                    required: ['experiment_id', 'run_count', 'running_count'],
                    properties: {
                      experiment_id: { type: 'string' },
                      run_count: { type: 'integer' },
                      running_count: { type: 'integer' },
                      last_activity_time: { type: 'integer', description: 'Latest start or end of a run, ms since epoch; absent when none' },
                    },
                  },
                },
              },
            }),
          },
          ...errorResponses,
        },
      },
    },
    '/api/v1/runs/move': {
      post: {
        summary: 'Moves a run, with everything it logged, to another experiment',
        operationId: 'moveRun',
        requestBody: {
          required: true,
          content: json({
            type: 'object',
            required: ['run_id', 'experiment_id'],
            properties: { run_id: { type: 'string' }, experiment_id: { type: 'string' } },
          }),
        },
        responses: { '200': { description: 'Moved', content: json({ type: 'object' }) }, ...errorResponses },
      },
    },
    '/api/v1/gc': {
      post: {
        summary: 'Removes deleted runs for good, with their metrics and artifacts',
        operationId: 'purgeDeletedRuns',
        requestBody: {
          required: false,
          content: json({
            type: 'object',
            properties: {
              older_than_ms: { type: 'integer', minimum: 0, description: 'Only runs deleted at least this long ago' },
            },
          }),
        },
        responses: {
          '200': {
            description: 'The runs removed',
            content: json({
              type: 'object',
              required: ['purged_run_ids'],
              properties: { purged_run_ids: { type: 'array', items: { type: 'string' } } },
            }),
          },
          ...errorResponses,
        },
      },
    },
    '/api/v1/openapi.json': {
      get: {
        summary: 'This document',
        operationId: 'getOpenApiDocument',
        responses: { '200': { description: 'OpenAPI 3.1', content: json({ type: 'object' }) } },
      },
    },
  },
  components: {
    schemas: {
      Error: {
        type: 'object',
        required: ['error_code', 'message'],
        properties: {
          error_code: { type: 'string', examples: ['INVALID_PARAMETER_VALUE', 'RESOURCE_DOES_NOT_EXIST'] },
          message: { type: 'string' },
          details: {
            type: 'array',
            items: {
              type: 'object',
              required: ['path', 'message'],
              properties: { path: { type: 'string' }, message: { type: 'string' } },
            },
          },
        },
      },
      MetricSeries: {
        type: 'object',
        required: ['run_id', 'key', 'steps', 'timestamps', 'values', 'total_points', 'range_points', 'cursor'],
        properties: {
          run_id: { type: 'string' },
          key: { type: 'string' },
          steps: { type: 'array', items: { type: 'integer' } },
          timestamps: { type: 'array', items: { type: 'integer' } },
          values: { type: 'array', items: doubleValue },
          total_points: { type: 'integer', description: 'Points stored; more than returned when downsampled' },
          range_points: { type: 'integer', description: 'Points with x inside [x_min, x_max]' },
          cursor: { type: 'integer', description: 'metrics/tail from here returns every point logged after this read' },
        },
      },
      MetricPoint: {
        type: 'object',
        required: ['run_id', 'key', 'value', 'timestamp', 'step'],
        properties: {
          run_id: { type: 'string' },
          key: { type: 'string' },
          value: doubleValue,
          timestamp: { type: 'integer' },
          step: { type: 'integer' },
        },
      },
      Run: {
        type: 'object',
        description: "MLflow's Run message in protobuf JSON",
        required: ['info', 'data', 'inputs'],
        properties: {
          info: {
            type: 'object',
            properties: {
              run_id: { type: 'string' },
              run_uuid: { type: 'string' },
              run_name: { type: 'string' },
              experiment_id: { type: 'string' },
              user_id: { type: 'string' },
              status: { type: 'string', enum: ['RUNNING', 'SCHEDULED', 'FINISHED', 'FAILED', 'KILLED'] },
              start_time: { type: 'integer' },
              end_time: { type: 'integer' },
              artifact_uri: { type: 'string' },
              lifecycle_stage: { type: 'string', enum: ['active', 'deleted'] },
            },
          },
          data: {
            type: 'object',
            properties: {
              metrics: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: { key: { type: 'string' }, value: doubleValue, timestamp: { type: 'integer' }, step: { type: 'integer' } },
                },
              },
              params: { type: 'array', items: ref('KeyValue') },
              tags: { type: 'array', items: ref('KeyValue') },
            },
          },
          inputs: {
            type: 'object',
            properties: { dataset_inputs: { type: 'array', items: { type: 'object' } } },
          },
        },
      },
      KeyValue: {
        type: 'object',
        required: ['key', 'value'],
        properties: { key: { type: 'string' }, value: { type: 'string' } },
      },
    },
  },
} as const;
