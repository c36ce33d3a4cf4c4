package io.crmsync.web;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** JAX-RS under {@code /crmsync/api}; resources and providers are found by scanning. */
@ApplicationPath("api")
public class RestApplication extends Application {}
