import { Logger } from '@nestjs/common';
import { loadEnv, runService } from '@parcelstream/service-runtime';
import { configureGatewayHttp } from './gateway-http';
import { applySecretDefaults, GatewayEnv } from './config/gateway.env';
import { GatewayModule } from './gateway.module';

async function bootstrap() {
  const env = loadEnv(GatewayEnv);
  const defaulted = applySecretDefaults(env);
  const app = await runService(GatewayModule.forEnv(env), {
    name: 'api-gateway',
    port: env.GATEWAY_PORT,
    logLevel: env.LOG_LEVEL,
    consumeEvents: false,
    bodyParser: false,
    configure: (a) => configureGatewayHttp(a, env),
  });
  for (const d of defaulted) new Logger('Gateway').warn(`development default in use: ${d}`);
  return app;
}

void bootstrap();
