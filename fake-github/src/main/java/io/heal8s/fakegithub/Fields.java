package io.heal8s.fakegithub;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/** Reading request fields as GitHub does: absent and null alike, with its 422 "x wasn't supplied" for required ones. */
final class Fields {

    private Fields() {
    }

    static String text(JsonNode node, String field) {
        if (node == null) {
            return null;
        }
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    /** A required string field, or GitHub's 422 naming it. */
    static String required(JsonNode body, String field, String docs) {
        String value = text(body, field);
        if (value == null) {
            throw missing(field, docs);
        }
        return value;
    }

    static ApiException missing(String field, String docs) {
        return new ApiException(422, "Invalid request.\n\n\"" + field + "\" wasn't supplied.", docs);
    }

    static List<String> strings(JsonNode node) {
        List<String> list = new ArrayList<>();
        if (node != null && node.isArray()) {
            node.forEach(n -> list.add(n.asText()));
        } else if (node != null && node.isTextual()) {
            list.add(node.asText());
        }
        return new ArrayList<>(new LinkedHashSet<>(list));
    }

    static long parseLong(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw ApiException.notFound(Api.DOCS);
        }
    }

    static long parseLongOr(String s, long fallback) {
        if (s == null) {
            return fallback;
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
