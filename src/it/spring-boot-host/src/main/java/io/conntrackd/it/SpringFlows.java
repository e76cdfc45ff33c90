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
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * A Spring Boot application with Camel. Once Camel started it writes what Camel runs with to the file named by
 * the property host.report (the test reads it): the context's name, shutdown timeout, whether it is in JMX, its
 * routes, and a property of its own configuration.
 */
@SpringBootApplication
public class SpringFlows {

    public static void main(String[] args) {
        SpringApplication.run(SpringFlows.class, args);
    }

    @Bean
    CamelContextConfiguration report(@Value("${host.report}") String file, @Value("${flows.owner}") String owner) {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext context) {
            }

            @Override
            public void afterApplicationStart(CamelContext context) {
                write(context, owner, Path.of(file));
            }
        };
    }

    static void write(CamelContext context, String owner, Path file) {
        String routes = context.getRoutes().stream().map(Route::getRouteId).sorted().collect(Collectors.joining(","));
        String text = "name=" + context.getName() + "\n"
                + "shutdownTimeout=" + context.getShutdownStrategy().getTimeout() + "\n"
                + "jmx=" + inJmx(context) + "\n"
                + "routes=" + routes + "\n"
                + "owner=" + owner + "\n";
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
