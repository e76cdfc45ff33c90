package io.conntrackd.app;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.conntrackd.app.validate.Check;
import io.conntrackd.app.validate.GeoIpCheck;
import io.conntrackd.app.validate.KernelChecks;
import io.conntrackd.app.validate.Privileges;
import io.conntrackd.app.validate.Report;
import io.conntrackd.app.validate.RouteCheck;
import io.conntrackd.app.validate.Status;
import io.conntrackd.conntrack.ReaderOptions;
import io.conntrackd.filter.FilterProcessor;
import io.conntrackd.geoip.DatabaseKind;
import org.apache.camel.main.Main;

/**
 * {@code conntrackd validate}: resolves the configuration and prepares each part with the classes {@code run}
 * uses, then checks it without starting it and without changing anything (docs/validate.md). The checks run
 * in the order of the report: configuration, privileges, kernel, GeoIP, sinks.
 */
final class ValidateCommand {

    static final String FIX_VALUE = "correct the value named (docs/configuration.md)";

    private final Map<String, String> environment;
    private final Path configDirectory;

    ValidateCommand(Map<String, String> environment, Path configDirectory) {
        this.environment = environment;
        this.configDirectory = configDirectory;
    }

    /** Checks, prints the report as {@code output} asks and returns the exit code. */
    int run(CommandLineParser.Parsed parsed, PrintStream out) {
        Report report = check(parsed.flags());
        out.print(parsed.format().equals("json") ? report.json() : report.text());
        out.flush();
        return report.exitCode();
    }

    Report check(Map<Setting, Object> flags) {
        Report report = new Report();
        Configuration config;
        try {
            config = new ConfigurationResolver(environment, configDirectory).resolve(flags);
        } catch (ConfigurationException e) {
            report.add(Check.error("config", e.getMessage(), FIX_VALUE));
            return report;
        }
        // the report is the output; the libraries' log lines would only repeat it, unless debugging
        LoggingSetup.apply(config.string(Settings.LOG_LEVEL).equals("debug") ? "debug" : "error",
                config.string(Settings.LOG_FORMAT));
        report.add(Check.ok("config", config.file().map(f -> "read the configuration file " + f)
                .orElse("no configuration file: defaults, environment variables and flags")));
        config.warnings().forEach(w -> report.add(Check.warning("config.key", w,
                "remove the key or correct its name (docs/configuration.md)")));
        SecretFiles.warnings(config, configDirectory).forEach(w -> report.add(Check.warning("config.secrets", w,
                "make it readable by the daemon only (docs/operations.md#security-notes)")));
        FilterProcessor filter = filter(config, report);
        optional(config, environment, report);
        ValidateSinks sinks = ValidateSinks.check(config, environment);
        List<ReaderOptions> sources = routes(config, filter, sinks, report);
        if (sources != null) {
            report.addAll(Privileges.check(privilegesNeeded(sources)));
            sources.forEach(source -> report.addAll(KernelChecks.check(source)));
        }
        geoip(config, Settings.GEOIP_DATABASE, DatabaseKind.CITY, "geoip.city", report);
        geoip(config, Settings.GEOIP_ASN_DATABASE, DatabaseKind.ASN, "geoip.asn", report);
        report.addAll(sinks.checks());
        return report;
    }

    private static FilterProcessor filter(Configuration config, Report report) {
        try {
            FilterProcessor filter = FilterSetup.processor(config);
            int rules = config.list(Settings.FILTER).size();
            report.add(Check.ok("config.filter", rules == 0 ? "no filter rule: every event is logged"
                    : rules + (rules == 1 ? " filter rule compiles" : " filter rules compile")));
            return filter;
        } catch (ConfigurationException e) {
            report.add(Check.error("config.filter", e.getMessage(), "see docs/filter.md"));
            return null;
        }
    }

    /** The settings of optional parts that {@code run} checks at start: metrics and the profiler. */
    private static void optional(Configuration config, Map<String, String> environment, Report report) {
        if (config.bool(Settings.METRICS_ENABLE)) {
            report.add(metrics(config));
        }
        if (config.bool(Settings.PROFILER_ENABLE)) {
            try {
                Profiling.check(config, environment);
                report.add(Check.ok("config.profiler", "profiles would go to " + config.describe(
                        Settings.PROFILER_ADDRESS)));
            } catch (ConfigurationException e) {
                report.add(Check.error("config.profiler", e.getMessage(), FIX_VALUE));
            }
        }
    }

