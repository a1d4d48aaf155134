import { IsInt, Min } from 'class-validator';
import { InvalidEnvironmentError, loadEnv } from './load-env';
import { ServiceEnv } from './service-env';

class ExampleEnv extends ServiceEnv {
  override PORT = 3999;

  @IsInt()
  @Min(1)
  BATCH_SIZE: number = 500;
}

describe('loadEnv', () => {
  const base = { DATABASE_URL: 'postgres://orders_svc@127.0.0.1:5432/parcelstream' };

  it('applies defaults and converts numeric strings', () => {
    const env = loadEnv(ExampleEnv, { ...base, SHUTDOWN_DELAY_MS: '5000', PORT: '4000', BATCH_SIZE: '250' });
    expect(env).toMatchObject({ PORT: 4000, SHUTDOWN_DELAY_MS: 5000, BATCH_SIZE: 250, KAFKA_BROKERS: '127.0.0.1:9092', LOG_LEVEL: 'info', NODE_ENV: 'development' });
    expect(loadEnv(ExampleEnv, base)).toMatchObject({ PORT: 3999, SHUTDOWN_DELAY_MS: 0 });
  });

  it('names every invalid variable', () => {
    try {
      loadEnv(ExampleEnv, { DATABASE_URL: 'mysql://x', SHUTDOWN_DELAY_MS: '-1', LOG_LEVEL: 'loud' });
      fail('expected an error');
    } catch (e) {
      expect(e).toBeInstanceOf(InvalidEnvironmentError);
      expect((e as InvalidEnvironmentError).problems.map((p) => p.split(':')[0]).sort()).toEqual(['DATABASE_URL', 'LOG_LEVEL', 'SHUTDOWN_DELAY_MS']);
    }
  });
});
