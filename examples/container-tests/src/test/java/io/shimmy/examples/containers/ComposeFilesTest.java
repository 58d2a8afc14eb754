package io.shimmy.examples.containers;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The compose files are set up the way docs/containers.md says: one image built once, every service sharing the
 * same memory file system as its channel directory (a tmpfs volume, or one shareable IPC namespace with shm_size),
 * and running as a non-root user of group 10001. Schema validity (the compose specification) is checked by
 * examples/lint.sh with dclint.
 */
class ComposeFilesTest {
    static final List<String> EXAMPLES = Recipes.EXAMPLES;
    private static final Map<String, Set<String>> ROLES = Map.of(
        "sensors", Set.of("publish", "stats", "alerts"),
        "frames", Set.of("sink", "source"));

    @ParameterizedTest
    @FieldSource("EXAMPLES")
    void shouldBuildOneImageFromTheExamplesDockerfile(final String example) {
        final Path compose = Recipes.file(example, "docker-compose.yml");
        final Map<String, Map<String, Object>> services = Recipes.at(Recipes.document(compose), "services");
        final String image = "shimmy-example-" + example + ":0.1.0";
        int builds = 0;
        for (final Map.Entry<String, Map<String, Object>> service : services.entrySet()) {
            assertThat(service.getValue().get("image")).as(service.getKey()).isEqualTo(image);
            if (service.getValue().containsKey("build")) {
                builds++;
                final Path context = compose.getParent().resolve(Recipes.<String>at(service.getValue(), "build",
                    "context")).normalize();
                assertThat(context.resolve(Recipes.<String>at(service.getValue(), "build", "dockerfile")))
                    .isEqualTo(Recipes.file(example, "Dockerfile"));
                assertThat(Files.isRegularFile(context.resolve("pom.xml"))).as("context is the repository").isTrue();
            }
            final List<String> command = Recipes.at(service.getValue(), "command");
            assertThat(command).as("command of %s", service.getKey()).isNotEmpty();
            assertThat(ROLES.get(example)).contains(command.get(0));
            assertThat(service.getValue()).doesNotContainKeys("entrypoint", "privileged");
        }
        assertThat(builds).isEqualTo(1);
    }

    @ParameterizedTest
    @FieldSource("EXAMPLES")
    void shouldRunEveryServiceAsANonRootUserOfOneGroup(final String example) {
        final Map<String, Map<String, Object>> services = Recipes.at(Recipes.document(Recipes.file(example,
            "docker-compose.yml")), "services");
        long others = 0;
        for (final Map.Entry<String, Map<String, Object>> service : services.entrySet()) {
            final String user = (String)service.getValue().get("user");
            if (user != null) {
                assertThat(user).as(service.getKey()).matches("[1-9][0-9]*:10001");
                others++;
            }
        }
        assertThat(others).as("services running as another user than the image's").isPositive();
    }

    @ParameterizedTest
    @FieldSource("EXAMPLES")
    void shouldShareOneMemoryFileSystemAsTheChannelDirectory(final String example) {
        final Map<String, Object> compose = Recipes.document(Recipes.file(example, "docker-compose.yml"));
        final Map<String, Map<String, Object>> services = Recipes.at(compose, "services");
        final String shareable = services.entrySet().stream()
            .filter(service -> "shareable".equals(service.getValue().get("ipc")))
            .map(Map.Entry::getKey).findFirst().orElse(null);
        for (final Map.Entry<String, Map<String, Object>> service : services.entrySet()) {
            final String dir = Recipes.at(service.getValue(), "environment", "SHIMMY_DIR");
            if (dir == null) {
                assertThat(shareable).as("%s uses /dev/shm/shimmy: some service must share its IPC namespace",
                    service.getKey()).isNotNull();
                assertThat(service.getValue().get("ipc")).as(service.getKey())
                    .isIn("shareable", "service:" + shareable);
                continue;
            }
            final List<String> volumes = Recipes.at(service.getValue(), "volumes");
            assertThat(volumes).as(service.getKey()).contains("channels:" + dir);
        }
        if (shareable != null) {
            assertThat(String.valueOf(services.get(shareable).get("shm_size"))).matches("[0-9]+mb");
        } else {
            assertThat(Recipes.<String>at(compose, "volumes", "channels", "driver_opts", "type")).isEqualTo("tmpfs");
            assertThat(Recipes.<String>at(compose, "volumes", "channels", "driver_opts", "o"))
                .contains("size=").contains("gid=10001").contains("mode=2770");
        }
    }
}
