/**
 * Reads a Prometheus text exposition (`GET /metrics`): the sum of a metric's samples whose labels include
 * `labels` (0 when there are none). Enough for tests that check a counter moved; not a full parser.
 */
export function metricValue(exposition: string, name: string, labels: Record<string, string> = {}): number {
  let sum = 0;
  for (const line of exposition.split('\n')) {
    if (!(line.startsWith(`${name}{`) || line.startsWith(`${name} `))) continue;
    const space = line.lastIndexOf(' ');
    const series = line.slice(0, space);
    if (Object.entries(labels).every(([k, v]) => series.includes(`${k}="${v}"`))) sum += Number(line.slice(space + 1));
  }
  return sum;
}

/** `GET <baseUrl>/metrics` as text. */
export async function scrapeMetrics(baseUrl: string): Promise<string> {
  const res = await fetch(`${baseUrl}/metrics`);
  if (res.status !== 200) throw new Error(`${baseUrl}/metrics: ${res.status}`);
  return res.text();
}
