package io.heal8s.server.security;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a resource that authenticates each request itself by a signature of its body (GitHub's webhook, which cannot
 * send a bearer token), so that {@link BearerTokenFilter} lets its requests through to that check.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface SignedRequests {
}
