package org.tmsct.client.cli;

import com.google.gson.JsonElement;
import picocli.CommandLine.Option;

/** The --json option of the master queries (exists, find, trace), as a picocli mixin. */
final class JsonOption {

    @Option(names = "--json", description = "Print the master's JSON answer.")
    boolean json;

    /** Prints the answer pretty if --json was given, and says whether it did. */
    boolean printed(final JsonElement answer) {
        if (json) {
            System.out.println(Output.pretty(answer));
        }
        return json;
    }
}
