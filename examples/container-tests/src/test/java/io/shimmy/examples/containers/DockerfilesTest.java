package io.shimmy.examples.containers;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Dockerfiles build the way docs/containers.md promises: multi-stage (Maven and a JDK, then a JRE), a non-root
 * numeric user, the runnable jar and {@code java -jar} with no JVM flags, mode 0660 for group sharing.
 * examples/lint.sh lints them (dockerfilelint, dockerfile-utils); run-containers.sh runs what they describe.
 */
class DockerfilesTest {
    static final List<String> EXAMPLES = Recipes.EXAMPLES;

    private record Instruction(int stage, String keyword, String arguments) {
    }

    private static List<Instruction> instructions(final String example) throws IOException {
        final List<Instruction> instructions = new ArrayList<>();
        final StringBuilder line = new StringBuilder();
        int stage = -1;
        for (final String raw : Files.readAllLines(Recipes.file(example, "Dockerfile"), StandardCharsets.UTF_8)) {
            if (raw.strip().startsWith("#")) {
                continue;
            }
            if (raw.endsWith("\\")) {
                line.append(raw, 0, raw.length() - 1).append(' ');
                continue;
            }
            line.append(raw);
            final String text = line.toString().strip();
            line.setLength(0);
            if (text.isEmpty()) {
                continue;
            }
            final String keyword = text.split("\\s+", 2)[0].toUpperCase(Locale.ROOT);
            if (keyword.equals("FROM")) {
                stage++;
            }
            instructions.add(new Instruction(stage, keyword, text.substring(keyword.length()).strip()));
        }
        return instructions;
    }

    private static List<String> of(final List<Instruction> instructions, final int stage, final String keyword) {
        return instructions.stream().filter(i -> i.stage() == stage && i.keyword().equals(keyword))
            .map(Instruction::arguments).toList();
    }

    @ParameterizedTest
    @FieldSource("EXAMPLES")
    void shouldBuildWithMavenAndRunOnAJre(final String example) throws IOException {
        final List<Instruction> instructions = instructions(example);
        final List<String> from = instructions.stream().filter(i -> i.keyword().equals("FROM"))
            .map(Instruction::arguments).toList();
        assertThat(from).hasSize(2);
        assertThat(from.get(0)).startsWith("maven:").contains("temurin-17").endsWith(" AS build");
        assertThat(from.get(1)).isEqualTo("eclipse-temurin:17-jre");
        assertThat(of(instructions, 0, "RUN")).singleElement().asString()
            .contains("mvn ", "-pl examples/" + example + " -am", "package");
    }

    @ParameterizedTest
    @FieldSource("EXAMPLES")
    void shouldRunTheJarAsANonRootUserWithoutJvmFlags(final String example) throws IOException {
        final List<Instruction> instructions = instructions(example);
        final String jar = "/app/shimmy-" + example + ".jar";
        assertThat(of(instructions, 1, "COPY")).containsExactly(
            "--from=build /build/examples/" + example + "/target/shimmy-" + example + ".jar " + jar);
        assertThat(of(instructions, 1, "USER")).containsExactly("10001:10001");
        assertThat(of(instructions, 1, "ENTRYPOINT")).containsExactly("[\"java\", \"-jar\", \"" + jar + "\"]");
        assertThat(of(instructions, 1, "CMD")).singleElement().asString().matches("\\[\"[a-z]+\"\\]");
        assertThat(of(instructions, 1, "ENV")).singleElement().asString()
            .contains("SHIMMY_MODE=0660").doesNotContain("JAVA_TOOL_OPTIONS").doesNotContain("-XX");
        assertThat(of(instructions, 1, "RUN")).singleElement().asString()
            .contains("groupadd --system --gid 10001 shimmy", "useradd --system --uid 10001 --gid shimmy");
    }
}
