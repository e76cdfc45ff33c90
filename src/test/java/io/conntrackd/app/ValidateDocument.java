package io.conntrackd.app;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** {@code conntrackd validate --output json}'s document, as the tests read it. */
record ValidateDocument(JsonNode doc) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static ValidateDocument parse(String json) throws IOException {
        return new ValidateDocument(JSON.readTree(json));
    }

    /** The check with this id; fails showing the whole document if there is none. */
    JsonNode check(String id) {
        for (JsonNode c : doc.get("checks")) {
            if (c.get("id").asText().equals(id)) {
                return c;
            }
        }
        throw new AssertionError("no check " + id + " in " + this);
    }

    String status(String id) {
        return check(id).get("status").asText();
    }

    String message(String id) {
        return check(id).get("message").asText();
    }

    String hint(String id) {
        JsonNode hint = check(id).get("hint");
        return hint == null ? "" : hint.asText();
    }

    /** The ids of the checks, in order. */
    List<String> ids() {
        List<String> ids = new ArrayList<>();
        doc.get("checks").forEach(c -> ids.add(c.get("id").asText()));
        return ids;
    }

    @Override
    public String toString() {
        return doc.toPrettyString();
    }
}
