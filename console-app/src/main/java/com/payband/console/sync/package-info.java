/**
 * The console's side of the backend: registration with a one-time code (the console's own key and certificate
 * request, the backend's CA pinned once its proof holds), the link kept in the store, and the mutual-TLS client
 * that every later call goes through. The console talks to the backend only over its API
 * (src/docs/sync-api.yaml), with the types of {@code com.payband.sync.api}.
 */
package com.payband.console.sync;
