package org.certvpn.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.EngineFilter;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Lists and runs the project's Jazzer fuzz targets outside Maven, for {@code fuzz/run.sh}.
 *
 * <ul>
 *   <li>{@code list TEST_CLASSES_DIR}: prints {@code class#method} for every {@code @FuzzTest} method found
 *       in the compiled test classes, so a new target is picked up without editing a list.</li>
 *   <li>{@code run class#method}: runs that one test through the JUnit platform. With {@code JAZZER_FUZZ}
 *       set it fuzzes (Jazzer allows one fuzzing test per JVM, hence one call per target); libFuzzer's own
 *       statistics go to standard error. Exit status 0 when it passed, 1 when it failed (a finding).</li>
 * </ul>
 *
 * Running here rather than under surefire keeps libFuzzer's output on this process's standard error,
 * where the script can read the execution count.
 */
public final class FuzzTargets {
    private FuzzTargets() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("list")) {
            for (String t : list(Path.of(args[1]))) {
                System.out.println(t);
            }
            return;
        }
        if (args.length == 2 && args[0].equals("run")) {
            System.exit(run(args[1]));
        }
        System.err.println("usage: FuzzTargets list TEST_CLASSES_DIR | run CLASS#METHOD");
        System.exit(2);
    }

    static List<String> list(Path testClasses) throws IOException, ClassNotFoundException {
        List<String> targets = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(testClasses)) {
            files = walk.filter(p -> p.getFileName().toString().endsWith("FuzzTest.class")).sorted().toList();
        }
        ClassLoader loader = FuzzTargets.class.getClassLoader();
        for (Path f : files) {
            String name = testClasses.relativize(f).toString().replace('/', '.');
            name = name.substring(0, name.length() - ".class".length());
            Class<?> c = Class.forName(name, false, loader);
            List<String> methods = new ArrayList<>();
            for (Method m : c.getDeclaredMethods()) {
                if (m.isAnnotationPresent(FuzzTest.class)) {
                    methods.add(m.getName());
                }
            }
            methods.stream().sorted().forEach(m -> targets.add(c.getName() + "#" + m));
        }
        return targets;
    }

    static int run(String target) {
        int hash = target.indexOf('#');
        if (hash < 0) {
            System.err.println("not CLASS#METHOD: " + target);
            return 2;
        }
        Method method;
        try {
            Class<?> c = Class.forName(target.substring(0, hash), false, FuzzTargets.class.getClassLoader());
            method = Stream.of(c.getDeclaredMethods())
                    .filter(m -> m.getName().equals(target.substring(hash + 1)) && m.isAnnotationPresent(FuzzTest.class))
                    .findFirst().orElse(null);
        } catch (ClassNotFoundException e) {
            method = null;
        }
        if (method == null) {
            System.err.println("no such fuzz test: " + target);
            return 2;
        }
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(DiscoverySelectors.selectMethod(method.getDeclaringClass(), method))
                .filters(EngineFilter.includeEngines("junit-jupiter"))
                .build();
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        launcher.execute(request, listener);
        TestExecutionSummary summary = listener.getSummary();
        for (TestExecutionSummary.Failure f : summary.getFailures()) {
            Throwable t = f.getException();
            System.err.println("FINDING " + target + ": " + t);
            for (StackTraceElement e : t.getStackTrace()) {
                System.err.println("    at " + e);
            }
            for (Throwable cause = t.getCause(); cause != null; cause = cause.getCause()) {
                System.err.println("  caused by " + cause);
                StackTraceElement[] st = cause.getStackTrace();
                for (int i = 0; i < Math.min(12, st.length); i++) {
                    System.err.println("    at " + st[i]);
                }
            }
        }
        return summary.getTotalFailureCount() == 0 ? 0 : 1;
    }
}
