package io.heal8s.fakegithub;

import java.time.Instant;

/**
 * One webhook delivery attempt (a redelivery is a new attempt with the same {@code deliveryId}, body and signature).
 *
 * @param deliveryId the {@code X-GitHub-Delivery} GUID
 * @param event the {@code X-GitHub-Event} name, e.g. {@code pull_request}
 * @param action the payload's {@code action}
 * @param number the pull request number
 * @param body the exact bytes sent, as UTF-8 text
 * @param signature256 the {@code X-Hub-Signature-256} header value, or null when the hook has no secret
 * @param status the HTTP status the receiver answered, or -1 when it could not be reached
 * @param error the connection error when status is -1, else null
 * @param redelivery whether this attempt was a {@code redeliver}
 * @param at when it was sent
 */
public record WebhookDelivery(String deliveryId, String event, String action, int number, String body,
                              String signature256, int status, String error, boolean redelivery, Instant at) {
}
