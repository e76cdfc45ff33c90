package io.conntrackd.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The fenced code blocks of a Markdown document, so that tests can run the examples the docs show. */
public final class DocBlocks {

    private static final Pattern BLOCK = Pattern.compile("(?s)```(\\w+)\\n(.*?)```");

    private DocBlocks() {
    }

    /** The blocks fenced as {@code language} (yaml, java, sh, ...), in document order. */
    public static List<String> of(Path doc, String language) throws IOException {
        List<String> blocks = new ArrayList<>();
        Matcher m = BLOCK.matcher(Files.readString(doc));
        while (m.find()) {
            if (m.group(1).equals(language)) {
                blocks.add(m.group(2));
            }
        }
        return blocks;
    }

    /** The YAML blocks that are routes. */
    public static List<String> routes(Path doc) throws IOException {
        return of(doc, "yaml").stream().filter(b -> b.contains("- route:")).toList();
    }
}
