// autocannon 8 ships no types; this declares the part of its programmatic API the benchmarks use.
declare module 'autocannon' {
  interface Histogram {
    average: number;
    mean: number;
    stddev: number;
    min: number;
    max: number;
    total: number;
    p50: number;
    p90: number;
    p97_5: number;
    p99: number;
  }

  interface Client {
    setBody(body: string | Buffer): void;
  }

  interface Options {
    url: string;
    method?: 'GET' | 'POST';
    headers?: Record<string, string>;
    body?: string | Buffer;
    connections?: number;
    duration?: number;
    pipelining?: number;
    timeout?: number;
    setupClient?: (client: Client) => void;
  }

  interface Result {
    duration: number;
    requests: Histogram;
    latency: Histogram;
    throughput: Histogram;
    errors: number;
    timeouts: number;
    non2xx: number;
    '2xx': number;
    statusCodeStats: Record<string, { count: number }>;
  }

  /** The running instance: an EventEmitter that is also a promise of the result. */
  interface Instance extends PromiseLike<Result> {
    /** Once a second: `counter` responses (of any status) completed in that second. */
    on(event: 'tick', listener: (tick: { counter: number; bytes: number }) => void): Instance;
  }

  function autocannon(opts: Options): Instance;
  export default autocannon;
  export type { Client, Instance, Options, Result, Histogram };
}
