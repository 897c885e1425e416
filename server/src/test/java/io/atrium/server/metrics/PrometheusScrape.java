package io.atrium.server.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A scrape of {@code /actuator/prometheus} in Prometheus' text format, read the way Prometheus reads
 * it: each sample's series name, labels and value, and each family's declared type.
 *
 * @param types   each family's type, from its {@code # TYPE} line
 * @param samples every sample, in the order scraped
 */
public record PrometheusScrape(Map<String, String> types, List<Sample> samples) {

    /** One sample line. */
    public record Sample(String name, Map<String, String> labels, double value) {

        /** Whether every label of {@code wanted} has that value here. */
        boolean matches(Map<String, String> wanted) {
            return wanted.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
        }
    }

    public static PrometheusScrape parse(String text) {
        Map<String, String> types = new LinkedHashMap<>();
        List<Sample> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            if (line.startsWith("#")) {
                String[] parts = line.trim().split("\\s+");
                if (parts.length >= 4 && parts[1].equals("TYPE")) {
                    types.put(parts[2], parts[3]);
                }
                continue;
            }
            samples.add(sample(line));
        }
        return new PrometheusScrape(types, samples);
    }

    private static Sample sample(String line) {
        int i = 0;
        while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ') {
            i++;
        }
        String name = line.substring(0, i);
        Map<String, String> labels = new LinkedHashMap<>();
        if (i < line.length() && line.charAt(i) == '{') {
            i++;
            while (line.charAt(i) != '}') {
                int eq = line.indexOf('=', i);
                String label = line.substring(i, eq).trim();
                i = eq + 2; // past ="
                StringBuilder value = new StringBuilder();
                while (line.charAt(i) != '"') {
                    char c = line.charAt(i);
                    if (c == '\\') {
                        char next = line.charAt(++i);
                        value.append(next == 'n' ? '\n' : next);
                    } else {
                        value.append(c);
                    }
                    i++;
                }
                labels.put(label, value.toString());
                i++; // past the closing quote
                if (line.charAt(i) == ',') {
                    i++;
                }
            }
            i++;
        }
        String[] rest = line.substring(i).trim().split("\\s+");
        return new Sample(name, labels, parseValue(rest[0]));
    }

    private static double parseValue(String value) {
        return switch (value) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(value);
        };
    }

    /** Every series name the scrape has a sample of. */
    public Set<String> names() {
        Set<String> names = new TreeSet<>();
        samples.forEach(s -> names.add(s.name()));
        return names;
    }

    public List<Sample> samples(String name) {
        return samples.stream().filter(s -> s.name().equals(name)).toList();
    }

    public List<Sample> samples(String name, Map<String, String> labels) {
        return samples.stream()
                .filter(s -> s.name().equals(name) && s.matches(labels))
                .toList();
    }

    /** The sum of the samples of {@code name} with {@code labels} (0 when there are none). */
    public double sum(String name, Map<String, String> labels) {
        return samples(name, labels).stream().mapToDouble(Sample::value).sum();
    }

    /**
     * The family a series name belongs to, by the exposition format's suffix rules: a name declared by
     * a {@code # TYPE} line is its own family; {@code _total} (and {@code _created}) belong to a counter,
     * {@code _bucket} to a histogram, {@code _count} and {@code _sum} to a histogram or a summary.
     */
    public Optional<String> familyOf(String series) {
        if (types.containsKey(series) && !samples(series).isEmpty()) {
            return Optional.of(series);
        }
        for (Map.Entry<String, Set<String>> rule : Map.of(
                        "_total", Set.of("counter"),
                        "_created", Set.of("counter", "histogram", "summary"),
                        "_bucket", Set.of("histogram"),
                        "_count", Set.of("histogram", "summary"),
                        "_sum", Set.of("histogram", "summary"))
                .entrySet()) {
            if (series.endsWith(rule.getKey())) {
                String family =
                        series.substring(0, series.length() - rule.getKey().length());
                String type = types.get(family);
                if (type != null
                        && rule.getValue().contains(type)
                        && !samples(series).isEmpty()) {
                    return Optional.of(family);
                }
            }
        }
        return Optional.empty();
    }
}
