package org.certvpn.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects problems while a source is read, so that one load reports every error at once rather than
 * stopping at the first. Not thread-safe; one per load.
 */
public final class Problems {
    private final List<ConfigProblem> all = new ArrayList<>();

    public void error(String file, int line, String message) {
        add(new ConfigProblem(ConfigProblem.Severity.ERROR, file, line, message));
    }

    public void warning(String file, int line, String message) {
        add(new ConfigProblem(ConfigProblem.Severity.WARNING, file, line, message));
    }

    public void notice(String file, int line, String message) {
        add(new ConfigProblem(ConfigProblem.Severity.NOTICE, file, line, message));
    }

    /** Adds a problem; an identical one already reported (same place, same words) is not repeated. */
    public void add(ConfigProblem problem) {
        if (!all.contains(problem)) {
            all.add(problem);
        }
    }

    public boolean hasErrors() {
        return all.stream().anyMatch(p -> p.severity() == ConfigProblem.Severity.ERROR);
    }

    public List<ConfigProblem> errors() {
        return all.stream().filter(p -> p.severity() == ConfigProblem.Severity.ERROR).toList();
    }

    /** Warnings and notices, in the order found. */
    public List<ConfigProblem> warnings() {
        return all.stream().filter(p -> p.severity() != ConfigProblem.Severity.ERROR).toList();
    }

    public List<ConfigProblem> all() {
        return List.copyOf(all);
    }
}
