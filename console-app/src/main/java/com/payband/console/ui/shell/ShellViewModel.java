package com.payband.console.ui.shell;

import com.payband.console.staff.Role;
import com.payband.console.staff.StaffSession;
import com.payband.console.ui.ConsoleContext;
import com.payband.console.ui.Page;
import java.util.List;
import java.util.stream.Collectors;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;

/** The frame around the screens: which screens the signed-in role may open, and which one is open. */
public final class ShellViewModel {

    private final ConsoleContext context;
    private final StaffSession staff;
    private final List<Page> pages;
    private final ObjectProperty<Page> current = new SimpleObjectProperty<>(Page.HOME);
    private final javafx.beans.property.StringProperty customerBandAsked = new javafx.beans.property.SimpleStringProperty();

    public ShellViewModel(ConsoleContext context, StaffSession staff) {
        this.context = context;
        this.staff = staff;
        this.pages = Page.allowed(staff);
    }

    public List<Page> pages() {
        return pages;
    }

    public ObjectProperty<Page> current() {
        return current;
    }

    /** Opens a page if this member may; returns whether it did. */
    public boolean open(Page page) {
        if (!pages.contains(page)) {
            return false;
        }
        current.set(page);
        return true;
    }

    /**
     * Opens the customer page on the customer whose band has this serial (the home screen's "Check a payment"), if
     * this member may open it; the page reads the request and clears it.
     */
    public boolean openCustomerOfBand(String serial) {
        if (!pages.contains(Page.CUSTOMERS)) {
            return false;
        }
        customerBandAsked.set(serial);
        current.set(Page.CUSTOMERS);
        return true;
    }

    /** The band serial whose customer the customer page is asked to open; null when nothing is asked. */
    public javafx.beans.property.StringProperty customerBandAsked() {
        return customerBandAsked;
    }

    /** "name · Retail staff, Support agent" for the header. */
    public String who() {
        return context.text("shell.who", staff.username(), staff.roles().stream().sorted()
                .map(r -> context.text("role." + r.name())).collect(Collectors.joining(context.text("list.separator"))));
    }

    public boolean has(Role role) {
        return staff.roles().contains(role);
    }

    public StaffSession staff() {
        return staff;
    }

    public void signOut() {
        context.signOut();
    }
}
