/**
 * @module @mlskit/key-packages/node
 * Node.js-only helpers of `@mlskit/key-packages`: batch key package generation in worker
 * threads, on every core, with any provider.
 */
export type { WorkerProviderRef } from "./messages.js";
export {
  type KeyPackageWorkerBatchOptions,
  type KeyPackageWorkerPool,
  type KeyPackageWorkerPoolOptions,
  openKeyPackageWorkerPool,
} from "./worker-pool.js";
