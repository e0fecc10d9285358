package com.payband.backend;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The jar's command line as the README writes it: {@code serve} may be left out. */
class BackendMainTest {

    @Test
    void serveIsTheCommandWhenNoneIsNamedEvenWithItsOptions() {
        assertThat(BackendMain.arguments(new String[0])).containsExactly("serve");
        assertThat(BackendMain.arguments(new String[] {"--port", "9443", "--data-dir", "/tmp/b"}))
                .containsExactly("serve", "--port", "9443", "--data-dir", "/tmp/b");
        assertThat(BackendMain.arguments(new String[] {"serve", "--port", "9443"}))
                .containsExactly("serve", "--port", "9443");
        assertThat(BackendMain.arguments(new String[] {"consoles", "--json"})).containsExactly("consoles", "--json");
        // the jar's own help and version stay its own
        assertThat(BackendMain.arguments(new String[] {"--help"})).containsExactly("--help");
        assertThat(BackendMain.arguments(new String[] {"-V"})).containsExactly("-V");
    }
}
