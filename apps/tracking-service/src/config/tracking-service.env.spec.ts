import { InvalidEnvironmentError, loadEnv } from '@parcelstream/service-runtime';
import { TrackingServiceEnv } from './tracking-service.env';

describe('TrackingServiceEnv: consumer batch sizes', () => {
  it('takes batches up to what the deployment heap holds (10,000 events, 8 MiB a partition)', () => {
    const env = loadEnv(TrackingServiceEnv, { CONSUMER_CHUNK_SIZE: '10000', CONSUMER_FETCH_BYTES_PER_PARTITION: String(8 * 1_048_576) });
    expect(env.CONSUMER_CHUNK_SIZE).toBe(10_000);
    expect(env.CONSUMER_FETCH_BYTES_PER_PARTITION).toBe(8 * 1_048_576);
  });

  it('refuses larger ones at start, naming the variables (they ran out of heap in a crash loop)', () => {
    const load = () => loadEnv(TrackingServiceEnv, { CONSUMER_CHUNK_SIZE: '20000', CONSUMER_FETCH_BYTES_PER_PARTITION: String(16 * 1_048_576) });
    expect(load).toThrow(InvalidEnvironmentError);
    expect(load).toThrow(/CONSUMER_CHUNK_SIZE: .*10000/);
    expect(load).toThrow(/CONSUMER_FETCH_BYTES_PER_PARTITION: .*8388608/);
  });
});
