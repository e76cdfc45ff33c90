package io.conntrackd.app.validate;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.conntrackd.conntrack.ReaderOptions;
import io.conntrackd.source.ConntrackEndpoint;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.NoSuchEndpointException;
import org.apache.camel.ResolveEndpointFailedException;
import org.apache.camel.main.Main;
import org.apache.camel.model.BeanDefinition;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.ProcessDefinition;
import org.apache.camel.model.ProcessorDefinitionHelper;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.RouteDefinitionHelper;
import org.apache.camel.util.URISupport;

/**
 * Loads the routes as {@code run} does, without starting anything: camel-main's {@link Main#init()} reads the
 * route files (the built-in route or the operator's) into route definitions, which fails on bad YAML naming the
 * file; then every endpoint the routes name is created, not started, which fails when its component is missing
 * or an option is wrong, and every bean a {@code process} or {@code bean} step names by reference is looked up,
 * which {@code run} would otherwise only miss when the route starts. The conntrack endpoints found say where
 * {@code run} would listen.
 */
public final class RouteCheck {

    static final String ID = "config.routes";

    /**
     * @param checks  what was found: one line when all is well, one per problem otherwise
     * @param complete whether the routes loaded and every endpoint was created, so that {@code sources} are all
     * @param sources  the reader options of each conntrack endpoint the routes consume from, without repeats
     */
    public record Result(List<Check> checks, boolean complete, List<ReaderOptions> sources) {
    }

    private RouteCheck() {
    }

    /**
     * Checks the routes of {@code main}, configured as for {@code run} and not yet initialized.
     *
     * @param boundAtRun the names of beans that {@code run} binds and this check's {@code main} does not
     */
    public static Result check(Main main, Set<String> boundAtRun) {
        try {
            main.init();
        } catch (RuntimeException e) {
            return new Result(List.of(Check.error(ID, "the routes cannot be loaded: " + Messages.oneLine(e),
                    "fix the route file named (docs/camel.md)")), false, List.of());
        }
        CamelContext context = main.getCamelContext();
        List<RouteDefinition> routes = ((ModelCamelContext) context).getRouteDefinitions();
        List<Check> problems = new ArrayList<>();
        Set<ReaderOptions> sources = new LinkedHashSet<>();
        for (RouteDefinition route : routes) {
            for (String uri : RouteDefinitionHelper.gatherAllStaticEndpointUris(context, route, true, true)) {
                endpoint(context, route, uri, problems, sources);
            }
            beanReferences(route).stream().map(ref -> resolved(context, ref)).filter(ref -> !boundAtRun.contains(ref))
                    .filter(ref -> context.getRegistry().lookupByName(ref) == null)
                    .forEach(ref -> problems.add(Check.error(ID, describe(List.of(route)) + " refers to bean " + ref
                            + ", which nothing binds", "define it in a route file's beans section or with"
                            + " camel.beans." + ref + " (docs/camel.md)")));
        }
        if (!problems.isEmpty()) {
            return new Result(problems, false, List.copyOf(sources));
        }
        if (routes.isEmpty()) {
            return new Result(List.of(Check.warning(ID, "no route was loaded, so run would do nothing",
                    "check camel.main.routes-include-pattern or the routes setting")), true, List.of());
        }
        return new Result(List.of(Check.ok(ID, describe(routes) + (routes.size() == 1 ? " loads" : " load")
                + ", with the components of all " + (routes.size() == 1 ? "its" : "their") + " endpoints")), true,
                List.copyOf(sources));
    }

    private static void endpoint(CamelContext context, RouteDefinition route, String uri, List<Check> problems,
                                 Set<ReaderOptions> sources) {
        String shown = shown(context, uri);
        try {
            Endpoint endpoint = context.getEndpoint(uri);
            if (endpoint instanceof ConntrackEndpoint conntrack) {
                sources.add(conntrack.readerOptions());
            }
        } catch (RuntimeException e) {
            boolean missing = e instanceof NoSuchEndpointException
                    || e.getCause() instanceof NoSuchEndpointException;
            // Camel's message repeats the URI, encoded: its cause says what is wrong
            Throwable why = e instanceof ResolveEndpointFailedException && e.getCause() != null ? e.getCause() : e;
            problems.add(Check.error(ID, describe(List.of(route)) + ", endpoint " + shown + ": "
                    + Messages.oneLine(why), missing
                    ? "put the component's jars into the extension directory (ext-dir;"
                            + " docs/camel.md#adding-a-component)"
                    : "fix the endpoint's options (docs/camel.md)"));
        }
    }

    /** The names that the route's {@code process} and {@code bean} steps look up, without repeats. */
    private static Set<String> beanReferences(RouteDefinition route) {
        Set<String> refs = new LinkedHashSet<>();
        ProcessorDefinitionHelper.filterTypeInOutputs(route.getOutputs(), ProcessDefinition.class)
                .forEach(p -> refs.add(p.getRef()));
        ProcessorDefinitionHelper.filterTypeInOutputs(route.getOutputs(), BeanDefinition.class)
                .forEach(b -> refs.add(b.getRef()));
        refs.remove(null);
        return refs;
    }

    /** A reference with its placeholders resolved, or as written when one has no value. */
    private static String resolved(CamelContext context, String text) {
        try {
            return context.resolvePropertyPlaceholders(text);
        } catch (RuntimeException e) {
            return text;
        }
    }

    /** The URI as the route means it: placeholders resolved where they can be, passwords masked. */
    private static String shown(CamelContext context, String uri) {
        return URISupport.sanitizeUri(resolved(context, URLDecoder.decode(uri, StandardCharsets.UTF_8)));
    }

    /** {@code ID (LOCATION)}, comma-separated. */
    private static String describe(List<RouteDefinition> routes) {
        List<String> names = new ArrayList<>();
        for (RouteDefinition r : routes) {
            String location = r.getResource() == null ? null : r.getResource().getLocation();
            names.add((r.getRouteId() == null ? "(no id)" : r.getRouteId())
                    + (location == null ? "" : " (" + location + ")"));
        }
        return (routes.size() == 1 ? "route " : "routes ") + String.join(", ", names);
    }
}