    /** A valid address whose port is free now; taken, it may be by a running conntrackd, so only a warning. */
    private static Check metrics(Configuration config) {
        InetSocketAddress address;
        try {
            address = ObserveSetup.address(config);
        } catch (ConfigurationException e) {
            return Check.error("config.metrics", e.getMessage(), FIX_VALUE);
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(address);
            return Check.ok("config.metrics", "metrics and health would be served on " + config.describe(
                    Settings.METRICS_ADDRESS));
        } catch (IOException e) {
            return Check.warning("config.metrics", "cannot listen on " + config.describe(Settings.METRICS_ADDRESS)
                    + " now: " + e.getMessage(), "run would exit unless the port is free then: is conntrackd"
                    + " already running? Otherwise choose another metrics.address");
        }
    }

    /**
     * Loads the routes into the daemon's camel-main as {@code run} would, without starting them; returns where
     * their conntrack endpoints listen. When they cannot all be loaded, the settings say where the built-in route
     * would listen, so that the privileges and the kernel are checked all the same.
     */
    private List<ReaderOptions> routes(Configuration config, FilterProcessor filter, ValidateSinks sinks,
                                       Report report) {
        ExtensionDirectory extensions;
        try {
            extensions = ExtensionDirectory.open(config);
            report.add(Check.ok("config.ext-dir", extensions.jars().isEmpty()
                    ? "no extension jars (" + extensions.directory() + ")"
                    : extensions.jars().size() + " extension jars from " + extensions.directory()));
        } catch (ConfigurationException e) {
            report.add(Check.error("config.ext-dir", e.getMessage(), "docs/camel.md#adding-a-component"));
            return builtInSource(config);
        }
        // the beans the routes name, where they affect loading: the components of the sinks, as configured
        Map<String, Object> beans = new LinkedHashMap<>(sinks.beans());
        if (filter != null) {
            beans.put(FilterProcessor.BEAN_NAME, filter);
        }
        Main main;
        try {
            main = DaemonCamel.of(config, configDirectory, extensions).main(sinks.uris(), beans);
        } catch (ConfigurationException e) {
            report.add(Check.error("config.routes", e.getMessage(), FIX_VALUE));
            return builtInSource(config);
        }
        try {
            // the GeoIP enricher and the event log are not built here (GeoIP has a check of its own), nor the filter
            // when a rule is bad (config.filter says so)
            RouteCheck.Result routes = RouteCheck.check(main,
                    Set.of(GeoIpSetup.BEAN, EventDebugLog.BEAN, FilterProcessor.BEAN_NAME));
            report.addAll(routes.checks());
            return routes.complete() ? routes.sources() : builtInSource(config);
        } finally {
            main.stop();
        }
    }

    /**
     * Where the built-in route listens: its conntrack endpoint takes these settings; {@code null} when they
     * are not valid options of a reader (the route check said why), so nothing is known.
     */
    private static List<ReaderOptions> builtInSource(Configuration config) {
        String netns = config.string(Settings.NETLINK_NETNS).strip();
        try {
            return List.of(ReaderOptions.defaults().withNetns(netns.isEmpty() ? null : netns)
                    .withReceiveBufferSize(config.integer(Settings.NETLINK_RECEIVE_BUFFER))
                    .withAllNamespaces(config.bool(Settings.NETLINK_ALL_NAMESPACES)));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * CAP_NET_ADMIN where a route reads conntrack events, CAP_NET_BROADCAST where it hears other namespaces too
     * (without it, run hears its own only), CAP_SYS_ADMIN where it enters a namespace.
     */
    private static List<Privileges.Need> privilegesNeeded(List<ReaderOptions> sources) {
        List<Privileges.Need> needs = new ArrayList<>();
        if (!sources.isEmpty()) {
            needs.add(new Privileges.Need(Privileges.Capability.NET_ADMIN, "needed to subscribe to conntrack events",
                    Status.ERROR));
        }
        if (sources.stream().anyMatch(ReaderOptions::allNamespaces)) {
            needs.add(new Privileges.Need(Privileges.Capability.NET_BROADCAST, "needed to hear the conntrack events"
                    + " of the other network namespaces (netlink.all-namespaces); without it run hears its own only",
                    Status.WARNING));
        }
        if (sources.stream().anyMatch(s -> s.netns() != null)) {
            needs.add(new Privileges.Need(Privileges.Capability.SYS_ADMIN, "needed to enter the network namespace of"
                    + " netlink.netns", Status.ERROR));
        }
        return needs;
    }

    private static void geoip(Configuration config, Setting setting, DatabaseKind kind, String id, Report report) {
        try {
            Path file = GeoIpSetup.path(config, setting);
            if (file != null) {
                report.add(GeoIpCheck.check(id, config.describe(setting), file, kind));
            }
        } catch (ConfigurationException e) {
            report.add(Check.error(id, e.getMessage(), FIX_VALUE));
        }
    }
}
