package com.payband.console.customer;

import java.util.List;

/**
 * A page of search results and how many customers matched in all.
 *
 * @param matches masked, oldest registration first
 * @param total   every customer that matched, shown or not
 */
public record CustomerMatches(List<CustomerMatch> matches, long total) {

    public CustomerMatches {
        matches = List.copyOf(matches);
    }

    /** Every match of a search that returns them all (by document number: one person, or a few). */
    public static CustomerMatches of(List<CustomerMatch> all) {
        return new CustomerMatches(all, all.size());
    }

    public boolean complete() {
        return matches.size() == total;
    }
}
