package io.shimmy.stress;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs jcstress ({@code org.openjdk.jcstress.Main}) in a child JVM on this class path and fails unless every planned
 * test run passed. jcstress itself exits 0 when a test could not run at all (a sanity check that fails, a class
 * missing from the class path: "soft errors", reported as skipped), which would let a broken test pass the build
 * silently; this wrapper counts those as failures, and also a run that found no test, and tests with more actors
 * than the machine has CPUs (jcstress leaves them out of the plan and says only "No scheduling is possible").
 */
public final class JcstressRun {
    private static final Pattern RESULTS = Pattern.compile(
        "\\(Results: (\\d+) planned; (\\d+) passed, (\\d+) failed, (\\d+) soft errs, (\\d+) hard errs\\)");

    private JcstressRun() {
    }

    /**
     * Runs jcstress with the given arguments, echoing its output.
     *
     * @param args jcstress's arguments ({@code -m quick -t REGEX ...}).
     * @throws Exception if it cannot start; exits 1 if any test did not pass.
     */
    public static void main(final String[] args) throws Exception {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("org.openjdk.jcstress.Main");
        command.addAll(List.of(args));
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String last = null;
        final List<String> problems = new ArrayList<>();
        try (BufferedReader reader =
            new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                System.out.println(line);
                if (RESULTS.matcher(line).find()) {
                    last = line;
                }
                if (line.contains("[SKIPPED]") || line.contains("[FAILED]") || line.contains("[ERROR]") ||
                    line.contains("No scheduling is possible")) {
                    problems.add(line.strip());
                }
            }
        } catch (final IOException ex) {
            process.destroyForcibly();
            throw ex;
        }
        final int status = process.waitFor();
        final String verdict = verdict(status, last, problems);
        System.out.println(verdict == null ? "jcstress: every planned run passed (" + last + ")" :
            "jcstress: " + verdict);
        System.out.flush();
        System.exit(verdict == null ? 0 : 1);
    }

    private static String verdict(final int status, final String last, final List<String> problems) {
        if (status != 0) {
            return "exited with " + status + " (a test saw a forbidden outcome or could not run): " + problems;
        }
        if (last == null) {
            return "printed no results line: no test ran";
        }
        final Matcher m = RESULTS.matcher(last);
        if (!m.find()) {
            return "unreadable results line " + last;
        }
        final long planned = Long.parseLong(m.group(1));
        final long passed = Long.parseLong(m.group(2));
        if (planned == 0) {
            return "no test matched";
        }
        if (passed != planned || !problems.isEmpty()) {
            return passed + " of " + planned + " planned runs passed " + last + ": " + problems;
        }
        return null;
    }
}
