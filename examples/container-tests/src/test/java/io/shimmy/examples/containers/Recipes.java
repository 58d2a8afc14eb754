package io.shimmy.examples.containers;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The examples' deployment recipes as files: where they are and their YAML documents.
 */
final class Recipes {
    /** The examples that have a Dockerfile, a docker-compose.yml and a kubernetes.yaml. */
    static final List<String> EXAMPLES = List.of("sensors", "frames");

    private Recipes() {
    }

    /**
     * The {@code examples/} directory: the parent of this module's directory, where tests run.
     *
     * @return its path.
     */
    static Path examples() {
        final Path here = Path.of("").toAbsolutePath();
        final Path examples = here.getFileName().toString().equals("container-tests") ? here.getParent() :
            here.resolve("examples");
        if (!Files.isRegularFile(examples.resolve("run-containers.sh"))) {
            throw new IllegalStateException("cannot find examples/ from " + here);
        }
        return examples;
    }

    /**
     * A file of an example.
     *
     * @param example its name.
     * @param file e.g. {@code Dockerfile}.
     * @return its path.
     */
    static Path file(final String example, final String file) {
        return examples().resolve(example).resolve(file);
    }

    /**
     * The YAML documents of a file, as maps, lists and scalars (safe construction: no Java types).
     *
     * @param path of the file.
     * @return the documents.
     */
    static List<Object> documents(final Path path) {
        try {
            final String text = Files.readString(path, StandardCharsets.UTF_8);
            final List<Object> documents = new ArrayList<>();
            for (final Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(text)) {
                if (document != null) {
                    documents.add(document);
                }
            }
            return documents;
        } catch (final IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * The single YAML document of a file, as a map.
     *
     * @param path of the file.
     * @return the document.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> document(final Path path) {
        final List<Object> documents = documents(path);
        if (documents.size() != 1 || !(documents.get(0) instanceof Map)) {
            throw new AssertionError(path + " should hold exactly one YAML mapping");
        }
        return (Map<String, Object>)documents.get(0);
    }

    /**
     * A YAML tree as JSON, for validators that read JSON.
     *
     * @param tree maps, lists and scalars.
     * @return the JSON tree.
     */
    static JsonElement json(final Object tree) {
        return new Gson().toJsonTree(tree);
    }

    /**
     * A value at a path of keys in nested maps.
     *
     * @param tree the root.
     * @param keys the path.
     * @return the value, or null if a key is missing.
     */
    @SuppressWarnings("unchecked")
    static <T> T at(final Object tree, final String... keys) {
        Object node = tree;
        for (final String key : keys) {
            if (!(node instanceof Map)) {
                return null;
            }
            node = ((Map<String, Object>)node).get(key);
        }
        return (T)node;
    }
}
