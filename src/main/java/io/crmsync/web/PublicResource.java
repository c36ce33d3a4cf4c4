package io.crmsync.web;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a JAX-RS resource that needs no administrator login: it reveals nothing (health, menu) or
 * proves its callers itself (the peer endpoints check the sync's signature). Every resource
 * without it is for administrators only, whatever path form the server hands to the filter.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface PublicResource {}
