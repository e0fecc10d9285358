package com.payband.console.ui;

import com.payband.console.receipt.ReceiptException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import javafx.beans.property.StringProperty;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/**
 * The customer's receipt as every page gives it: saved to a file the member chooses, or printed on this computer's
 * printer (CUPS), off the FX thread; the note says what became of it, in the member's language.
 */
public final class ReceiptDesk {

    private final ConsoleContext context;
    private final StringProperty note;

    public ReceiptDesk(ConsoleContext context, StringProperty note) {
        this.context = context;
        this.note = note;
    }

    /** The language a customer reads: Chinese for a resident ID card's holder, the console's language otherwise. */
    public static Locale languageOf(com.payband.drivers.idcard.DocumentType document, Locale console) {
        return document == com.payband.drivers.idcard.DocumentType.CN_RESIDENT_ID_CARD ? Locale.SIMPLIFIED_CHINESE : console;
    }

    /** The store as its customers' receipts name it: its name and address (settings); its id while it has no name. */
    public String store() {
        var settings = context.services().settings();
        String name = settings.get(com.payband.console.settings.Setting.STORE_NAME).strip();
        String address = settings.get(com.payband.console.settings.Setting.STORE_ADDRESS).strip();
        if (name.isEmpty()) {
            return context.services().storeId();
        }
        return address.isEmpty() ? name : name + ", " + address;
    }

    /** Writes the receipt to this file (beside, then renamed: a half-written PDF never has the name). */
    public void save(Callable<byte[]> pdf, Path file) {
        context.threads().run(() -> {
            byte[] bytes = pdf.call();
            Path tmp = file.resolveSibling(file.getFileName() + ".part");
            Files.write(tmp, bytes);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            return file;
        }, saved -> note.set(context.text("enroll.receipt.saved", saved)), e -> note.set(problem(e)));
    }

    /** Prints the receipt on this computer's default printer, or says there is none. */
    public void print(Callable<byte[]> pdf, String name) {
        com.payband.console.receipt.ReceiptPrinter printer = context.receiptPrinter();
        context.threads().run(() -> printer.print(pdf.call(), name).orElse(null),
                printed -> note.set(printed == null ? context.text("enroll.receipt.noPrinter")
                        : context.text("enroll.receipt.printed", printed)), e -> note.set(problem(e)));
    }

    private String problem(Throwable e) {
        if (e instanceof ReceiptException r) {
            return context.text("error.receipt." + r.reason().name());
        }
        return context.describe(e);
    }

    /** The view's part: the save dialog, with the receipt's name proposed. */
    public static void chooseFile(ConsoleContext context, Window owner, String fileName, Consumer<Path> save) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(context.text("enroll.done.save"));
        chooser.setInitialFileName(fileName);
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("PDF", "*.pdf"));
        java.io.File file = chooser.showSaveDialog(owner);
        if (file != null) {
            save.accept(Path.of(file.getPath()));
        }
    }
}
