/**
 * Staff accounts, roles and the permission matrix. Permissions are enforced here, in the services,
 * whatever a user interface shows or hides. Passwords are Argon2id hashes; accounts lock after
 * repeated failures.
 */
package com.payband.console.staff;
