/**
 * HTTP load with autocannon (pinned in package.json): closed loop at full speed (`connections` in flight), or
 * open loop at a fixed `rate` (requests/s over all connections; latencies corrected for coordinated omission).
 * Each request's path comes from `pathOf()`, e.g. a random waybill.
 */
import autocannon from 'autocannon';

export async function httpLoad({ url, pathOf, connections = 32, durationS = 15, rate, headers = {} }) {
  const options = {
    url,
    connections,
    duration: durationS,
    headers,
    requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: pathOf() }) }],
  };
  if (rate) options.overallRate = rate;
  const r = await autocannon(options);
  const ok = r.requests.total - r.non2xx;
  return {
    requests: r.requests.total,
    ok,
    rps: r.requests.total / r.duration,
    p50: r.latency.p50,
    p90: r.latency.p90,
    p99: r.latency.p99,
    max: r.latency.max,
    errors: r.errors,
    timeouts: r.timeouts,
    non2xx: r.non2xx,
    statusCodes: r.statusCodeStats,
  };
}

/** A row of a latency table. */
export const loadRow = (label, r, fmt) => [label, fmt.int(r.requests), fmt.int(r.rps), fmt.ms(r.p50), fmt.ms(r.p99), fmt.ms(r.max), fmt.int(r.errors + r.non2xx)];
export const LOAD_HEADER = ['run', 'requests', 'req/s', 'p50', 'p99', 'max', 'errors+non-2xx'];
