import { TrackingStoreClient, TRACKING_STORE_CLIENT_UNSUPPORTED } from '../src/sdk/tracking-store-client.js';
import { runTrackingStoreSuite } from './support/tracking-contract.js';
import { serverTargets } from './support/tracking-servers.js';

/*
 * The tracking contract through the SDK over HTTP (MLflow's RestStore pattern): the client
 * implements the service's interface on a real server, so the routes, their JSON mapping and
 * the SDK's decoders must together behave exactly as the service does, on both engines.
 */
for (const server of serverTargets()) {
  runTrackingStoreSuite({
    name: `HTTP (SDK TrackingStoreClient) over ${server.name}`,
    skip: server.skip,
    unsupported: TRACKING_STORE_CLIENT_UNSUPPORTED,
    open: async () => {
      const running = await server.start();
      // Keep-alive connections, as clients use them: the server's close must not wait for them.
      const api = new TrackingStoreClient({ baseUrl: running.url });
      return { api, close: running.close };
    },
  });
}
