import { localService, type LocalService } from '../service';
import { startGateway, type Gateway, type GatewayOptions } from './gateway-server';

/** API Gateway in front of the Lambda pools. */
export function gatewayService(options: GatewayOptions): LocalService<Gateway> {
  return localService('gateway', () => startGateway(options));
}
