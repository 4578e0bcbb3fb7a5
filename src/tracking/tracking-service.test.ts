import { runTrackingSuite } from '../../test/support/tracking-contract.js';
import { testEngines } from '../../test/support/databases.js';

for (const engine of testEngines()) runTrackingSuite(engine);
