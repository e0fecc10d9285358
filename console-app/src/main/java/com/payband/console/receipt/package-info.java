/**
 * Printed receipts for customers (enrollment now; lost, stolen and replacement bands later): one PDF
 * generator ({@link com.payband.console.receipt.ReceiptPdf}, Apache PDFBox) for every kind of receipt,
 * with localised labels, wrapped text, page breaks and page numbers, the consent text in full with a
 * line for the customer's signature, and fonts found on the machine and embedded as subsets
 * ({@link com.payband.console.receipt.ReceiptFonts}). What is printed about the customer (masked name
 * and number) is the caller's decision. Depends on consent and i18n; knows no store, service or UI.
 */
package com.payband.console.receipt;
