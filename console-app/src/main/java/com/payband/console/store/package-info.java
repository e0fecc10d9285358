/**
 * The local store: the per-user data folder, the lock that keeps a second console out of it, the H2
 * database (Flyway migrations, Hibernate validating the schema), and backups.
 */
package com.payband.console.store;
