package io.conntrackd.app;

import java.nio.file.Path;
import java.util.Map;

/** The configuration {@code conntrackd run FLAGS} resolves, for tests. */
final class RunConfiguration {

    private RunConfiguration() {
    }

    /**
     * @param environment the environment variables
     * @param directory   where a default configuration file would be
     */
    static Configuration of(Map<String, String> environment, Path directory, String... flags)
            throws ConfigurationException {
        String[] args = new String[flags.length + 1];
        args[0] = "run";
        System.arraycopy(flags, 0, args, 1, flags.length);
        return new ConfigurationResolver(environment, directory).resolve(new CommandLineParser().parse(args).flags());
    }
}
