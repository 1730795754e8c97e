package io.heal8s.fakegithub;

import java.util.List;
import java.util.Map;

/**
 * An error answer of the fake, shaped as GitHub's: {@code {"message", "documentation_url"}} and, for 422, the
 * {@code errors} array.
 */
final class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    final int status;
    final String documentationUrl;
    final List<Map<String, Object>> errors;
    final Map<String, String> headers;

    ApiException(int status, String message, String documentationUrl) {
        this(status, message, documentationUrl, List.of(), Map.of());
    }

    ApiException(int status, String message, String documentationUrl, List<Map<String, Object>> errors,
                 Map<String, String> headers) {
        super(message);
        this.status = status;
        this.documentationUrl = documentationUrl;
        this.errors = errors;
        this.headers = headers;
    }

    /** The same error with another message (e.g. GitHub's "Branch not found" 404). */
    ApiException withMessage(String message) {
        return new ApiException(status, message, documentationUrl, errors, headers);
    }

    static ApiException notFound(String documentationUrl) {
        return new ApiException(404, "Not Found", documentationUrl);
    }

    /** A 422 "Validation Failed" with one custom error, as GitHub answers for pull requests. */
    static ApiException validation(String resource, String message, String documentationUrl) {
        return new ApiException(422, "Validation Failed", documentationUrl,
                List.of(Map.of("resource", resource, "code", "custom", "message", message)), Map.of());
    }

    /** A 422 "Validation Failed" on a field (missing or invalid). */
    static ApiException invalidField(String resource, String field, String code, String documentationUrl) {
        return new ApiException(422, "Validation Failed", documentationUrl,
                List.of(Map.of("resource", resource, "field", field, "code", code)), Map.of());
    }
}
