import {
  startGateway,
  type Gateway,
  type GatewayOptions,
} from '../../local/gateway/gateway-server';

/**
 * The gateway alone, without functions, serving one route, `POST /flooded`,
 * whose bucket holds `burstLimit` tokens and practically never refills: once
 * the burst is spent every request is throttled, and none is admitted as far
 * as an integration.
 */
export function startFloodedGateway(
  burstLimit: number,
  options: Pick<GatewayOptions, 'maxPacingHoldMs' | 'onAccessLog'>,
): Promise<Gateway> {
  return startGateway({
    port: 0,
    pools: new Map(),
    routes: [
      {
        method: 'POST',
        path: '/flooded',
        function: 'none',
        throttle: { rateLimit: 0.001, burstLimit },
      },
    ],
    ...options,
  });
}
