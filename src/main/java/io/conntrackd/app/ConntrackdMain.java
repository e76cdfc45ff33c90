package io.conntrackd.app;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.FutureTask;

import io.conntrackd.filter.FilterProcessor;
import io.conntrackd.observe.ObserveServer;
import io.conntrackd.support.Causes;
import org.apache.camel.Processor;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code conntrackd}: turns flags, files and environment into Camel properties and runs the default
 * route with camel-main; {@code conntrackd validate} checks all that run would use ({@link ValidateCommand}).
 *
 * <p>Exit codes: 0 stopped normally, 1 runtime failure (including a missing privilege or an
 * unavailable sink with exit-on-warning), 2 usage or configuration error.
 */
public final class ConntrackdMain {

    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILURE = 1;
    public static final int EXIT_USAGE = 2;

    private final Map<String, String> environment;
    private final Path configDirectory;
    private final PrintStream out;
    private final PrintStream err;

    ConntrackdMain(Map<String, String> environment, Path configDirectory, PrintStream out, PrintStream err) {
        this.environment = environment;
        this.configDirectory = configDirectory;
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        int code = new ConntrackdMain(System.getenv(), ConfigurationResolver.DEFAULT_DIRECTORY, System.out,
                System.err).run(args);
        System.exit(code);
    }

    int run(String... args) {
        CommandLineParser.Parsed parsed;
        Configuration config;
        try {
            parsed = new CommandLineParser().parse(args);
            if (parsed.command() == CommandLineParser.Command.VALIDATE) {
                return new ValidateCommand(environment, configDirectory).run(parsed, out);
            }
            if (parsed.command() != CommandLineParser.Command.RUN) {
                out.print(parsed.command() == CommandLineParser.Command.VERSION ? Version.report() : parsed.output());
                return EXIT_OK;
            }
            ConfigurationResolver resolver = new ConfigurationResolver(environment, configDirectory);
            config = resolver.resolve(parsed.flags());
            if (TrainingRun.requested(config)) {
                config = resolver.resolve(TrainingRun.flags(parsed.flags(), config));
            }
        } catch (ConfigurationException e) {
            err.println("conntrackd: " + e.getMessage());
            return EXIT_USAGE;
        }
        LoggingSetup.apply(config.string(Settings.LOG_LEVEL), config.string(Settings.LOG_FORMAT));
        try {
            return runDaemon(config);
        } catch (ConfigurationException e) {
            err.println("conntrackd: " + e.getMessage());
            return EXIT_USAGE;
        } catch (StartupException e) {
            err.println("conntrackd: " + e.getMessage());
            return EXIT_FAILURE;
        }
    }

    private int runDaemon(Configuration config) throws ConfigurationException, StartupException {
        Logger log = LoggerFactory.getLogger(ConntrackdMain.class);
        config.warnings().forEach(log::warn);
        SecretFiles.warnings(config, configDirectory).forEach(log::warn);
        // every setting is checked before anything is said or started, so that a bad one is the only message;
        // the rules compile (CEL, a good part of the start-up) on a thread of their own meanwhile
        FutureTask<FilterProcessor> rules = FilterSetup.inBackground(config);
        Checked checked;
        try {
            checked = check(config);
        } catch (ConfigurationException | StartupException e) {
            FilterSetup.await(rules); // a bad rule is reported first, as when the rules were checked first
            throw e;
        }
        FilterProcessor filter = FilterSetup.await(rules);
        SinkPlan plan = checked.plan();
        ExtensionDirectory extensions = checked.camel().extensions();
        plan.notice().ifPresent(log::warn); // a daemon log line, in the log's format
        SinkPlan.Selected selected = plan.select(config);
        List<String> sinks = selected.endpointUris();
        Map<String, Object> beans = new LinkedHashMap<>();
        beans.put(FilterProcessor.BEAN_NAME, filter);
        beans.put(EventDebugLog.BEAN, new EventDebugLog());
        beans.putAll(selected.beans());
        beans.put(GeoIpSetup.BEAN, checked.enricher());
        Main main = checked.camel().main(sinks, beans);
        boolean training = TrainingRun.requested(config);
        if (training) {
            TrainingRun.feed(main, config);
        }
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void afterConfigure(BaseMainSupport configured) {
                // the sinks start with Camel, not at the first event: their workers, health checks and
                // metrics exist from the start, and a sink that cannot start stops startup
                sinks.forEach(configured.getCamelContext()::getEndpoint);
            }

            @Override
            public void afterStart(BaseMainSupport started) {
                if (!extensions.jars().isEmpty()) {
                    LoggerFactory.getLogger(ConntrackdMain.class).info("extension jars from {}: {}",
                            extensions.directory(), extensions.jars().size());
                }
                LoggerFactory.getLogger(ConntrackdMain.class).info("{} started; sinks: {}", Version.describe(),
                        String.join(", ", sinks));
                if (!training) {
                    NothingTrackedHint.start(started.getCamelContext());
                }
            }
        });
        ShutdownSignals.stopOnSignal(main);
        Profiling.start(config, environment);
        ObserveServer observe = ObserveSetup.start(config, main);
        try {
            main.run();
        } catch (Exception | LinkageError e) {
            String missingClass = extensions.missingClass(e);
            err.println("conntrackd: " + (missingClass != null ? missingClass : rootMessage(e)));
            LoggerFactory.getLogger(ConntrackdMain.class).debug("Startup failed", e);
            return EXIT_FAILURE;
        } finally {
            if (observe != null) {
                observe.close();
            }
        }
        return main.getExitCode() > 0 ? EXIT_FAILURE : EXIT_OK;
    }

    /** The settings checked (all but the filter rules), with what checking them made. */
    private record Checked(SinkPlan plan, DaemonCamel camel, Processor enricher) {
    }

    private Checked check(Configuration config) throws ConfigurationException, StartupException {
        SinkPlan plan = SinkPlan.prepare(config, environment);
        DaemonCamel camel = DaemonCamel.of(config, configDirectory, ExtensionDirectory.open(config));
        Processor enricher = GeoIpSetup.enricher(config);
        Profiling.check(config, environment);
        ObserveSetup.check(config);
        return new Checked(plan, camel, enricher);
    }

    /** The innermost cause's message: Camel wraps a consumer's start failure several times. */
    static String rootMessage(Throwable e) {
        Throwable t = Causes.root(e);
        return t.getMessage() != null ? t.getMessage() : t.toString();
    }
}
