package io.heal8s.fakegithub;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/** An answer of the fake before it is written: status, JSON body (null for none) and extra headers. */
final class Reply {
    final int status;
    final JsonNode body;
    final Map<String, String> headers = new LinkedHashMap<>();

    Reply(int status, JsonNode body) {
        this.status = status;
        this.body = body;
    }

    Reply header(String name, String value) {
        headers.put(name, value);
        return this;
    }
}
