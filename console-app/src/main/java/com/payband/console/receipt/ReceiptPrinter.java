package com.payband.console.receipt;

import java.io.IOException;
import java.util.Optional;
import javax.print.DocFlavor;
import javax.print.DocPrintJob;
import javax.print.PrintException;
import javax.print.PrintService;
import javax.print.PrintServiceLookup;
import javax.print.SimpleDoc;
import javax.print.attribute.HashPrintRequestAttributeSet;
import javax.print.attribute.standard.JobName;

/**
 * Sends a receipt to a printer of this computer. The window takes one from its context, so that what it says
 * about printing can be checked whatever printers the machine running the tests has.
 */
@FunctionalInterface
public interface ReceiptPrinter {

    /**
     * @return the name of the printer that took the job, or empty when this computer has no printer set up
     * @throws ReceiptException PRINT_FAILED when the printer refused the job or could not be reached
     */
    Optional<String> print(byte[] pdf, String jobName) throws ReceiptException;

    /** No printer at all: what a computer without one answers. */
    static ReceiptPrinter none() {
        return (pdf, jobName) -> Optional.empty();
    }

    /**
     * The computer's default printer through the Java print service (CUPS on Linux, which the JDK reaches at the
     * server libcups names: {@code CUPS_SERVER} or /etc/cups/client.conf). The PDF goes to the print system as it
     * is, which renders it the way the printer needs (CUPS filters); a printer that takes no PDF gets the pages
     * drawn by PDFBox.
     */
    static ReceiptPrinter system() {
        return (pdf, jobName) -> {
            PrintService printer = PrintServiceLookup.lookupDefaultPrintService();
            if (printer == null) {
                return Optional.empty();
            }
            try {
                if (printer.isDocFlavorSupported(DocFlavor.BYTE_ARRAY.PDF)) {
                    HashPrintRequestAttributeSet attributes = new HashPrintRequestAttributeSet();
                    attributes.add(new JobName(jobName, null));
                    DocPrintJob job = printer.createPrintJob();
                    job.print(new SimpleDoc(pdf, DocFlavor.BYTE_ARRAY.PDF, null), attributes);
                } else {
                    try (org.apache.pdfbox.pdmodel.PDDocument document = org.apache.pdfbox.Loader.loadPDF(pdf)) {
                        java.awt.print.PrinterJob job = java.awt.print.PrinterJob.getPrinterJob();
                        job.setPrintService(printer);
                        job.setJobName(jobName);
                        job.setPageable(new org.apache.pdfbox.printing.PDFPageable(document));
                        job.print();
                    }
                }
            } catch (PrintException | java.awt.print.PrinterException | IOException e) {
                throw new ReceiptException(ReceiptException.Reason.PRINT_FAILED,
                        "printer " + printer.getName() + ": " + e.getMessage(), e);
            }
            return Optional.of(printer.getName());
        };
    }
}
