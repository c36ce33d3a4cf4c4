/**
 * The web side: the admin JSON API ({@code /api/admin}, administrators only), the peer endpoint
 * ({@code /api/peer}, signed with the sync password), health; the settings page is in {@code settings}.
 * Resources are thin: parse and validate the request, make one call, shape the answer.
 */
package io.crmsync.web;
