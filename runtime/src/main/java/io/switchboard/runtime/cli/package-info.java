/**
 * The command line of {@code switchboard.jar}: {@link
 * io.switchboard.runtime.cli.SwitchboardCommand} with the {@code node}, {@code schema}, {@code
 * bench} and {@code simulate} subcommands.
 */
package io.switchboard.runtime.cli;
