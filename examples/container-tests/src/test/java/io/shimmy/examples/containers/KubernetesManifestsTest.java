package io.shimmy.examples.containers;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.kubernetes.client.openapi.models.V1Deployment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Kubernetes manifests: valid against Kubernetes' own API models (client-java's, generated from the Kubernetes
 * OpenAPI: unknown fields, wrong types and missing required fields are refused), and set up the way
 * docs/containers.md says a pod must be for Shimmy.
 */
class KubernetesManifestsTest {
    static final List<String> EXAMPLES = Recipes.EXAMPLES;

    @ParameterizedTest
    @FieldSource("EXAMPLES")
    void shouldBeValidKubernetesObjects(final String example) throws IOException {
        final List<Object> documents = Recipes.documents(Recipes.file(example, "kubernetes.yaml"));
        assertThat(documents).hasSize(1);
        assertThat(Recipes.<String>at(documents.get(0), "kind")).isEqualTo("Deployment");
        assertThat(Recipes.<String>at(documents.get(0), "apiVersion")).isEqualTo("apps/v1");
        V1Deployment.validateJsonElement(Recipes.json(documents.get(0)));
    }

    @Test
    void shouldRefuseMisspelledFieldsWrongShapesAndMissingRequiredFields() {
        final Object manifest = Recipes.documents(Recipes.file("sensors", "kubernetes.yaml")).get(0);
        final JsonElement misspelled = Recipes.json(manifest);
        podSpec(misspelled).getAsJsonArray("volumes").get(0).getAsJsonObject().getAsJsonObject("emptyDir")
            .addProperty("sizelimit", "64Mi");
        assertThatThrownBy(() -> V1Deployment.validateJsonElement(misspelled)).hasMessageContaining("sizelimit");
        final JsonElement wrongShape = Recipes.json(manifest);
        podSpec(wrongShape).addProperty("securityContext", "runAsNonRoot");
        assertThatThrownBy(() -> V1Deployment.validateJsonElement(wrongShape)).isInstanceOf(RuntimeException.class);
        final JsonElement unnamed = Recipes.json(manifest);
        podSpec(unnamed).getAsJsonArray("containers").get(0).getAsJsonObject().remove("name");
        assertThatThrownBy(() -> V1Deployment.validateJsonElement(unnamed)).hasMessageContaining("name");
    }

    private static JsonObject podSpec(final JsonElement deployment) {
        return deployment.getAsJsonObject().getAsJsonObject("spec").getAsJsonObject("template")
            .getAsJsonObject("spec");
    }

    @ParameterizedTest
    @FieldSource("EXAMPLES")
    void shouldShareAMemoryVolumeAsTheChannelDirectoryOfEveryContainer(final String example) {
        final Map<String, Object> pod = Recipes.at(Recipes.documents(Recipes.file(example, "kubernetes.yaml"))
            .get(0), "spec", "template", "spec");
        final List<Map<String, Object>> volumes = Recipes.at(pod, "volumes");
        final Map<String, Object> channels = volumes.stream()
            .filter(volume -> "Memory".equals(Recipes.at(volume, "emptyDir", "medium"))).findFirst().orElseThrow();
        assertThat(Recipes.<String>at(channels, "emptyDir", "sizeLimit")).as("sizeLimit").isNotBlank();
        final List<Map<String, Object>> containers = Recipes.at(pod, "containers");
        assertThat(containers).hasSizeGreaterThanOrEqualTo(2);
        for (final Map<String, Object> container : containers) {
            final String dir = env(container, "SHIMMY_DIR");
            assertThat(dir).as("SHIMMY_DIR of %s", container.get("name")).isNotBlank();
            final List<Map<String, Object>> mounts = Recipes.at(container, "volumeMounts");
            assertThat(mounts).as("mounts of %s", container.get("name"))
                .anyMatch(mount -> channels.get("name").equals(mount.get("name")) &&
                    dir.equals(mount.get("mountPath")));
            assertThat(env(container, "SHIMMY_MODE")).as("SHIMMY_MODE of %s", container.get("name"))
                .isEqualTo("0660");
            assertThat(env(container, "JAVA_TOOL_OPTIONS")).as("JVM flags").isNull();
            assertThat(container).as("the image's entry point").doesNotContainKey("command");
            assertThat(Recipes.<String>at(container, "image")).startsWith("shimmy-example-" + example + ":");
        }
    }

    @ParameterizedTest
    @FieldSource("EXAMPLES")
    void shouldRunAsDifferentNonRootUsersOfOneGroup(final String example) {
        final Map<String, Object> pod = Recipes.at(Recipes.documents(Recipes.file(example, "kubernetes.yaml"))
            .get(0), "spec", "template", "spec");
        assertThat(Recipes.<Boolean>at(pod, "securityContext", "runAsNonRoot")).isTrue();
        final Integer fsGroup = Recipes.at(pod, "securityContext", "fsGroup");
        assertThat(fsGroup).isNotNull();
        assertThat(Recipes.<Integer>at(pod, "securityContext", "runAsGroup")).isEqualTo(fsGroup);
        final Set<Integer> users = new HashSet<>();
        for (final Map<String, Object> container : Recipes.<List<Map<String, Object>>>at(pod, "containers")) {
            final Integer user = Objects.requireNonNullElse(Recipes.at(container, "securityContext", "runAsUser"),
                Recipes.at(pod, "securityContext", "runAsUser"));
            assertThat(user).as("runAsUser of %s", container.get("name")).isNotNull().isNotZero();
            assertThat(Recipes.<Object>at(container, "securityContext", "runAsGroup")).isNull();
            users.add(user);
        }
        assertThat(users).as("distinct users").hasSizeGreaterThanOrEqualTo(2);
    }

    private static String env(final Map<String, Object> container, final String name) {
        final List<Map<String, Object>> env = Recipes.at(container, "env");
        return env == null ? null : env.stream().filter(entry -> name.equals(entry.get("name")))
            .map(entry -> String.valueOf(entry.get("value"))).findFirst().orElse(null);
    }
}
