/**
 * The command line: {@code java -jar payband.jar <command>}. Staff sign in here too and the permission
 * matrix applies. Output is localised for people and stable JSON ({@code --json}) for scripts; errors
 * are one line on stderr with a documented exit code ({@link com.payband.console.cli.ExitCode}).
 */
package com.payband.console.cli;
