package org.certvpn.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the series selectors in a PromQL expression: metric names with their label matchers. Enough
 * of PromQL for dashboard checks (functions, aggregations with by/without, binary operators, ranges,
 * Grafana variables), not a full parser.
 */
final class PromQlSelectors {
    private PromQlSelectors() {}

    /** One matcher: label, operator ({@code =, !=, =~, !~}) and value. */
    record Matcher(String label, String op, String value) {}

    record Selector(String metric, List<Matcher> matchers) {}

    private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right",
            "bool", "and", "or", "unless", "offset", "inf", "nan", "atan2");
    private static final Set<String> AGGREGATIONS = Set.of("sum", "min", "max", "avg", "group", "stddev", "stdvar",
            "count", "count_values", "bottomk", "topk", "quantile", "limitk", "limit_ratio");
    private static final Set<String> GROUPING = Set.of("by", "without", "on", "ignoring", "group_left", "group_right");

    static List<Selector> selectors(String expr) {
        List<Selector> out = new ArrayList<>();
        int i = 0;
        int n = expr.length();
        while (i < n) {
            char c = expr.charAt(i);
            if (c == '"' || c == '\'') {
                i = skipString(expr, i);
            } else if (c == '[') {
                i = expr.indexOf(']', i) + 1;
                if (i == 0) {
                    throw new IllegalArgumentException("unclosed [ in " + expr);
                }
            } else if (c == '{') {
                // a selector without a metric name: {__name__="..."}
                int end = matchersEnd(expr, i);
                out.add(new Selector("", matchers(expr.substring(i + 1, end))));
                i = end + 1;
            } else if (c == '$') {
                i++;
                while (i < n && (Character.isLetterOrDigit(expr.charAt(i)) || expr.charAt(i) == '_')) {
                    i++;
                }
            } else if (Character.isLetter(c) || c == '_' || c == ':') {
                int start = i;
                while (i < n && (Character.isLetterOrDigit(expr.charAt(i)) || expr.charAt(i) == '_' || expr.charAt(i) == ':')) {
                    i++;
                }
                String word = expr.substring(start, i);
                int next = skipSpaces(expr, i);
                if (GROUPING.contains(word)) {
                    if (next < n && expr.charAt(next) == '(') {
                        i = expr.indexOf(')', next) + 1;
                    }
                } else if (KEYWORDS.contains(word.toLowerCase(java.util.Locale.ROOT))) {
                    // operator keyword
                } else if (next < n && expr.charAt(next) == '(') {
                    // function or aggregation
                } else if (AGGREGATIONS.contains(word) && (expr.startsWith("by", next) || expr.startsWith("without", next))) {
                    // aggregation with its grouping first: sum by (x) (...)
                } else if (next < n && expr.charAt(next) == '{') {
                    int end = matchersEnd(expr, next);
                    out.add(new Selector(word, matchers(expr.substring(next + 1, end))));
                    i = end + 1;
                } else {
                    out.add(new Selector(word, List.of()));
                }
            } else if (Character.isDigit(c)) {
                while (i < n && (Character.isLetterOrDigit(expr.charAt(i)) || expr.charAt(i) == '.')) {
                    i++;
                }
            } else {
                i++;
            }
        }
        return out;
    }

    private static int skipSpaces(String s, int i) {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static int skipString(String s, int i) {
        char q = s.charAt(i);
        for (int j = i + 1; j < s.length(); j++) {
            if (s.charAt(j) == '\\') {
                j++;
            } else if (s.charAt(j) == q) {
                return j + 1;
            }
        }
        throw new IllegalArgumentException("unclosed string in " + s);
    }

    private static int matchersEnd(String s, int open) {
        int j = open + 1;
        while (j < s.length()) {
            char c = s.charAt(j);
            if (c == '"' || c == '\'') {
                j = skipString(s, j);
            } else if (c == '}') {
                return j;
            } else {
                j++;
            }
        }
        throw new IllegalArgumentException("unclosed { in " + s);
    }

    private static List<Matcher> matchers(String body) {
        List<Matcher> out = new ArrayList<>();
        int i = 0;
        while (true) {
            i = skipSpaces(body, i);
            if (i >= body.length()) {
                return out;
            }
            int start = i;
            while (i < body.length() && (Character.isLetterOrDigit(body.charAt(i)) || body.charAt(i) == '_')) {
                i++;
            }
            String label = body.substring(start, i);
            i = skipSpaces(body, i);
            String op = body.startsWith("=~", i) ? "=~" : body.startsWith("!~", i) ? "!~"
                    : body.startsWith("!=", i) ? "!=" : body.startsWith("=", i) ? "=" : null;
            if (label.isEmpty() || op == null) {
                throw new IllegalArgumentException("bad matcher in {" + body + "}");
            }
            i = skipSpaces(body, i + op.length());
            int end = skipString(body, i);
            out.add(new Matcher(label, op, body.substring(i + 1, end - 1)));
            i = skipSpaces(body, end);
            if (i < body.length() && body.charAt(i) == ',') {
                i++;
            }
        }
    }

    /** Grafana's {@code label_values(metric, label)} template query: metric to label. */
    static Map<String, String> labelValuesQuery(String query) {
        var m = java.util.regex.Pattern.compile("label_values\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*,\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*\\)")
                .matcher(query.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a label_values(metric, label) query: " + query);
        }
        Map<String, String> out = new LinkedHashMap<>();
        out.put(m.group(1), m.group(2));
        return out;
    }
}
