package io.heal8s.server;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The JAX-RS application: heal8s' REST API lives under {@code /api}. */
@ApplicationPath("/api")
public class Heal8sApplication extends Application {
}
