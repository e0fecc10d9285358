/**
 * Events waiting to be synced with the backend, written in the same transaction as the change they
 * report (transactional outbox), sealed with the store's key, and marked when a simulator made them:
 * simulator events never go to a real backend.
 */
package com.payband.console.outbox;
