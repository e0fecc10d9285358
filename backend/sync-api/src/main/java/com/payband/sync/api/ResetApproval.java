package com.payband.sync.api;

/** An administrator's approval of one reset of a band deactivated as STOLEN or FRAUD ({@link ApiPaths#ADMIN_RESET_APPROVALS}). */
public record ResetApproval(String bindingId, String approvedBy, String note) {
}
