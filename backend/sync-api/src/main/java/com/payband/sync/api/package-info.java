/**
 * The sync API's types (src/docs/sync-api.yaml): request and response bodies as records that Jackson maps
 * field by field, the error codes, the paths, and the registration proofs that both ends compute. The
 * backend and the console both use these classes, so that a change of the API is one change.
 */
package com.payband.sync.api;
