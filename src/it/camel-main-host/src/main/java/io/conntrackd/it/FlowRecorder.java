package io.conntrackd.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;

/**
 * A Camel Main application. Once started it writes what Camel runs with to the file named by the system
 * property host.report (the test reads it): the context's name, shutdown timeout, whether it is in JMX, and
 * its routes.
 */
public final class FlowRecorder {

    public static void main(String[] args) throws Exception {
        Main main = new Main(FlowRecorder.class);
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void afterStart(BaseMainSupport started) {
                report(started.getCamelContext(), Path.of(System.getProperty("host.report")));
            }
        });
        main.run(args);
    }

    static void report(CamelContext context, Path file) {
        String routes = context.getRoutes().stream().map(Route::getRouteId).sorted().collect(Collectors.joining(","));
        String text = "name=" + context.getName() + "\n"
                + "shutdownTimeout=" + context.getShutdownStrategy().getTimeout() + "\n"
                + "jmx=" + inJmx(context) + "\n"
                + "routes=" + routes + "\n";
        try {
            Path partial = file.resolveSibling(file.getFileName() + ".partial");
            Files.writeString(partial, text);
            Files.move(partial, file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean inJmx(CamelContext context) {
        try {
            return !ManagementFactory.getPlatformMBeanServer()
                    .queryNames(new ObjectName("org.apache.camel:context=" + context.getName() + ",type=context,*"), null)
                    .isEmpty();
        } catch (MalformedObjectNameException e) {
            throw new IllegalStateException(e);
        }
    }
}
