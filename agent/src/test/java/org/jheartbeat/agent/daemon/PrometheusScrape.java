package org.jheartbeat.agent.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A live agent's /metrics as Prometheus scrapes it, checked by Prometheus' own parser and linter ({@code promtool
 * check metrics}, from Debian's prometheus package, which scripts/test.sh installs), and the shipped Grafana
 * dashboard's queries checked against the families it exposes.
 */
final class PrometheusScrape {

    private static final Pattern METRIC_NAME = Pattern.compile("jheartbeat_[a-zA-Z0-9_]+");

    private PrometheusScrape() {
    }

    static String of(int port) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        return response.body();
    }

    static void assertValid(String text) throws IOException, InterruptedException {
        Path promtool = Stream.of(System.getenv("PATH").split(":")).map(dir -> Path.of(dir, "promtool"))
                .filter(Files::isExecutable).findFirst().orElse(null);
        Assumptions.assumeTrue(promtool != null, "promtool is not installed (scripts/test.sh installs it)");
        Process check = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
        check.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        check.getOutputStream().close();
        String said = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(check.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(check.exitValue()).as("promtool check metrics said:\n" + said + "\non:\n" + text).isZero();
    }

    static void assertDashboardReadsOnlyExposedNames(String text, Path dashboard) throws IOException {
        Set<String> exposed = new TreeSet<>();
        for (String line : text.lines().toList()) {
            if (line.startsWith("# TYPE ")) {
                String family = line.split(" ")[2];
                exposed.add(family);
                if (line.endsWith(" summary")) {
                    exposed.add(family + "_sum");
                    exposed.add(family + "_count");
                }
            }
        }
        List<String> queries = new ArrayList<>();
        collectQueries(JSON.std.anyFrom(dashboard.toFile()), queries);
        assertThat(queries).as("the dashboard's queries").hasSizeGreaterThan(5);
        for (String query : queries) {
            Matcher names = METRIC_NAME.matcher(query);
            assertThat(names.find()).as("a jheartbeat metric in " + query).isTrue();
            do {
                assertThat(exposed).as("metric " + names.group() + " of the dashboard query " + query)
                        .contains(names.group());
            } while (names.find());
        }
    }

    /** Every "expr" (a panel's query) and "query" (a variable's) anywhere in the dashboard. */
    private static void collectQueries(Object json, List<String> queries) {
        if (json instanceof Map<?, ?> object) {
            object.forEach((key, value) -> {
                if ((key.equals("expr") || key.equals("query")) && value instanceof String query) {
                    queries.add(query);
                } else {
                    collectQueries(value, queries);
                }
            });
        } else if (json instanceof List<?> array) {
            array.forEach(element -> collectQueries(element, queries));
        }
    }
}
