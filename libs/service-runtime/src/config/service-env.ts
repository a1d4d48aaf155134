import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';

/**
 * What every service reads from its environment; a service extends it with its own variables.
 * Write the type of every field (`X: number = 0`, not `X = 0`): the conversion from the environment's
 * strings follows the emitted design type, which an initializer alone does not give.
 */
export class ServiceEnv {
  @IsIn(['development', 'test', 'production'])
  NODE_ENV: 'development' | 'test' | 'production' = 'development';

  @IsInt()
  @Min(1)
  @Max(65535)
  PORT!: number;

  /** the service's own login role on its own schema */
  @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL!: string;

  @Matches(/^[^,\s]+(,[^,\s]+)*$/, { message: 'KAFKA_BROKERS must be host:port[,host:port…]' })
  KAFKA_BROKERS: string = '127.0.0.1:9092';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace'])
  LOG_LEVEL: string = 'info';

  /** readiness turns false, then the app waits this long before it stops taking work (k8s preStop) */
  @IsInt()
  @Min(0)
  SHUTDOWN_DELAY_MS: number = 0;

  @IsOptional()
  @IsString()
  SERVICE_INSTANCE?: string;

  /** the Kafka consumer group (default: the service's name); read by the messaging module */
  @IsOptional()
  @Matches(/^[A-Za-z0-9._-]{1,200}$/, { message: 'KAFKA_CONSUMER_GROUP may hold letters, digits, ".", "_" and "-"' })
  KAFKA_CONSUMER_GROUP?: string;

  /** where a consumer group that has committed nothing starts (default earliest); read by the messaging module */
  @IsOptional()
  @IsIn(['earliest', 'latest'])
  KAFKA_CONSUMER_START?: 'earliest' | 'latest';

  /**
   * how long the broker waits for a silent consumer before it gives its partitions to the others (default 10 s);
   * also about how long a replacement for a crashed process waits to join its group. Read by the messaging module.
   */
  @IsInt()
  @Min(6_000)
  @Max(300_000)
  KAFKA_SESSION_TIMEOUT_MS: number = 10_000;
}
