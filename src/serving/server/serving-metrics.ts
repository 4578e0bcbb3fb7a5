import { Counter, Gauge, Histogram, Registry } from 'prom-client';

export type InferenceProtocol = 'oip' | 'mlflow';

/** Seconds; from 0.5 ms (a small model on a warm path) to 10 s. */
const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10];
const BATCH_BUCKETS = [1, 2, 4, 8, 16, 32, 64, 128, 256];

/**
 * The inference server's Prometheus series, in a registry of its own (not prom-client's
 * global one) so that several servers in one process (tests, `fw server`) keep theirs apart.
 */
export class ServingMetrics {
  readonly registry = new Registry();
  readonly requests: Counter<'model' | 'version' | 'protocol' | 'status'>;
  readonly latency: Histogram<'model' | 'version' | 'protocol'>;
  readonly queueTime: Histogram<'model' | 'version'>;
  readonly batchSize: Histogram<'model' | 'version'>;
  readonly errors: Counter<'model' | 'version' | 'protocol' | 'status'>;
  readonly loaded: Gauge<'model' | 'version'>;
  readonly switches: Counter<'model'>;

  constructor() {
    const registers = [this.registry];
    this.requests = new Counter({
      name: 'fw_inference_requests_total',
      help: 'Inference requests answered, by model, version, protocol (oip, mlflow) and HTTP status',
      labelNames: ['model', 'version', 'protocol', 'status'],
      registers,
    });
    this.latency = new Histogram({
      name: 'fw_inference_request_duration_seconds',
      help: 'Time from the request arriving to its answer, in seconds',
      labelNames: ['model', 'version', 'protocol'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.queueTime = new Histogram({
      name: 'fw_inference_queue_duration_seconds',
      help: 'Time a request waited in the batching queue before its run started, in seconds',
      labelNames: ['model', 'version'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.batchSize = new Histogram({
      name: 'fw_inference_batch_size',
      help: 'Rows in each run of a model (several requests batched together, or one)',
      labelNames: ['model', 'version'],
      buckets: BATCH_BUCKETS,
      registers,
    });
    this.errors = new Counter({
      name: 'fw_inference_errors_total',
      help: 'Inference requests that failed, by model, version, protocol and HTTP status',
      labelNames: ['model', 'version', 'protocol', 'status'],
      registers,
    });
    this.loaded = new Gauge({
      name: 'fw_inference_models_loaded',
      help: 'Model versions loaded and serving (1), by model and version',
      labelNames: ['model', 'version'],
      registers,
    });
    this.switches = new Counter({
      name: 'fw_inference_model_switches_total',
      help: 'Times a served reference (an alias, latest) moved to another version and the server switched to it',
      labelNames: ['model'],
      registers,
    });
  }

  /** Records one answered inference request. `version` is empty when none was picked (an unknown model). */
  observeRequest(r: { model: string; version: string; protocol: InferenceProtocol; status: number; seconds: number }): void {
    const labels = { model: r.model, version: r.version, protocol: r.protocol };
    this.requests.inc({ ...labels, status: String(r.status) });
    this.latency.observe(labels, r.seconds);
    if (r.status >= 400) this.errors.inc({ ...labels, status: String(r.status) });
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
